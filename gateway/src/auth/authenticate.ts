import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Caller } from '@district/domain';
import { callerFromClaims, withPurposeAndCase } from './claims.ts';
import { AuthFailure } from './errors.ts';
import type { AuthSettings } from './settings.ts';

/**
 * `Authorization: Bearer <JWT>` → Caller, or an AuthFailure saying what is wrong with the token
 * (missing, malformed, badly signed, expired, wrong claims) without saying which key was tried.
 * HS256 tokens are checked against the shared secret (development), RS256/ES256 tokens against
 * the JWKS (production); a token whose algorithm has no configured key is refused.
 */
export type Authenticate = (headers: IncomingHttpHeaders, requestId: string) => Promise<Caller>;

const MAX_TOKEN_CHARS = 8192;
const CLOCK_TOLERANCE_SECONDS = 5;
const ASYMMETRIC = ['RS256', 'ES256'];
/** Verified tokens remembered (most recently used kept). */
export const VERIFIED_TOKEN_CACHE_SIZE = 4096;
/** A remembered token is verified again after this long, even when it expires later (a key withdrawn from the JWKS counts within it). */
export const VERIFIED_TOKEN_MAX_AGE_MS = 5 * 60_000;

export interface AuthenticatorOptions {
  /** Verified tokens remembered; 0 verifies every request. */
  cacheSize?: number;
}

/**
 * Tokens whose signature and claims checked out, by the token string, so a client sending the
 * same token again is not verified again (a signature check per request was a good part of the
 * gateway's CPU). An entry lives until the token's `exp` (never past it) or VERIFIED_TOKEN_MAX_AGE_MS,
 * whichever is sooner, and the least recently used go first when the cache is full. Failures are
 * never remembered: a refused token is checked anew each time. Purpose and case are still read
 * from each request's headers.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { payload: Record<string, unknown>; until: number }>();
  constructor(private readonly size: number) {}

  get(token: string): Record<string, unknown> | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (Date.now() >= entry.until) return undefined;
    this.entries.set(token, entry); // most recently used last
    return entry.payload;
  }

  set(token: string, payload: Record<string, unknown>): void {
    if (this.size <= 0 || typeof payload.exp !== 'number') return;
    const until = Math.min(payload.exp * 1000, Date.now() + VERIFIED_TOKEN_MAX_AGE_MS);
    if (until <= Date.now()) return;
    this.entries.delete(token);
    this.entries.set(token, { payload, until });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}

export function createAuthenticator(settings: AuthSettings, options: AuthenticatorOptions = {}): Authenticate {
  if (settings.disabled) {
    return async (headers, requestId) => withPurposeAndCase({ sub: 'anonymous', role: 'frontend-app', requestId }, {}, headers);
  }
  const secret = settings.secret ? new TextEncoder().encode(settings.secret) : undefined;
  const jwks = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 3_000, cooldownDuration: 30_000 }) : undefined;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ASYMMETRIC : [])];
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (header.alg && ASYMMETRIC.includes(header.alg) && jwks) return jwks(header, token);
    throw new errors.JOSEAlgNotAllowed('alg not allowed');
  };
  const verified = new VerifiedTokens(options.cacheSize ?? VERIFIED_TOKEN_CACHE_SIZE);

  return async (headers, requestId) => {
    const authorization = headers.authorization;
    if (!authorization) throw AuthFailure.unauthenticated('no bearer token: send "Authorization: Bearer <JWT>"');
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!m) throw AuthFailure.unauthenticated('the Authorization header must be "Bearer <JWT>"');
    const token = m[1];
    if (token.length > MAX_TOKEN_CHARS) throw AuthFailure.unauthenticated('bearer token is too long');
    const known = verified.get(token);
    if (known) return callerFromClaims(known, headers, requestId);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms,
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw describe(error);
    }
    const caller = callerFromClaims(payload, headers, requestId);
    verified.set(token, payload); // only once every check has passed
    return caller;
  };
}

function describe(error: unknown): AuthFailure {
  const no = AuthFailure.unauthenticated;
  if (error instanceof errors.JWTExpired) return no('bearer token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp') return no('bearer token has no expiry ("exp" claim)');
    if (error.claim === 'nbf') return no('bearer token is not valid yet ("nbf" claim)');
    if (error.claim === 'iss') return no('bearer token was issued by an issuer this gateway does not trust ("iss" claim)');
    if (error.claim === 'aud') return no('bearer token is meant for another audience ("aud" claim)');
    return no(`bearer token claim "${error.claim}" is not valid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return no('bearer token signature is not valid');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return no('bearer token is signed with an algorithm this gateway does not accept');
  if (error instanceof errors.JWKSTimeout || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')) {
    return new AuthFailure(503, 'INTERNAL_SERVER_ERROR', 'bearer tokens cannot be verified right now; try again later');
  }
  if (error instanceof errors.JOSEError) return no('bearer token is malformed (not a signed JWT)');
  if (error instanceof TypeError) return new AuthFailure(503, 'INTERNAL_SERVER_ERROR', 'bearer tokens cannot be verified right now; try again later');
  return no('bearer token is not valid');
}
