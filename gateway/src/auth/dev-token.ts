import { SignJWT } from 'jose';
import { identityFromClaims, withPurposeAndCase } from './claims.ts';
import { DEV_JWT_SECRET } from './dev-key.ts';

/**
 * Development tokens (HS256), for `npm run -s token` and the test kit. The claims are checked
 * with the same rules as the gateway's, so a token minted here is one the local stack accepts.
 */
export interface DevClaims {
  sub?: string;
  role: string;
  buildings?: string[];
  uscc?: string;
  department?: string;
  purpose?: string;
  caseId?: string;
  /** agent: the delegation (委托) it acts under. */
  delegation?: string;
  [claim: string]: unknown;
}

export interface DevTokenOptions {
  ttlSeconds?: number;
  secret?: string;
  issuer?: string;
  audience?: string;
  /** Skip the claim checks (tests that need a token the gateway must refuse). */
  unchecked?: boolean;
}

export async function signDevToken(claims: DevClaims, o: DevTokenOptions = {}): Promise<string> {
  const payload = { sub: `dev-${claims.role}`, ...claims };
  if (!o.unchecked) {
    identityFromClaims(payload);
    withPurposeAndCase({ sub: 'x', role: 'auditor', requestId: 'x' }, payload, {});
  }
  let jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) + (o.ttlSeconds ?? 3600));
  if (o.issuer) jwt = jwt.setIssuer(o.issuer);
  if (o.audience) jwt = jwt.setAudience(o.audience);
  return jwt.sign(new TextEncoder().encode(o.secret ?? DEV_JWT_SECRET));
}
