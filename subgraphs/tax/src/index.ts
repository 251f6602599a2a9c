import type { RunningSubgraph } from '@district/subgraph-kit';
import { startDepartmentSubgraph } from '@district/subgraph-kit';
import { checkConfig, readTaxConfig } from './config.ts';

export { checkConfig };
import { createTaxSubgraph } from './server.ts';

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningSubgraph> {
  checkConfig(env);
  const config = readTaxConfig(env);
  const subgraph = createTaxSubgraph(config, { env });
  return startDepartmentSubgraph({
    ...subgraph,
    env,
    port: options.port ?? config.TAX_PORT,
    // Tax serves at once and does not wait for its cache: until Redis answers, reads go to the
    // department (its cache connects in the background).
    cache: null,
    cacheNotReady: 'tax cache not ready',
  });
}
