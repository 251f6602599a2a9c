import { startSubgraph, type RunningSubgraph } from '@district/common';
import { readTaxConfig } from './config.ts';
import { createTaxSubgraph } from './server.ts';

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningSubgraph> {
  const config = readTaxConfig(env);
  const subgraph = createTaxSubgraph(config, { env });
  let running: RunningSubgraph;
  try {
    running = await startSubgraph({ ...subgraph, env, port: options.port ?? config.TAX_PORT });
  } catch (error) {
    await subgraph.close();
    throw error;
  }
  return { ...running, stop: async () => { await running.stop(); await subgraph.close(); } };
}
