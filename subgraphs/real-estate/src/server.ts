import { BackendTransport, readDepartmentReads, type DepartmentReads, type TwoTierCache } from '@district/department-access';
import { createLogger, type Logger } from '@district/runtime';
import { loadSchemaFile, type RunningSubgraph } from '@district/subgraph-kit';
import { startDepartmentSubgraph } from '@district/subgraph-kit';
import { RealEstateAdapter } from './adapter.ts';
import { REAL_ESTATE_CACHE_POLICIES } from './cache-policy.ts';
import type { RealEstateConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));

export function createAdapter(config: RealEstateConfig, logger: Logger, breaker?: DepartmentReads['resilience']): { adapter: RealEstateAdapter; transport: BackendTransport } {
  const transport = new BackendTransport({
    department: 'REAL_ESTATE',
    baseUrl: config.REAL_ESTATE_BACKEND_URL,
    timeoutMs: config.REAL_ESTATE_TIMEOUT_MS,
    maxConcurrent: config.REAL_ESTATE_MAX_CONCURRENCY,
    // Calls still queued for a slot when the breaker opens fail fast instead of going out.
    breaker,
  });
  const adapter = new RealEstateAdapter({
    transport,
    credentials: { senderId: config.REAL_ESTATE_SENDER_ID, apiKey: config.REAL_ESTATE_API_KEY },
    logger,
  });
  return { adapter, transport };
}

/**
 * Cache, retries and circuit breaker of the registry reads, once per process, from the
 * environment: REDIS_URL, CACHE_PREFIX, CACHE_ENABLED and REAL_ESTATE_RETRIES, _RETRY_BASE_MS,
 * _RETRY_MAX_MS, _BREAKER_THRESHOLD, _BREAKER_HALF_OPEN_MS, _RETRY_TIMEOUTS, _CACHE_POLICIES
 * (packages/department-access/src/department-config.ts). A malformed value fails start-up, naming the variable.
 */
export function createReads(env: NodeJS.ProcessEnv, logger: Logger): { reads: DepartmentReads; cache: TwoTierCache | null } {
  return readDepartmentReads({ department: 'REAL_ESTATE', prefix: 'REAL_ESTATE', subgraph: 'real-estate', policies: REAL_ESTATE_CACHE_POLICIES, env, logger });
}

export interface RunningRealEstateSubgraph extends RunningSubgraph {
  /** The process's registry reads (tests and a future write path use it to invalidate). */
  reads: DepartmentReads;
}

/**
 * Starts the subgraph on a port (0 = a free one); stop() also closes the cache (and its Redis
 * connections) and the registry connection pool.
 */
export async function startRealEstateSubgraph(
  config: RealEstateConfig,
  options: { port?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningRealEstateSubgraph> {
  const logger = createLogger('subgraph-real-estate');
  const { reads, cache } = createReads(options.env ?? process.env, logger);
  const { adapter, transport } = createAdapter(config, logger, reads.resilience);
  const running = await startDepartmentSubgraph({
    env: options.env,
    name: 'real-estate',
    typeDefs,
    resolvers: resolvers as any,
    logger,
    port: options.port ?? config.REAL_ESTATE_PORT,
    context: createContextFactory({ adapter, reads, logger }),
    cache,
    cacheNotReady: 'cache store not ready; serving without it until it is',
    close: async () => {
      await cache?.close();
      await transport.close();
    },
  });
  return { ...running, reads };
}
