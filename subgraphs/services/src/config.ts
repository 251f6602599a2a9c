import { z } from 'zod';
import { ConfigProblems, ContextSettingsSchema, env, loadConfig, production, readContextVerification, shownDefault } from '@district/runtime';
import { SubgraphSettingsSchema, readSubgraphSettings } from '@district/subgraph-kit';
import { SubgraphUrlsSchema, readSubgraphUrls } from './departments/subgraphs.ts';
import { CertificateSettingsSchema, readCertificateSettings } from './certificates/settings.ts';
import { STATS_CACHE_TTL_MS } from './stats/building-stats.ts';

export { CertificateSettingsSchema };

export const ServicesConfigSchema = z.object({
  NODE_ENV: env.mode(),
  SERVICES_PORT: env.partPort('services').describe('Port the services subgraph listens on'),
  DATABASE_URL: env.optionalString().describe('PostgreSQL of the bundles and the access record; unset = PGlite (embedded), development only').meta(production('required')),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('services').describe('Schema (namespace) inside the database, so test runs and deployments never collide'),
  PGLITE_DIR: env.optionalString().describe('Where PGlite keeps its files; unset = in memory').meta(shownDefault('— (in memory)')),
  SEED_DEMO_DATA: z.enum(['true', 'false']).optional().describe("Seed the district's demo buildings when the store is empty").meta(shownDefault('true outside production')),
  // Tests pin it.
  LIFECYCLE_TODAY: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('The date (yyyy-MM-dd) lifecycle stages are judged at').meta(shownDefault('today')),
  BUNDLE_WORKER: z.enum(['true', 'false']).default('true')
    .describe('Run the bundle worker (一件事一次办) inside services; false when it runs as its own process (bundle-worker, subgraphs/services/src/worker-main.ts), as in a cluster'),
  BUNDLE_WORKER_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500).describe('How often the worker polls for due steps, milliseconds'),
  BUNDLE_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000).describe("How long a claimed step is reserved for its worker; a crashed worker's steps resume after it"),
  BUNDLE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(6).describe('Attempts of a step on department outages before it fails for good'),
  BUNDLE_PRECHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000)
    .describe("How long a bundle submission waits for the departments' facts its preconditions need; past it, DEPARTMENT_UNAVAILABLE"),
  BUNDLE_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000).describe('First retry delay of a step, milliseconds; doubled on each attempt'),
  STATS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(STATS_CACHE_TTL_MS)
    .describe("How long a building's department counts (Building.stats) are reused, milliseconds; 0 = not cached"),
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
  problems.read(() => readCertificateSettings(e));
  problems.read(() => readContextVerification(e));
  problems.read(() => readSubgraphUrls(e));
  problems.read(() => readSubgraphSettings(e));
  problems.throwIfAny();
}

/** Every schema of the settings services reads, each field described (the README's settings table). */
export const SERVICES_SETTINGS_SCHEMAS: z.ZodObject[] = [ServicesConfigSchema, CertificateSettingsSchema, SubgraphUrlsSchema, ContextSettingsSchema.omit({ NODE_ENV: true }), SubgraphSettingsSchema];
