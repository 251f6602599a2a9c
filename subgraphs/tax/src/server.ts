import type { ApolloServer } from '@apollo/server';
import { BackendTransport } from '@district/department-access';
import { createLogger, type Logger } from '@district/runtime';
import { createSubgraphServer, loadSchemaFile } from '@district/subgraph-kit';
import { TaxAdapter } from './adapter.ts';
import { readTaxReads, type TaxConfig } from './config.ts';
import { createContextFactory, type TaxContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { TaxpayerReads } from './taxpayer-reads.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));

/**
 * Everything a tax subgraph process needs, wired from config; binds no port. The cache and the
 * resilience policy (retries, breaker) are the process's, shared by every request: `env` gives
 * their settings (REDIS_URL, CACHE_PREFIX, CACHE_ENABLED, TAX_RETRIES, TAX_BREAKER_THRESHOLD,
 * TAX_CACHE_POLICIES…, see packages/department-access/src/department-config.ts).
 */
export function createTaxSubgraph(config: TaxConfig, deps: { logger?: Logger; env?: NodeJS.ProcessEnv } = {}) {
  const logger = deps.logger ?? createLogger('subgraph-tax');
  const env = deps.env ?? process.env;
  // First, so a bad cache or resilience setting fails the start before anything is opened.
  const { reads, cache } = readTaxReads(env, logger);
  const transport = new BackendTransport({
    department: 'TAX',
    baseUrl: config.TAX_BACKEND_URL,
    timeoutMs: config.TAX_TIMEOUT_MS,
    maxConcurrent: config.TAX_MAX_CONCURRENCY,
    // Calls still queued for a slot when the breaker opens fail fast instead of going out.
    breaker: reads.resilience,
  });
  const adapter = new TaxAdapter({ transport, logger, credentials: { channelId: config.TAX_CHANNEL_ID, token: config.TAX_TOKEN } });
  const taxpayers = new TaxpayerReads({ adapter, reads });
  let closing: Promise<void> | undefined;
  return {
    name: 'tax',
    typeDefs,
    resolvers: resolvers as any,
    logger,
    context: createContextFactory({ taxpayers, logger, adapter }),
    adapter,
    transport,
    reads,
    cache,
    taxpayers,
    /** Idempotent: the transport's pool, then the cache (and its Redis connection). */
    close: () => (closing ??= (async () => {
      await transport.close();
      await cache?.close();
    })()),
  };
}

/** The Apollo server alone (for executeOperation), without listening. */
export function createTaxServer(subgraph: ReturnType<typeof createTaxSubgraph>): ApolloServer<TaxContext> {
  return createSubgraphServer<TaxContext>(subgraph);
}
