import { checkConfig, readRealEstateConfig } from './config.ts';
import { startRealEstateSubgraph, type RunningRealEstateSubgraph } from './server.ts';

export { checkConfig };

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningRealEstateSubgraph> {
  checkConfig(env);
  return startRealEstateSubgraph(readRealEstateConfig(env), { ...options, env });
}
