import { startSubgraph, type RunningSubgraph } from '@district/common';
import { readMedicalInsuranceConfig, type MedicalInsuranceConfig } from './config.ts';
import { buildMedicalInsuranceSubgraph } from './server.ts';

/** Starts the subgraph from a read config, on `options.port` (0 = a free one) or the configured port. */
export async function startMedicalInsuranceSubgraph(config: MedicalInsuranceConfig, options: { port?: number } = {}): Promise<RunningSubgraph> {
  const subgraph = buildMedicalInsuranceSubgraph(config);
  try {
    const running = await startSubgraph({ ...subgraph.options, port: options.port ?? config.MEDICAL_INSURANCE_PORT });
    return { ...running, stop: async () => { await running.stop(); await subgraph.close(); } };
  } catch (error) {
    await subgraph.close();
    throw error;
  }
}

/** Uniform entry for the stack starter and tests: start from an environment, on a port (0 = free). */
export async function start(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningSubgraph> {
  return startMedicalInsuranceSubgraph(readMedicalInsuranceConfig(env), options);
}
