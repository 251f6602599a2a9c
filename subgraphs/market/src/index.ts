import type { RunningSubgraph } from '@district/subgraph-kit';
import { startDepartmentSubgraph } from '@district/subgraph-kit';
import { checkConfig, readMarketConfig } from './config.ts';

export { checkConfig };
import { resolvers } from './resolvers/index.ts';
import { createMarketRuntime, plugins, typeDefs } from './server.ts';

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningSubgraph> {
  checkConfig(env);
  const config = readMarketConfig(env);
  const runtime = createMarketRuntime(config, env);
  return startDepartmentSubgraph({
    env,
    name: 'market',
    typeDefs,
    resolvers: resolvers as any,
    logger: runtime.logger,
    port: options.port ?? config.MARKET_PORT,
    context: runtime.context,
    plugins: plugins(),
    cache: runtime.cache,
    cacheNotReady: 'market cache not ready at start-up; reading the registry until it is',
    close: runtime.close,
  });
}
