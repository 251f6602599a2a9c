import { readRealEstateConfig } from './config.ts';
import { startRealEstateSubgraph, type RunningRealEstateSubgraph } from './server.ts';

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningRealEstateSubgraph> {
  return startRealEstateSubgraph(readRealEstateConfig(env), { ...options, env });
}
