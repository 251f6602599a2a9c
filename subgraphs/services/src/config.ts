import { z } from 'zod';
import { ConfigProblems, env, loadConfig, readContextVerification } from '@district/runtime';

export const ServicesConfigSchema = z.object({
  NODE_ENV: env.mode(),
  SERVICES_PORT: env.partPort('services'),
  /** PostgreSQL when set; PGlite (embedded) otherwise, except in production where it is required. */
  DATABASE_URL: env.optionalString(),
  /** Schema (namespace) inside the database, so test runs and deployments never collide. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('services'),
  /** Where PGlite keeps its files; unset = in memory. */
  PGLITE_DIR: env.optionalString(),
  /** Seed the district's demo buildings when the store is empty (default on outside production). */
  SEED_DEMO_DATA: z.enum(['true', 'false']).optional(),
  /** The date the lifecycle stage is judged at (yyyy-MM-dd); default today. Tests pin it. */
  LIFECYCLE_TODAY: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Run the bundle worker (一件事一次办) in this process; default on. */
  BUNDLE_WORKER: z.enum(['true', 'false']).default('true')
    .describe('Run the bundle worker (一件事一次办) inside services; false when it runs as its own process (bundle-worker, subgraphs/services/src/worker-main.ts), as in a cluster'),
  /** How often the worker polls for due steps. */
  BUNDLE_WORKER_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** How long a claimed step is reserved for its worker; a crashed worker's steps resume after it. */
  BUNDLE_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Attempts of a step on department outages before it fails for good. */
  BUNDLE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(6),
  /** How long a bundle submission waits for the departments' facts its preconditions need; past it, DEPARTMENT_UNAVAILABLE. */
  BUNDLE_PRECHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** First retry delay; doubled on each attempt. */
  BUNDLE_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
});
export type ServicesConfig = z.infer<typeof ServicesConfigSchema>;

export function readServicesConfig(e: NodeJS.ProcessEnv = process.env): ServicesConfig {
  return loadConfig(ServicesConfigSchema, e, (config, problem) => {
    if (config.NODE_ENV === 'production' && !config.DATABASE_URL) problem('DATABASE_URL: is required in production: the embedded PGlite store is for development only');
  });
}

/** Every setting of the subgraph at once, nothing opened (start-up, `npm start`'s check). */
export function checkConfig(e: NodeJS.ProcessEnv): void {
  const problems = new ConfigProblems();
  problems.read(() => readServicesConfig(e));
  problems.read(() => readContextVerification(e));
  problems.throwIfAny();
}
