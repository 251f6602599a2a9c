import { z } from 'zod';
import { departmentReadSettingsSchema, readDepartmentReadSettings, type CachePolicy } from '@district/department-access';
import { DEPARTMENT_LABELS, type Department } from '@district/domain';
import { backendOf, subgraphOf } from '@district/parts';
import { ConfigProblems, ContextSettingsSchema, env, loadConfig, production, readContextVerification, shownDefault } from '@district/runtime';
import { SubgraphSettingsSchema, readSubgraphSettings } from './subgraph-settings.ts';

/**
 * The settings of a department subgraph, declared by the department (its config.ts) and read the
 * same way in all four. Its variables carry its department's prefix (MARKET_, TAX_,
 * MEDICAL_INSURANCE_, REAL_ESTATE_):
 *   <PREFIX>_PORT              where the subgraph listens
 *   <PREFIX>_BACKEND_URL       the department's system (or its stand-in)
 *   <PREFIX>_TIMEOUT_MS        whole-call budget of one call to it
 *   <PREFIX>_MAX_CONCURRENCY   calls in flight to it at once, process-wide (its rate limit is its own)
 *   the credentials it issued to us (each defaulting to the development value, refused in production)
 * plus the reads' settings (cache, resilience, <PREFIX>_CACHE_POLICIES:
 * packages/department-access/src/department-config.ts) and the signed request context's
 * (SUBGRAPH_CONTEXT_KEY…), all checked at once by `check`.
 */

/** A department a department subgraph fronts (services is our own); also its variables' prefix. */
export type DepartmentPrefix = Exclude<Department, 'SERVICES'>;

/**
 * Defaults of the variables every department subgraph has. Its port and its department's URL are
 * not here: they come from the manifest of the parts (@district/parts), so PORT_BASE moves them.
 */
export interface DepartmentDefaults {
  timeoutMs: number;
  maxConcurrency: number;
}

/** A credential the department issued to us, and the development value that ships in the repository. */
export interface DepartmentCredential {
  /** What the credential is, for the README's settings table. */
  meaning: string;
  /** The development value (DEV_CREDENTIALS, what the stand-ins accept): the default, refused in production. */
  development: string;
  /** What the refusal says after the variable's name: what the value is, and what to set instead. */
  refusal: string;
  /** The field, when the value has a shape of its own; default env.string(development). */
  field?: ReturnType<typeof env.string>;
}

/** A department subgraph's own settings, as read. */
export type DepartmentSettings<P extends string, K extends string = never> =
  & { NODE_ENV: 'development' | 'production' | 'test' }
  & Record<`${P}_PORT` | `${P}_TIMEOUT_MS` | `${P}_MAX_CONCURRENCY`, number>
  & Record<`${P}_BACKEND_URL` | K, string>;

export interface DepartmentConfigDefinition<P extends DepartmentPrefix, K extends string> {
  /** Whose system the subgraph speaks to; the prefix of its variables. */
  department: P;
  defaults: DepartmentDefaults;
  /** The credentials the department issued to us, by variable. */
  credentials: Record<K, DepartmentCredential>;
  /** True when production must name the department's system (its default is the local stand-in); `checks` refuses it. */
  backendUrlRequired?: boolean;
  /** Rules beyond the credentials, on what was read (and the raw environment), adding problems. */
  checks?(config: DepartmentSettings<P, K>, problem: (message: string) => void, env: NodeJS.ProcessEnv): void;
  /** Default cache policy per record kind; <PREFIX>_CACHE_POLICIES overrides them kind by kind. */
  cachePolicies: Readonly<Record<string, CachePolicy>>;
  /** Record kinds a write invalidates as a whole (DepartmentReadsOptions.wholeKinds). */
  wholeKinds?: readonly string[];
}

export interface DepartmentConfig<P extends DepartmentPrefix, K extends string> extends DepartmentConfigDefinition<P, K> {
  /**
   * The subgraph's own settings, every problem at once (a ConfigError). Production refuses a
   * development credential still in place (the values are public: never present them to a real
   * system), naming the variable and never its value.
   */
  readConfig(env: NodeJS.ProcessEnv): DepartmentSettings<P, K>;
  /**
   * Every setting the subgraph reads, checked at once and without opening anything: its own, its
   * reads' (cache, resilience, policies) and the signed context's. Start-up and `npm start`'s check
   * before launching call it, so an operator sees every problem together. Throws a ConfigError.
   */
  check(env: NodeJS.ProcessEnv): void;
  /** Every schema of the settings `check` reads, each field described (the README's settings table). */
  settingsSchemas(): z.ZodObject[];
}

export function departmentConfig<P extends DepartmentPrefix, K extends string>(definition: DepartmentConfigDefinition<P, K>): DepartmentConfig<P, K> {
  const { department: prefix, defaults } = definition;
  const credentials = Object.entries(definition.credentials) as [K, DepartmentCredential][];
  const subgraph = subgraphOf(prefix);
  const backend = backendOf(subgraph.name)!;
  const schema = z.object({
    NODE_ENV: env.mode(),
    [`${prefix}_PORT`]: env.partPort(subgraph.id).describe(`Port the ${subgraph.name} subgraph listens on`),
    [`${prefix}_BACKEND_URL`]: env.partUrl(backend.id).describe(`The ${DEPARTMENT_LABELS[prefix]} system (or its stand-in) the subgraph calls`).meta(production(definition.backendUrlRequired ? 'required' : '')),
    // At least 1: a budget of 0 ms would time every call out.
    [`${prefix}_TIMEOUT_MS`]: env.int(defaults.timeoutMs, 1).describe('Budget of one call to the department system, milliseconds, retries included'),
    [`${prefix}_MAX_CONCURRENCY`]: env.int(defaults.maxConcurrency, 1).describe('Calls in flight to the department system at once, process-wide (within its rate limit)'),
    ...Object.fromEntries(credentials.map(([name, c]) => [name, (c.field ?? env.string(c.development)).describe(c.meaning).meta(production('required: the development value is refused')).meta(shownDefault('the development value'))])),
  });
  const readConfig = (e: NodeJS.ProcessEnv) => loadConfig(schema, e, (read, problem) => {
    const config = read as DepartmentSettings<P, K>;
    if (config.NODE_ENV === 'production') {
      for (const [name, c] of credentials) if (config[name] === c.development) problem(`${name}: ${c.refusal}`);
    }
    definition.checks?.(config, problem, e);
  }) as DepartmentSettings<P, K>;
  return {
    ...definition,
    readConfig,
    check(e) {
      const problems = new ConfigProblems();
      problems.read(() => readConfig(e));
      problems.read(() => readDepartmentReadSettings({ prefix, policies: { ...definition.cachePolicies }, env: e }));
      problems.read(() => readContextVerification(e));
      problems.read(() => readSubgraphSettings(e));
      problems.throwIfAny();
    },
    settingsSchemas: () => [schema, departmentReadSettingsSchema(prefix), ContextSettingsSchema.omit({ NODE_ENV: true }), SubgraphSettingsSchema],
  };
}

/** Where the subgraph listens and how it reaches its department, from its settings. */
export function connectionOf<P extends DepartmentPrefix>(prefix: P, settings: DepartmentSettings<P>) {
  const s = settings as unknown as Record<string, number | string>;
  return {
    port: s[`${prefix}_PORT`] as number,
    baseUrl: s[`${prefix}_BACKEND_URL`] as string,
    timeoutMs: s[`${prefix}_TIMEOUT_MS`] as number,
    maxConcurrent: s[`${prefix}_MAX_CONCURRENCY`] as number,
  };
}
