import { startSubgraph, type RunningSubgraph } from '@district/common';
import { readMarketConfig } from './config.ts';
import { resolvers } from './resolvers/index.ts';
import { awaitCache, createMarketRuntime, typeDefs } from './server.ts';

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningSubgraph> {
  const config = readMarketConfig(env);
  const runtime = createMarketRuntime(config, env);
  try {
    await awaitCache(runtime);
    const running = await startSubgraph({
      env,
      name: 'market',
      typeDefs,
      resolvers: resolvers as any,
      logger: runtime.logger,
      port: options.port ?? config.MARKET_PORT,
      context: runtime.context,
    });
    return { ...running, stop: async () => { await running.stop(); await runtime.close(); } };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
