import { readDepartmentReadSettings, type CachePolicy } from '@district/department-access';
import type { Department } from '@district/domain';
import { ConfigProblems, env, readContextVerification } from '@district/runtime';

/**
 * The settings of a department subgraph, read the same way in all four. Each department names its
 * variables with its department's prefix (MARKET_, TAX_, MEDICAL_INSURANCE_, REAL_ESTATE_):
 *   <PREFIX>_PORT              where the subgraph listens
 *   <PREFIX>_BACKEND_URL       the department's system (or its stand-in)
 *   <PREFIX>_TIMEOUT_MS        whole-call budget of one call to it
 *   <PREFIX>_MAX_CONCURRENCY   calls in flight to it at once, process-wide (its rate limit is its own)
 * plus its own credentials (the department's config.ts), the reads' settings (cache, resilience,
 * <PREFIX>_CACHE_POLICIES: packages/department-access/src/department-config.ts) and the signed
 * request context's (SUBGRAPH_CONTEXT_KEY…).
 */

/** A department a department subgraph fronts (services is our own); also its variables' prefix. */
export type DepartmentPrefix = Exclude<Department, 'SERVICES'>;

/** Today's defaults of the variables every department subgraph has. */
export interface DepartmentDefaults {
  port: number;
  backendUrl: string;
  timeoutMs: number;
  maxConcurrency: number;
}

/** The env schema fields of those variables, for the department's own `z.object({ ... })`. */
export type DepartmentVariables<P extends string> =
  & { NODE_ENV: ReturnType<typeof env.mode> }
  & { [K in `${P}_PORT`]: ReturnType<typeof env.port> }
  & { [K in `${P}_BACKEND_URL`]: ReturnType<typeof env.url> }
  & { [K in `${P}_TIMEOUT_MS` | `${P}_MAX_CONCURRENCY`]: ReturnType<typeof env.int> };

export function departmentVariables<P extends DepartmentPrefix>(prefix: P, defaults: DepartmentDefaults): DepartmentVariables<P> {
  return {
    NODE_ENV: env.mode(),
    [`${prefix}_PORT`]: env.port(defaults.port),
    [`${prefix}_BACKEND_URL`]: env.url(defaults.backendUrl),
    // At least 1: a budget of 0 ms would time every call out.
    [`${prefix}_TIMEOUT_MS`]: env.int(defaults.timeoutMs, 1),
    [`${prefix}_MAX_CONCURRENCY`]: env.int(defaults.maxConcurrency, 1),
  } as DepartmentVariables<P>;
}

/** A department's settings as read: those variables (and whatever else its config holds). */
export type DepartmentSettings<P extends string> =
  & Record<`${P}_PORT` | `${P}_TIMEOUT_MS` | `${P}_MAX_CONCURRENCY`, number>
  & Record<`${P}_BACKEND_URL`, string>;

/** Where the subgraph listens and how it reaches its department, from its settings. */
export function connectionOf<P extends DepartmentPrefix>(prefix: P, settings: DepartmentSettings<P>) {
  const s = settings as Record<string, number | string>;
  return {
    port: s[`${prefix}_PORT`] as number,
    baseUrl: s[`${prefix}_BACKEND_URL`] as string,
    timeoutMs: s[`${prefix}_TIMEOUT_MS`] as number,
    maxConcurrent: s[`${prefix}_MAX_CONCURRENCY`] as number,
  };
}

/** What a department's config.ts declares: the department, its own settings, its cache policies. */
export interface DepartmentConfigDefinition<P extends DepartmentPrefix, C extends DepartmentSettings<P>> {
  /** Whose system the subgraph speaks to; the prefix of its variables. */
  department: P;
  /** The subgraph's own settings (departmentVariables and its credentials); every problem at once. */
  readConfig(env: NodeJS.ProcessEnv): C;
  /** Default cache policy per record kind; <PREFIX>_CACHE_POLICIES overrides them kind by kind. */
  cachePolicies: Readonly<Record<string, CachePolicy>>;
  /** Record kinds a write invalidates as a whole (DepartmentReadsOptions.wholeKinds). */
  wholeKinds?: readonly string[];
}

export interface DepartmentConfig<P extends DepartmentPrefix, C extends DepartmentSettings<P>> extends DepartmentConfigDefinition<P, C> {
  /**
   * Every setting the subgraph reads, checked at once and without opening anything: its own, its
   * reads' (cache, resilience, policies) and the signed context's. Start-up and `npm start`'s check
   * before launching call it, so an operator sees every problem together. Throws a ConfigError.
   */
  check(env: NodeJS.ProcessEnv): void;
}

export function departmentConfig<P extends DepartmentPrefix, C extends DepartmentSettings<P>>(definition: DepartmentConfigDefinition<P, C>): DepartmentConfig<P, C> {
  return {
    ...definition,
    check(e) {
      const problems = new ConfigProblems();
      problems.read(() => definition.readConfig(e));
      problems.read(() => readDepartmentReadSettings({ prefix: definition.department, policies: { ...definition.cachePolicies }, env: e }));
      problems.read(() => readContextVerification(e));
      problems.throwIfAny();
    },
  };
}
