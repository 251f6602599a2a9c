import { ApolloServer } from '@apollo/server';
import { BackendTransport, type DepartmentReads, type TwoTierCache } from '@district/department-access';
import { type Caller } from '@district/domain';
import { createLogger, type Logger } from '@district/runtime';
import { createSubgraphServer, loadSchemaFile } from '@district/subgraph-kit';
import { MarketAdapter } from './adapter.ts';
import { readMarketReads, type MarketConfig } from './config.ts';
import { createContextFactory, type MarketContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { unconfirmedPlugin } from './unconfirmed.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));

/** The market subgraph's own plugins: enterprises answered while the registry is down say so. */
export const plugins = () => [unconfirmedPlugin<MarketContext>()];

/**
 * What one process of the market subgraph holds: one transport (pool and concurrency cap), one
 * adapter, and one DepartmentReads (cache, retries, circuit breaker) that every request shares.
 */
export interface MarketRuntime {
  adapter: MarketAdapter;
  reads: DepartmentReads;
  /** null when CACHE_ENABLED=false. */
  cache: TwoTierCache | null;
  logger: Logger;
  context: (args?: { caller?: Caller }) => Promise<MarketContext>;
  close(): Promise<void>;
}

export function createMarketRuntime(config: MarketConfig, env: NodeJS.ProcessEnv, logger: Logger = createLogger('subgraph-market')): MarketRuntime {
  // First: a malformed cache or resilience setting fails the start before anything is opened.
  const { reads, cache } = readMarketReads(env, logger);
  const transport = new BackendTransport({
    department: 'MARKET',
    baseUrl: config.MARKET_BACKEND_URL,
    timeoutMs: config.MARKET_TIMEOUT_MS,
    maxConcurrent: config.MARKET_MAX_CONCURRENCY,
    // Calls still queued for a slot when the breaker opens fail fast instead of going out.
    breaker: reads.resilience,
  });
  const adapter = new MarketAdapter({
    transport,
    credentials: { appKey: config.MARKET_APP_KEY, appSecret: config.MARKET_APP_SECRET },
    logger,
  });
  return {
    adapter, reads, cache, logger,
    context: createContextFactory({ adapter, reads, logger }),
    close: async () => {
      await Promise.allSettled([transport.close(), cache?.close()]);
    },
  };
}

/** The Apollo server of this subgraph; binds no port (index.ts starts it). */
export function createMarketServer(runtime: MarketRuntime): ApolloServer<MarketContext> {
  return createSubgraphServer<MarketContext>({ name: 'market', typeDefs, resolvers: resolvers as any, logger: runtime.logger, plugins: plugins() });
}
