import type { ApolloServer } from '@apollo/server';
import { BackendTransport, readDepartmentReads, type DepartmentReads, type TwoTierCache } from '@district/department-access';
import { createLogger, type Logger } from '@district/runtime';
import { createSubgraphServer, loadSchemaFile, type SubgraphServerOptions } from '@district/subgraph-kit';
import { MedicalInsuranceAdapter } from './adapter.ts';
import { CACHE_POLICIES } from './cache-policy.ts';
import type { MedicalInsuranceConfig } from './config.ts';
import { createContextFactory, type MedicalInsuranceContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = loadSchemaFile(new URL('./schema.graphql', import.meta.url));
export { resolvers };

export interface MedicalInsuranceSubgraph {
  /** Everything startSubgraph needs but the port. */
  options: Omit<SubgraphServerOptions<MedicalInsuranceContext>, 'port' | 'host'>;
  adapter: MedicalInsuranceAdapter;
  /** Every backend read goes through this: cache, retries, circuit breaker, stale-if-error. */
  reads: DepartmentReads;
  /** The cache behind `reads`; null when CACHE_ENABLED=false. */
  cache: TwoTierCache | null;
  /** Closes the backend connection pool and the cache; call after the server stopped. */
  close(): Promise<void>;
}

/**
 * Wires config → transport → adapter, and env → cache + resilience → department reads, then the
 * per-request context. One transport (and so one cap on calls in flight), one cache and one
 * circuit breaker per process, whatever the number of requests: that is what keeps the platform's
 * rate limit, and what lets one request's failures spare the next one the calls.
 *
 * `env` is read for the shared settings of every department subgraph (department-config.ts):
 * REDIS_URL, CACHE_PREFIX, CACHE_ENABLED and MEDICAL_INSURANCE_RETRIES, _RETRY_BASE_MS,
 * _RETRY_MAX_MS, _BREAKER_THRESHOLD, _BREAKER_HALF_OPEN_MS, _RETRY_TIMEOUTS, _CACHE_POLICIES.
 */
export function buildMedicalInsuranceSubgraph(
  config: MedicalInsuranceConfig,
  deps: { logger?: Logger; env?: NodeJS.ProcessEnv } = {},
): MedicalInsuranceSubgraph {
  const logger = deps.logger ?? createLogger('subgraph-medical-insurance');
  const { reads, cache } = readDepartmentReads({
    department: 'MEDICAL_INSURANCE',
    prefix: 'MEDICAL_INSURANCE',
    subgraph: 'medical-insurance',
    policies: { ...CACHE_POLICIES },
    env: deps.env ?? process.env,
    logger,
  });
  const transport = new BackendTransport({
    department: 'MEDICAL_INSURANCE',
    baseUrl: config.MEDICAL_INSURANCE_BACKEND_URL,
    timeoutMs: config.MEDICAL_INSURANCE_TIMEOUT_MS,
    maxConcurrent: config.MEDICAL_INSURANCE_MAX_CONCURRENCY,
    // No batch lookup here: a dashboard is one read per employer, all admitted by the breaker at
    // once, so the calls still queued for a slot when it opens must fail fast, not go out.
    breaker: reads.resilience,
  });
  const adapter = new MedicalInsuranceAdapter({
    transport,
    logger,
    senderCode: config.MEDICAL_INSURANCE_SENDER_CODE,
    signNo: config.MEDICAL_INSURANCE_SIGN_NO,
  });
  return {
    options: { name: 'medical-insurance', typeDefs, resolvers: resolvers as any, logger, context: createContextFactory({ adapter, reads, logger }) },
    adapter,
    reads,
    cache,
    close: async () => {
      await transport.close();
      await cache?.close();
    },
  };
}

/** The Apollo server alone, bound to no port (in-process use: `executeOperation` with `contextValue`). */
export function createMedicalInsuranceServer(subgraph: MedicalInsuranceSubgraph): ApolloServer<MedicalInsuranceContext> {
  return createSubgraphServer<MedicalInsuranceContext>(subgraph.options);
}
