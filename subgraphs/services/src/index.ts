import type { RunningSubgraph } from '@district/subgraph-kit';
import { checkConfig, readServicesConfig } from './config.ts';
import { startServicesSubgraph } from './server.ts';

export { checkConfig };

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningSubgraph> {
  checkConfig(env);
  return startServicesSubgraph(readServicesConfig(env), { ...options, env });
}
