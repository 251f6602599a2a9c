import { createLogger, loadSchemaFile, startSubgraph, type RunningSubgraph } from '@district/common';
import type { ServicesConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { openDb, type Db } from './store/db.ts';
import { migrate } from './store/migrate.ts';
import { seedBuildings } from './store/seed.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));

export interface RunningServices extends RunningSubgraph {
  db: Db;
}

/** Opens the store, migrates it, seeds demo buildings if asked, and starts the subgraph. */
export async function startServicesSubgraph(config: ServicesConfig, options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningServices> {
  const logger = createLogger('subgraph-services');
  const db = await openDb({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, pgliteDir: config.PGLITE_DIR });
  await migrate(db);
  const seed = config.SEED_DEMO_DATA ? config.SEED_DEMO_DATA === 'true' : config.NODE_ENV !== 'production';
  if (seed) {
    // The demo buildings are the same deterministic district the department stand-ins serve.
    const { getDataset } = await import('@district/backends/dataset/index');
    await seedBuildings(db, getDataset().buildings);
  }
  const running = await startSubgraph({
    env: options.env,
    name: 'services',
    typeDefs,
    resolvers: resolvers as any,
    logger,
    port: options.port ?? config.SERVICES_PORT,
    context: createContextFactory({ db, logger, today: config.LIFECYCLE_TODAY }),
  });
  return { ...running, db, stop: async () => { await running.stop(); await db.close(); } };
}
