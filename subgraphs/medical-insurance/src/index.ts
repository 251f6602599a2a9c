import type { RunningSubgraph } from '@district/subgraph-kit';
import { startDepartmentSubgraph } from '@district/subgraph-kit';
import { checkConfig, readMedicalInsuranceConfig, type MedicalInsuranceConfig } from './config.ts';

export { checkConfig };
import { buildMedicalInsuranceSubgraph } from './server.ts';

/**
 * Starts the subgraph from a read config, on `options.port` (0 = a free one) or the configured
 * port; `options.env` (default process.env) holds the cache and resilience settings. Stopping it
 * stops the server, then closes the backend pool and the cache.
 */
export async function startMedicalInsuranceSubgraph(config: MedicalInsuranceConfig, options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningSubgraph> {
  const subgraph = buildMedicalInsuranceSubgraph(config, { env: options.env });
  return startDepartmentSubgraph({
    ...subgraph.options,
    env: options.env,
    port: options.port ?? config.MEDICAL_INSURANCE_PORT,
    cache: subgraph.cache,
    cacheNotReady: 'cache not ready at start-up; reading through to the 医保 platform until it is',
    close: subgraph.close,
  });
}

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningSubgraph> {
  checkConfig(env);
  return startMedicalInsuranceSubgraph(readMedicalInsuranceConfig(env), { ...options, env });
}
