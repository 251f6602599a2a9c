import type { ApolloServer } from '@apollo/server';
import { BackendTransport, createLogger, createSubgraphServer, loadSchemaFile, type Logger, type SubgraphServerOptions } from '@district/common';
import { MedicalInsuranceAdapter } from './adapter.ts';
import type { MedicalInsuranceConfig } from './config.ts';
import { createContextFactory, type MedicalInsuranceContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));
export { resolvers };

export interface MedicalInsuranceSubgraph {
  /** Everything startSubgraph needs but the port. */
  options: Omit<SubgraphServerOptions<MedicalInsuranceContext>, 'port' | 'host'>;
  adapter: MedicalInsuranceAdapter;
  /** Closes the backend connection pool; call after the server stopped. */
  close(): Promise<void>;
}

/**
 * Wires config → transport → adapter → per-request context. One transport (and so one cap on
 * calls in flight) per process, whatever the number of requests: that is what keeps the
 * platform's rate limit.
 */
export function buildMedicalInsuranceSubgraph(config: MedicalInsuranceConfig, deps: { logger?: Logger } = {}): MedicalInsuranceSubgraph {
  const logger = deps.logger ?? createLogger('subgraph-medical-insurance');
  const transport = new BackendTransport({
    department: 'MEDICAL_INSURANCE',
    baseUrl: config.MEDICAL_INSURANCE_BACKEND_URL,
    timeoutMs: config.MEDICAL_INSURANCE_TIMEOUT_MS,
    maxConcurrent: config.MEDICAL_INSURANCE_MAX_CONCURRENCY,
  });
  const adapter = new MedicalInsuranceAdapter({
    transport,
    logger,
    senderCode: config.MEDICAL_INSURANCE_SENDER_CODE,
    signNo: config.MEDICAL_INSURANCE_SIGN_NO,
  });
  return {
    options: { name: 'medical-insurance', typeDefs, resolvers: resolvers as any, logger, context: createContextFactory({ adapter, logger }) },
    adapter,
    close: () => transport.close(),
  };
}

/** The Apollo server alone, bound to no port (in-process use: `executeOperation` with `contextValue`). */
export function createMedicalInsuranceServer(subgraph: MedicalInsuranceSubgraph): ApolloServer<MedicalInsuranceContext> {
  return createSubgraphServer<MedicalInsuranceContext>(subgraph.options);
}
