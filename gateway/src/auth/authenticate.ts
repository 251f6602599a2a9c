import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Caller } from '@district/common';
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

export function createAuthenticator(settings: AuthSettings): Authenticate {
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

  return async (headers, requestId) => {
    const authorization = headers.authorization;
    if (!authorization) throw AuthFailure.unauthenticated('no bearer token: send "Authorization: Bearer <JWT>"');
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!m) throw AuthFailure.unauthenticated('the Authorization header must be "Bearer <JWT>"');
    const token = m[1];
    if (token.length > MAX_TOKEN_CHARS) throw AuthFailure.unauthenticated('bearer token is too long');
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
    return callerFromClaims(payload, headers, requestId);
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
