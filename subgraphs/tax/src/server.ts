import type { ApolloServer } from '@apollo/server';
import { BackendTransport, createLogger, createSubgraphServer, loadSchemaFile, type Logger } from '@district/common';
import { TaxAdapter } from './adapter.ts';
import type { TaxConfig } from './config.ts';
import { createContextFactory, type TaxContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));

/** Everything a tax subgraph process needs, wired from config; binds no port. */
export function createTaxSubgraph(config: TaxConfig, deps: { logger?: Logger } = {}) {
  const logger = deps.logger ?? createLogger('subgraph-tax');
  const transport = new BackendTransport({
    department: 'TAX',
    baseUrl: config.TAX_BACKEND_URL,
    timeoutMs: config.TAX_TIMEOUT_MS,
    maxConcurrent: config.TAX_MAX_CONCURRENCY,
  });
  const adapter = new TaxAdapter({ transport, logger, credentials: { channelId: config.TAX_CHANNEL_ID, token: config.TAX_TOKEN } });
  return {
    name: 'tax',
    typeDefs,
    resolvers: resolvers as any,
    logger,
    context: createContextFactory({ adapter, logger }),
    adapter,
    transport,
    close: () => transport.close(),
  };
}

/** The Apollo server alone (for executeOperation), without listening. */
export function createTaxServer(subgraph: ReturnType<typeof createTaxSubgraph>): ApolloServer<TaxContext> {
  return createSubgraphServer<TaxContext>(subgraph);
}
