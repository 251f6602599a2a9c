/** Bearer tokens → the caller: what the gateway, `npm run token` and the tests take from auth/. */
export { AuthFailure } from './errors.ts';
export { createAuthenticator, type Authenticate } from './authenticate.ts';
export { TOKEN_ROLES } from './claims.ts';
export { DEV_JWT_SECRET } from './dev-key.ts';
export { signDevToken, type DevClaims, type DevTokenOptions } from './dev-token.ts';
