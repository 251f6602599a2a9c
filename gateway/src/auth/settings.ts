import { ConfigError } from '@district/runtime';
import { DEV_JWT_SECRET, MIN_SECRET_LENGTH } from './dev-key.ts';

/**
 * How bearer tokens are verified, read once at start-up:
 * - GATEWAY_JWT_SECRET: HS256 shared secret; outside production the development key is the default.
 *   Refused in production (shared secrets and the development key are for development only).
 * - GATEWAY_JWKS_URL: RS256/ES256 keys (JSON Web Key Set); required in production.
 * - GATEWAY_JWT_ISSUER / GATEWAY_JWT_AUDIENCE: checked against `iss` / `aud` when set.
 * - GATEWAY_AUTH_DISABLED=true: every caller is an anonymous frontend-app; refused in production.
 */
export interface AuthSettings {
  disabled: boolean;
  /** HS256 secret, when HS256 tokens are accepted. */
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** True when the secret is the built-in development key. */
  devKey: boolean;
}

export interface AuthEnv {
  NODE_ENV: 'development' | 'production' | 'test';
  GATEWAY_JWT_SECRET?: string;
  GATEWAY_JWKS_URL?: string;
  GATEWAY_JWT_ISSUER?: string;
  GATEWAY_JWT_AUDIENCE?: string;
  GATEWAY_AUTH_DISABLED: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The settings, or a ConfigError with every problem in them. */
export function readAuthSettings(e: AuthEnv): AuthSettings {
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production) {
    if (e.GATEWAY_AUTH_DISABLED) problems.push('GATEWAY_AUTH_DISABLED: true is refused in production: every request must carry a bearer token');
    if (e.GATEWAY_JWT_SECRET === DEV_JWT_SECRET) problems.push('GATEWAY_JWT_SECRET: the development key is refused in production');
    else if (e.GATEWAY_JWT_SECRET) problems.push('GATEWAY_JWT_SECRET: an HS256 shared secret is refused in production: verify RS256/ES256 tokens with GATEWAY_JWKS_URL');
    if (!e.GATEWAY_JWKS_URL) problems.push('GATEWAY_JWKS_URL: is required in production: the key set (https) that verifies bearer tokens');
  }
  if (e.GATEWAY_JWKS_URL !== undefined) {
    if (!URL.canParse(e.GATEWAY_JWKS_URL)) problems.push('GATEWAY_JWKS_URL: must be a URL');
    else {
      const url = new URL(e.GATEWAY_JWKS_URL);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
        problems.push('GATEWAY_JWKS_URL: must be https (plain http only on the loopback interface)');
      }
    }
  }
  const secret = production ? undefined : e.GATEWAY_JWT_SECRET ?? DEV_JWT_SECRET;
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) problems.push(`GATEWAY_JWT_SECRET: must be at least ${MIN_SECRET_LENGTH} characters`);
  if (problems.length) throw new ConfigError(problems);
  return {
    disabled: e.GATEWAY_AUTH_DISABLED,
    secret,
    jwksUrl: e.GATEWAY_JWKS_URL,
    issuer: e.GATEWAY_JWT_ISSUER,
    audience: e.GATEWAY_JWT_AUDIENCE,
    devKey: secret === DEV_JWT_SECRET,
  };
}
