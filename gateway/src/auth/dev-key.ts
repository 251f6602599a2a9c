/**
 * The development signing key for bearer tokens (HS256). It exists so `npm start` and
 * `npm run -s token` work with nothing configured; production refuses it (and any shared secret:
 * production verifies RS256/ES256 tokens against GATEWAY_JWKS_URL).
 */
export const DEV_JWT_SECRET = 'dev-gateway-jwt-key-not-for-production-0123456789abcdef';
export const MIN_SECRET_LENGTH = 32;
