import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { CallerSchema, type Caller } from '@district/domain';
import { z } from 'zod';
import { env as envField, loadConfig, production } from './config.ts';

/**
 * The signed request context the gateway sends on every subgraph call (header
 * `x-district-context`): a short-lived JWS (HS256) over the caller. Subgraphs refuse any request
 * without a valid one, so nobody can bypass the gateway by calling a subgraph directly, not even
 * with `_entities`. In production the key comes from the environment; the development key exists
 * so `npm start` works with nothing configured, and production refuses it.
 *
 * A context is bounded twice: by its own `exp` (the gateway signs each to its request's deadline),
 * and by its age — subgraphs refuse one issued more than SUBGRAPH_CONTEXT_MAX_AGE_MS ago whatever
 * its `exp` says, so a context captured and replayed, or signed with a long lifetime, is worthless
 * within seconds.
 */
export const CONTEXT_HEADER = 'x-district-context';
/**
 * Oldest context a subgraph accepts, by its `iat`. It must cover the longest request budget
 * (GATEWAY_REQUEST_TIMEOUT_MS, 8 s by default: the gateway signs once per request and its last
 * subgraph call may leave just before the deadline); every other signer signs per call.
 */
export const DEFAULT_CONTEXT_MAX_AGE_MS = 30_000;
/** Bounds of SUBGRAPH_CONTEXT_MAX_AGE_MS: seconds, never hours. */
export const MIN_CONTEXT_MAX_AGE_MS = 1_000;
export const MAX_CONTEXT_MAX_AGE_MS = 300_000;
/** How far a signer's clock may run ahead of a subgraph's before its `iat` is a forgery. */
export const CONTEXT_CLOCK_SKEW_SECONDS = 5;
/** Lifetime of contexts signed outside a request (the services worker, probes, record writers): one call. */
export const CONTEXT_TTL_SECONDS = DEFAULT_CONTEXT_MAX_AGE_MS / 1000;
export const DEV_CONTEXT_KEY = 'dev-context-signing-key-change-me-0123456789abcdef';
const ISSUER = 'district-gateway';
const AUDIENCE = 'district-subgraphs';

/** Keys prepared once per secret: importing the key on every signature was a sixth of the gateway's CPU. */
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'district-context+jwt' })).toString('base64url');

/** Signs a caller; `expiresAt` (epoch ms, e.g. the request's deadline) overrides the signer's lifetime. */
export type ContextSigner = (caller: Caller, expiresAt?: number) => string;

/**
 * Signs contexts with node:crypto's HMAC directly, synchronously: the compact JWS (HS256, typ
 * district-context+jwt; claims caller + iss + aud + iat + exp) that `verifyContext` checks with
 * jose. jose's signing goes through WebCrypto (key conversion, job queue, promises), which was
 * the largest single item in the gateway's profile once the transport was fixed.
 */
export function createContextSigner(secret: string, ttlSeconds = CONTEXT_TTL_SECONDS): ContextSigner {
  const key = keyFor(secret);
  return (caller, expiresAt) => {
    const iat = Math.floor(Date.now() / 1000);
    // A NumericDate is whole seconds: round the deadline up, never expire before it.
    const exp = expiresAt === undefined ? iat + ttlSeconds : Math.ceil(expiresAt / 1000);
    const payload = Buffer.from(JSON.stringify({ ...caller, iss: ISSUER, aud: AUDIENCE, iat, exp })).toString('base64url');
    const input = `${HEADER}.${payload}`;
    return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  };
}

export async function signContext(caller: Caller, key: string, ttlSeconds = CONTEXT_TTL_SECONDS): Promise<string> {
  return createContextSigner(key, ttlSeconds)(caller);
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

const fromBase64url = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/**
 * The caller of a subgraph request, or an UNAUTHENTICATED error saying what is wrong.
 *
 * Verified with node:crypto's HMAC, synchronously, like `createContextSigner` signs: every
 * subgraph call pays for it, and jose's WebCrypto path (async key use, job queue) was a tenth of
 * each subgraph's CPU. The checks are jose's for this one token shape: the signature first
 * (HMAC-SHA256 over header.payload, compared in constant time), then alg HS256 and no `crit`,
 * issuer, audience, `exp` (and `nbf` if present); context-signer.test.ts holds it to tokens jose
 * makes and to tampered ones. Then its age: `iat` is required, may not lie in the future beyond
 * CONTEXT_CLOCK_SKEW_SECONDS, and may not be older than `maxAgeMs`, whatever `exp` allows.
 */
export async function verifyContext(token: string | undefined, key: string, options: { maxAgeMs?: number } = {}): Promise<Caller> {
  if (!token) throw unauthenticated(`missing signed request context (${CONTEXT_HEADER}): subgraphs answer only the gateway`);
  const invalid = () => unauthenticated('signed request context is not valid');
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid();
  const [header, payload, signature] = parts;
  const expected = createHmac('sha256', keyFor(key)).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let h: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    h = fromBase64url(header) as Record<string, unknown>;
    claims = fromBase64url(payload) as Record<string, unknown>;
  } catch {
    throw invalid();
  }
  if (!h || h.alg !== 'HS256' || 'crit' in h || !claims || typeof claims !== 'object') throw invalid();
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== ISSUER || !audience.includes(AUDIENCE) || typeof claims.exp !== 'number') throw invalid();
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.nbf === 'number' && claims.nbf > now) throw invalid();
  if (claims.exp <= now) throw unauthenticated('signed request context has expired');
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) throw unauthenticated('signed request context has no issue time (iat)');
  if (claims.iat > now + CONTEXT_CLOCK_SKEW_SECONDS) throw unauthenticated('signed request context is issued in the future');
  if (Date.now() - claims.iat * 1000 > (options.maxAgeMs ?? DEFAULT_CONTEXT_MAX_AGE_MS)) throw unauthenticated('signed request context is too old');
  const { iss: _iss, aud: _aud, iat: _iat, exp: _exp, nbf: _nbf, ...rest } = claims;
  const parsed = CallerSchema.safeParse(rest);
  if (!parsed.success) throw unauthenticated('signed request context does not describe a caller');
  return parsed.data;
}

export interface ContextVerification {
  key: string;
  /** false only outside production, for benchmarks of peers that cannot sign. */
  verify: boolean;
  /** Oldest context accepted, by its `iat` (SUBGRAPH_CONTEXT_MAX_AGE_MS). */
  maxAgeMs: number;
}

const maxAgeMessage = `must be whole milliseconds from ${MIN_CONTEXT_MAX_AGE_MS} to ${MAX_CONTEXT_MAX_AGE_MS} (seconds, not hours)`;

/** The signed context's settings, read by the gateway and every subgraph (services signs too). */
export const ContextSettingsSchema = z.object({
  NODE_ENV: envField.mode(),
  SUBGRAPH_CONTEXT_KEY: z.string().optional()
    .describe('Key (HS256, at least 32 characters, the same on every part) that signs the caller into every gateway → subgraph call; outside production the development key by default')
    .meta(production('required')),
  SUBGRAPH_CONTEXT_MAX_AGE_MS: z.string().regex(/^[0-9]+$/, maxAgeMessage).transform(Number)
    .pipe(z.number().min(MIN_CONTEXT_MAX_AGE_MS, maxAgeMessage).max(MAX_CONTEXT_MAX_AGE_MS, maxAgeMessage)).default(DEFAULT_CONTEXT_MAX_AGE_MS)
    .describe('Oldest signed context a subgraph accepts, by its issue time, whatever its own expiry says; at least GATEWAY_REQUEST_TIMEOUT_MS'),
  SUBGRAPH_VERIFY_CONTEXT: envField.bool(true)
    .describe('false: subgraphs accept calls without a valid signed context (benchmarks of peers that cannot sign)').meta(production('refused: false')),
});

/** SUBGRAPH_CONTEXT_KEY, SUBGRAPH_VERIFY_CONTEXT and SUBGRAPH_CONTEXT_MAX_AGE_MS, checked at start-up; every problem at once. */
export function readContextVerification(env: NodeJS.ProcessEnv): ContextVerification {
  const c = loadConfig(ContextSettingsSchema, env, (c, problem) => {
    const key = c.SUBGRAPH_CONTEXT_KEY ?? (c.NODE_ENV === 'production' ? undefined : DEV_CONTEXT_KEY);
    if (!key) problem('SUBGRAPH_CONTEXT_KEY: is required in production: it signs the request context between gateway and subgraphs (the same value on every part, at least 32 characters)');
    else if (c.NODE_ENV === 'production' && key === DEV_CONTEXT_KEY) problem('SUBGRAPH_CONTEXT_KEY: must not be the development key in production');
    else if (key.length < 32) problem('SUBGRAPH_CONTEXT_KEY: must be at least 32 characters');
    if (c.SUBGRAPH_VERIFY_CONTEXT === false && c.NODE_ENV === 'production') problem('SUBGRAPH_VERIFY_CONTEXT: false is refused in production: subgraphs must only answer the gateway');
  });
  return { key: c.SUBGRAPH_CONTEXT_KEY ?? DEV_CONTEXT_KEY, verify: c.SUBGRAPH_VERIFY_CONTEXT, maxAgeMs: c.SUBGRAPH_CONTEXT_MAX_AGE_MS };
}
