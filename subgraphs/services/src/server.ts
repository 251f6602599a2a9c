import { createLogger } from '@district/runtime';
import { loadSchemaFile, readSubgraphSettings, startSubgraph, type RunningSubgraph } from '@district/subgraph-kit';
import type { ServicesConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { openDb, type Db } from './store/db.ts';
import { migrate } from './store/migrate.ts';
import { appendAccessRecords } from './store/audit.ts';
import { seedDemoBuildings } from './store/seed.ts';
import { BundleWorker } from './worker/worker.ts';
import { createDepartmentClient, type DepartmentClient } from './departments/client.ts';
import { departmentPoster, readSubgraphUrls } from './departments/subgraphs.ts';
import { createCache } from '@district/department-access';
import { BuildingCounts } from './stats/building-stats.ts';
import { buildingCountsOver, STATS_READ_TIMEOUT_MS } from './stats/department-counts.ts';
import { readContextVerification, reportBundles } from '@district/runtime';
import { bundleStats, storeAnswers } from './store/bundle-stats.ts';
import { readCertificateSettings } from './certificates/settings.ts';
import { certificateRoutes } from './certificates/route.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));

export interface RunningServices extends RunningSubgraph {
  db: Db;
  /** The bundle worker, when BUNDLE_WORKER is on. */
  worker: BundleWorker | null;
}

/** Opens the store, migrates it, seeds demo buildings if asked, and starts the subgraph. */
export async function startServicesSubgraph(config: ServicesConfig, options: { port?: number; env?: NodeJS.ProcessEnv; departments?: DepartmentClient } = {}): Promise<RunningServices> {
  const logger = createLogger('subgraph-services');
  const db = await openDb({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, pgliteDir: config.PGLITE_DIR });
  await migrate(db);
  const seed = config.SEED_DEMO_DATA ? config.SEED_DEMO_DATA === 'true' : config.NODE_ENV !== 'production';
  if (seed) await seedDemoBuildings(db);
  // Bundles' preconditions are read from the department subgraphs directly, and the worker writes
  // to them directly, both through the department client (departments/client.ts) with a context
  // signed as role system; services records both itself (audit/records.ts), since the department
  // subgraphs record only refused calls.
  const env = options.env ?? process.env;
  const departments = options.departments ?? createDepartmentClient({
    urls: readSubgraphUrls(env), contextKey: readContextVerification(env).key, factsTimeoutMs: config.BUNDLE_PRECHECK_TIMEOUT_MS,
  });
  const certificates = readCertificateSettings(env);
  // Building.stats reads the departments as the dashboard does (stats/department-counts.ts).
  const shared = readSubgraphSettings(env);
  const buildingCounts = new BuildingCounts(
    buildingCountsOver(departmentPoster({ urls: readSubgraphUrls(env), contextKey: readContextVerification(env).key, timeoutMs: STATS_READ_TIMEOUT_MS })),
    config.STATS_CACHE_TTL_MS > 0 ? createCache({ prefix: `${shared.cachePrefix}:services`, redisUrl: shared.redisUrl, logger }) : null,
    config.STATS_CACHE_TTL_MS,
  );
  const running = await startSubgraph({
    env: options.env,
    name: 'services',
    typeDefs,
    resolvers: resolvers as any,
    logger,
    port: options.port ?? config.SERVICES_PORT,
    context: createContextFactory({ db, logger, today: config.LIFECYCLE_TODAY, departmentFacts: departments, certificates, buildingCounts }),
    // Refused direct calls go straight into our own store.
    recordRefusals: async (records) => { await appendAccessRecords(db, records); },
    // Ready when the store answers (PostgreSQL, or the embedded PGlite).
    readinessChecks: { store: () => storeAnswers(db) },
    // GET /certificates/<code>/pdf: a certificate to print (certificates/route.ts).
    routes: certificateRoutes(db, certificates, readContextVerification(env), logger),
  }).catch(async (error) => {
    // Its Redis connection would keep the process alive.
    await buildingCounts.close();
    throw error;
  });
  const worker = config.BUNDLE_WORKER === 'true'
    ? new BundleWorker({ db, writes: departments, logger, intervalMs: config.BUNDLE_WORKER_INTERVAL_MS, leaseMs: config.BUNDLE_LEASE_MS, maxAttempts: config.BUNDLE_MAX_ATTEMPTS, backoffBaseMs: config.BUNDLE_BACKOFF_MS })
    : null;
  worker?.start();
  // Bundle metrics where a worker runs: here, or in each bundle-worker process (worker/process.ts).
  const unreport = worker ? reportBundles(() => bundleStats(db)) : () => undefined;
  return {
    ...running, db, worker,
    // The front and the worker finish (or hand back) what they hold within the grace, then the store closes.
    stop: async (graceMs) => {
      unreport();
      await Promise.all([worker?.stop(graceMs), running.stop(graceMs)]);
      await Promise.all([db.close(), buildingCounts.close()]);
    },
  };
}
