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
 *   CACHE_REFRESH, CACHE_REFRESH_KEEP_MS, <PREFIX>_REFRESH_PER_SECOND   keeping the dashboards' records warm (refresh/)
 */
const PolicySchema = z.object({ ttlMs: z.number().positive(), staleIfErrorMs: z.number().min(0), negativeTtlMs: z.number().min(0).optional() }).strict();

export interface DepartmentReadSettings {
  cacheEnabled: boolean;
  redisUrl?: string;
  cachePrefix: string;
  resilience: ResilienceSettings;
  policies: Record<string, CachePolicy>;
  refresh: RefreshSettings;
}

/** Keeping the working set warm (refresh/refresher.ts). */
export interface RefreshSettings {
  enabled: boolean;
  /** Department calls per second the refresher may make (on one instance: the lease holder). */
  perSecond: number;
  /** A record leaves the working set this long after its last read. */
  keepMs: number;
}

/**
 * Default refresh budget per department, calls per second: a tenth of the stand-ins' rate limits
 * (market 500/s, tax 300/s, real estate 200/s; backends/README.md), a fifth of medical
 * insurance's 200/s, which has no batch API, so one call refreshes one employer. At these rates
 * one instance refreshes market 5,000 and tax 1,500 enterprises a second (100 and 50 per call),
 * medical insurance 12,000 and real estate 6,000 per five-minute time to live, most recently read
 * first; user traffic keeps 80–90% of each limit.
 */
export const DEFAULT_REFRESH_PER_SECOND: Readonly<Record<Department, number>> = {
  MARKET: 50, TAX: 30, MEDICAL_INSURANCE: 40, REAL_ESTATE: 20, SERVICES: 0,
};
/** A working day and the evening after it: what staff opened today stays warm tomorrow morning. */
export const DEFAULT_REFRESH_KEEP_MS = 16 * 3_600_000;

/** The settings above for one department's prefix, each described (the README's settings table). */
export function departmentReadSettingsSchema(prefix: string) {
  const int = envField.int;
  const perSecond = DEFAULT_REFRESH_PER_SECOND[prefix as Department] || 10;
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
    CACHE_REFRESH: z.enum(['true', 'false'], 'must be true or false').optional()
      .describe('Keep the dashboards\' records warm: the lease holder among the instances reads again, within <PREFIX>_REFRESH_PER_SECOND, the records read lately shortly before they expire (most recently read first); false = every record is read from the department once expired')
      .meta(shownDefault('true in production, false otherwise')),
    CACHE_REFRESH_KEEP_MS: envField.ms(DEFAULT_REFRESH_KEEP_MS).describe('How long after its last read a record stays in the working set that is kept warm, milliseconds'),
    [`${prefix}_REFRESH_PER_SECOND`]: z.coerce.number('must be a number of calls per second').positive('must be more than 0').default(perSecond)
      .describe('Refresh budget: department calls per second for keeping records warm, on the one instance that refreshes; keep it well inside the department\'s rate limit'),
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
    refresh: {
      enabled: (c.CACHE_REFRESH ?? (c.NODE_ENV === 'production' ? 'true' : 'false')) === 'true' && c.CACHE_ENABLED === 'true',
      perSecond: c[`${prefix}_REFRESH_PER_SECOND`],
      keepMs: c.CACHE_REFRESH_KEEP_MS,
    },
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
}): { reads: DepartmentReads; cache: TwoTierCache | null; settings: DepartmentReadSettings } {
  const settings = readDepartmentReadSettings(options);
  const cache = settings.cacheEnabled
    ? createCache({ prefix: `${settings.cachePrefix}:${options.subgraph}`, redisUrl: settings.redisUrl, logger: options.logger })
    : null;
  return { reads: new DepartmentReads(options.department, cache, new DepartmentResilience(options.department, settings.resilience), settings.policies, { wholeKinds: options.wholeKinds }), cache, settings };
}
