import { z } from 'zod';
import { createCache, type CachePolicy, type TwoTierCache } from './cache/index.ts';
import { DEFAULT_RESILIENCE, DepartmentResilience, type ResilienceSettings } from './resilience.ts';
import { DepartmentReads } from './department-reads.ts';
import type { Department } from '@district/domain';
import { env as envField, loadConfig, production, shownDefault } from '@district/runtime';
import type { Logger } from '@district/runtime';

/**
 * Cache and resilience settings every department subgraph reads the same way:
 *   REDIS_URL                       shared cache (Redis); unset = in-process (refused in production)
 *   CACHE_PREFIX                    key prefix, so deployments and test runs never collide (default "district")
 *   CACHE_ENABLED                   false turns caching off (benchmarks of the raw path)
 *   <PREFIX>_RETRIES, _RETRY_BASE_MS, _RETRY_MAX_MS, _BREAKER_THRESHOLD, _BREAKER_HALF_OPEN_MS, _RETRY_TIMEOUTS
 *   <PREFIX>_CACHE_POLICIES         JSON overriding per-kind policies, e.g. {"credit":{"ttlMs":3600000,"staleIfErrorMs":86400000}}
 */
const PolicySchema = z.object({ ttlMs: z.number().positive(), staleIfErrorMs: z.number().min(0), negativeTtlMs: z.number().min(0).optional() }).strict();

export interface DepartmentReadSettings {
  cacheEnabled: boolean;
  redisUrl?: string;
  cachePrefix: string;
  resilience: ResilienceSettings;
  policies: Record<string, CachePolicy>;
}

/** The settings above for one department's prefix, each described (the README's settings table). */
export function departmentReadSettingsSchema(prefix: string) {
  const int = envField.int;
  return z.object({
    NODE_ENV: envField.mode(),
    REDIS_URL: envField.redisUrl().meta(production('required')),
    CACHE_PREFIX: envField.cachePrefix(),
    CACHE_ENABLED: z.enum(['true', 'false']).default('true').describe('false turns the department cache off (benchmarks of the raw path)'),
    [`${prefix}_RETRIES`]: int(DEFAULT_RESILIENCE.retries).describe('Retries of a failed read of the department (never of a write), with exponential backoff'),
    [`${prefix}_RETRY_BASE_MS`]: int(DEFAULT_RESILIENCE.retryBaseMs).describe('First retry delay, milliseconds; doubled on each retry, with jitter'),
    [`${prefix}_RETRY_MAX_MS`]: int(DEFAULT_RESILIENCE.retryMaxMs).describe('Longest retry delay, milliseconds'),
    [`${prefix}_BREAKER_THRESHOLD`]: int(DEFAULT_RESILIENCE.breakerThreshold, 1).describe('Failures in a row that open the circuit breaker (calls fail fast, CIRCUIT_OPEN)'),
    [`${prefix}_BREAKER_HALF_OPEN_MS`]: int(DEFAULT_RESILIENCE.breakerHalfOpenMs).describe('How long the breaker stays open before one trial call'),
    [`${prefix}_RETRY_TIMEOUTS`]: z.enum(['true', 'false']).default(DEFAULT_RESILIENCE.retryTimeouts ? 'true' : 'false').describe('Retry a read that timed out too (a slow system usually stays slow, and each retry costs a whole timeout)'),
    [`${prefix}_CACHE_POLICIES`]: z.string().optional().describe('JSON overriding the cache policy of record kinds, e.g. {"kind":{"ttlMs":60000,"staleIfErrorMs":600000}}').meta(shownDefault('the subgraph\'s cache-policy.ts')),
  });
}

/** The settings above, read without opening anything (start-up checks read them too); every problem at once. */
export function readDepartmentReadSettings(options: {
  /** Env prefix, e.g. "TAX" or "MEDICAL_INSURANCE". */
  prefix: string;
  /** Default policy per record kind. */
  policies: Record<string, CachePolicy>;
  env: NodeJS.ProcessEnv;
}): DepartmentReadSettings {
  const { env, prefix } = options;
  const schema = departmentReadSettingsSchema(prefix);
  const policies = { ...options.policies };
  const c = loadConfig(schema, env, (c: Record<string, any>, problem) => {
    if (c.NODE_ENV === 'production' && c.CACHE_ENABLED === 'true' && !c.REDIS_URL && !env.REDIS_URL) {
      problem('REDIS_URL: is required in production: the in-process cache is not shared between instances');
    }
    const overrides = c[`${prefix}_CACHE_POLICIES`];
    if (overrides) for (const p of readPolicyOverrides(`${prefix}_CACHE_POLICIES`, overrides, policies)) problem(p);
  }) as Record<string, any>;
  return {
    cacheEnabled: c.CACHE_ENABLED === 'true',
    redisUrl: c.REDIS_URL,
    cachePrefix: c.CACHE_PREFIX,
    resilience: {
      retries: c[`${prefix}_RETRIES`],
      retryBaseMs: c[`${prefix}_RETRY_BASE_MS`],
      retryMaxMs: c[`${prefix}_RETRY_MAX_MS`],
      breakerThreshold: c[`${prefix}_BREAKER_THRESHOLD`],
      breakerHalfOpenMs: c[`${prefix}_BREAKER_HALF_OPEN_MS`],
      retryTimeouts: c[`${prefix}_RETRY_TIMEOUTS`] === 'true',
    },
    policies,
  };
}

/** Applies `<PREFIX>_CACHE_POLICIES` to `policies`; returns its problems. */
function readPolicyOverrides(name: string, text: string, policies: Record<string, CachePolicy>): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [`${name}: must be JSON like {"kind":{"ttlMs":60000,"staleIfErrorMs":600000}}`];
  }
  const result = z.record(z.string(), PolicySchema).safeParse(parsed);
  if (!result.success) return [`${name}: is invalid: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
  const problems: string[] = [];
  for (const [kind, policy] of Object.entries(result.data)) {
    if (!(kind in policies)) problems.push(`${name}: names unknown record kind "${kind}"; known: ${Object.keys(policies).join(', ')}`);
    else policies[kind] = policy;
  }
  return problems;
}

export function readDepartmentReads(options: {
  department: Department;
  /** Env prefix, e.g. "TAX" or "MEDICAL_INSURANCE". */
  prefix: string;
  /** Default policy per record kind. */
  policies: Record<string, CachePolicy>;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Name of the subgraph, part of the cache prefix so kinds never collide across subgraphs. */
  subgraph: string;
  /** Kinds a write invalidates as a whole (DepartmentReadsOptions). */
  wholeKinds?: readonly string[];
}): { reads: DepartmentReads; cache: TwoTierCache | null } {
  const settings = readDepartmentReadSettings(options);
  const cache = settings.cacheEnabled
    ? createCache({ prefix: `${settings.cachePrefix}:${options.subgraph}`, redisUrl: settings.redisUrl, logger: options.logger })
    : null;
  return { reads: new DepartmentReads(options.department, cache, new DepartmentResilience(options.department, settings.resilience), settings.policies, { wholeKinds: options.wholeKinds }), cache };
}
