import { BackendTransport, createLogger, loadSchemaFile, startSubgraph, type Logger, type RunningSubgraph } from '@district/common';
import { RealEstateAdapter } from './adapter.ts';
import type { RealEstateConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));

export function createAdapter(config: RealEstateConfig, logger: Logger): { adapter: RealEstateAdapter; transport: BackendTransport } {
  const transport = new BackendTransport({
    department: 'REAL_ESTATE',
    baseUrl: config.REAL_ESTATE_BACKEND_URL,
    timeoutMs: config.REAL_ESTATE_TIMEOUT_MS,
    maxConcurrent: config.REAL_ESTATE_MAX_CONCURRENCY,
  });
  const adapter = new RealEstateAdapter({
    transport,
    credentials: { senderId: config.REAL_ESTATE_SENDER_ID, apiKey: config.REAL_ESTATE_API_KEY },
    logger,
  });
  return { adapter, transport };
}

/** Starts the subgraph on a port (0 = a free one); stop() also closes the registry connection pool. */
export async function startRealEstateSubgraph(config: RealEstateConfig, options: { port?: number } = {}): Promise<RunningSubgraph> {
  const logger = createLogger('subgraph-real-estate');
  const { adapter, transport } = createAdapter(config, logger);
  const running = await startSubgraph({
    name: 'real-estate',
    typeDefs,
    resolvers: resolvers as any,
    logger,
    port: options.port ?? config.REAL_ESTATE_PORT,
    context: createContextFactory({ adapter, logger }),
  });
  return { ...running, stop: async () => { await running.stop(); await transport.close(); } };
}
