/**
 * Which row set a run measures: `embedded` (default) or `deployed` (`--deployed`).
 *
 * - embedded: in-memory caches and PGlite, every process in development mode — production mode
 *   refuses to run without Redis and PostgreSQL, so this set cannot be production mode;
 * - deployed: Redis and PostgreSQL as deployed (REDIS_URL and DATABASE_URL from the environment,
 *   required), each turn under a key prefix and schema of its own, and ours — its gateway and five
 *   subgraphs — in production mode with the settings production requires: bearer tokens verified
 *   against a JSON Web Key Set (the bench serves one and signs the load's tokens with it), the
 *   signed-context key, production department credentials (the stand-ins are started with the same
 *   ones), a certificate signing key, and — production runs registered operations only — the
 *   bench's two operations registered in a manifest of their own (GATEWAY_OPERATION_MANIFESTS), as
 *   a front end registers its own. The peers' subgraphs run in development mode over the same
 *   Redis and PostgreSQL: production refuses SUBGRAPH_VERIFY_CONTEXT=false, which the peers need.
 *
 * Both sets run the built JavaScript (stack.ts). Ratios compare gateways within one set.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildManifest, operationsOf } from '@district/operations';
import { startJwks } from '@district/e2e/jwks';
import { SignJWT } from 'jose';
import type { Identity } from './scenarios.ts';

export interface Deployment {
  id: 'embedded' | 'deployed';
  /** For every process: the stand-ins (credentials), every gateway's subgraphs, ours' gateway. */
  common: Record<string, string>;
  /** On top, for one turn's processes: its own key prefix and schema. */
  turn(tag: string): Record<string, string>;
  /** On top, for ours' gateway and subgraphs. */
  ours: Record<string, string>;
  /** Authorization per identity, when this set needs its own tokens (deployed: the JWKS's). */
  tokens?(identities: Identity[]): Promise<(i: Identity) => string | undefined>;
  close(): Promise<void>;
}

export const EMBEDDED: Deployment = {
  id: 'embedded', common: {}, turn: () => ({}), ours: {}, close: async () => undefined,
};

/** The run's row set: chosen once, by main.ts, before anything starts. */
let active: Deployment = EMBEDDED;
export const deployment = (): Deployment => active;
export function useDeployment(d: Deployment): void {
  active = d;
}

export async function deployed(stamp: string, logDir: string, queries: string[]): Promise<Deployment> {
  const { REDIS_URL, DATABASE_URL } = process.env;
  if (!REDIS_URL || !DATABASE_URL) throw new Error('--deployed needs REDIS_URL and DATABASE_URL (Redis and PostgreSQL as deployed)');
  const jwks = await startJwks('bench');
  const secret = randomBytes(12).toString('hex');
  const run = stamp.toLowerCase().replace(/[^a-z0-9]/g, '');
  const manifest = path.join(logDir, 'bench-operations.json');
  const operations = operationsOf([...new Set(queries)].map((source, i) => ({ source, where: `bench query ${i + 1}` })));
  writeFileSync(manifest, `${JSON.stringify(buildManifest(operations), null, 2)}\n`);
  return {
    id: 'deployed',
    common: {
      REDIS_URL, DATABASE_URL,
      // The stand-ins accept the credentials in these variables, and the subgraphs send them.
      MARKET_APP_KEY: 'bench-app', MARKET_APP_SECRET: `bench-secret-${secret}`, TAX_CHANNEL_ID: 'BENCH-CHANNEL', TAX_TOKEN: `bench-token-${secret}`,
      MEDICAL_INSURANCE_SENDER_CODE: 'BENCHSEND', MEDICAL_INSURANCE_SIGN_NO: `bench-sign-${secret}`, REAL_ESTATE_SENDER_ID: 'BENCH-SENDER', REAL_ESTATE_API_KEY: `bench-key-${secret}`,
      // The district's buildings, as a deployment loads them (production does not seed by default).
      SEED_DEMO_DATA: 'true',
    },
    turn: (tag) => ({ CACHE_PREFIX: `bench:${run}:${tag}`, DATABASE_SCHEMA: `bench_${run}_${tag.replace(/[^a-z0-9]/g, '_')}` }),
    ours: {
      NODE_ENV: 'production',
      SUBGRAPH_CONTEXT_KEY: `bench-context-key-${secret}-${secret}`,
      GATEWAY_JWKS_URL: jwks.url,
      GATEWAY_OPERATION_MANIFESTS: manifest,
      CERTIFICATE_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      CERTIFICATE_VERIFY_URL: 'https://zwfw.district.example/certificates/verify',
    },
    async tokens(identities) {
      const key = (i: Identity) => `${i.role}|${i.purpose}|${(i.buildings ?? []).join(',')}`;
      const tokens = new Map<string, string>();
      for (const i of identities) {
        tokens.set(key(i), await new SignJWT({ sub: 'bench', role: i.role, purpose: i.purpose, ...(i.buildings ? { buildings: i.buildings } : {}) })
          .setProtectedHeader({ alg: 'RS256', kid: 'bench' }).setIssuedAt().setExpirationTime('6h').sign(jwks.privateKey));
      }
      return (i) => `Bearer ${tokens.get(key(i))}`;
    },
    close: jwks.close,
  };
}
