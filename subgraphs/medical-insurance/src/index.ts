import { startSubgraph, type RunningSubgraph } from '@district/common';
import { readMedicalInsuranceConfig, type MedicalInsuranceConfig } from './config.ts';
import { buildMedicalInsuranceSubgraph } from './server.ts';

/**
 * How long start-up waits for a shared cache (Redis) to accept commands. Past it the subgraph
 * starts anyway: until Redis is back every read goes to the platform, which is slower, not wrong.
 */
export const CACHE_READY_BUDGET_MS = 2_000;

/**
 * Starts the subgraph from a read config, on `options.port` (0 = a free one) or the configured
 * port; `options.env` (default process.env) holds the cache and resilience settings. Stopping it
 * stops the server, then closes the backend pool and the cache.
 */
export async function startMedicalInsuranceSubgraph(config: MedicalInsuranceConfig, options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningSubgraph> {
  const subgraph = buildMedicalInsuranceSubgraph(config, { env: options.env });
  try {
    await subgraph.cache?.ready(CACHE_READY_BUDGET_MS).catch((error: unknown) => {
      subgraph.options.logger.warn({ err: error }, 'cache not ready at start-up; reading through to the 医保 platform until it is');
    });
    const running = await startSubgraph({ ...subgraph.options, env: options.env, port: options.port ?? config.MEDICAL_INSURANCE_PORT });
    return { ...running, stop: async () => { await running.stop(); await subgraph.close(); } };
  } catch (error) {
    await subgraph.close();
    throw error;
  }
}

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningSubgraph> {
  return startMedicalInsuranceSubgraph(readMedicalInsuranceConfig(env), { ...options, env });
}
