import { ApolloServer } from '@apollo/server';
import { BackendTransport, createLogger, createSubgraphServer, loadSchemaFile, type Logger } from '@district/common';
import { MarketAdapter } from './adapter.ts';
import type { MarketConfig } from './config.ts';
import { createContextFactory, type MarketContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));

/** What one process of the market subgraph holds: one transport (pool and concurrency cap) and one adapter. */
export interface MarketRuntime {
  adapter: MarketAdapter;
  logger: Logger;
  context: () => Promise<MarketContext>;
  close(): Promise<void>;
}

export function createMarketRuntime(config: MarketConfig, logger: Logger = createLogger('subgraph-market')): MarketRuntime {
  const transport = new BackendTransport({
    department: 'MARKET',
    baseUrl: config.MARKET_BACKEND_URL,
    timeoutMs: config.MARKET_TIMEOUT_MS,
    maxConcurrent: config.MARKET_MAX_CONCURRENCY,
  });
  const adapter = new MarketAdapter({
    transport,
    credentials: { appKey: config.MARKET_APP_KEY, appSecret: config.MARKET_APP_SECRET },
    logger,
  });
  return { adapter, logger, context: createContextFactory({ adapter, logger }), close: () => transport.close() };
}

/** The Apollo server of this subgraph; binds no port (index.ts starts it). */
export function createMarketServer(runtime: MarketRuntime): ApolloServer<MarketContext> {
  return createSubgraphServer<MarketContext>({ name: 'market', typeDefs, resolvers: resolvers as any, logger: runtime.logger });
}
