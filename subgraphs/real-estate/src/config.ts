import { DEV_CREDENTIALS } from '@district/domain';
import { departmentConfig } from '@district/subgraph-kit';
import { REAL_ESTATE_CACHE_POLICIES } from './cache-policy.ts';

/**
 * The 不动产登记 subgraph's settings (packages/subgraph-kit/src/department-config.ts):
 * REAL_ESTATE_PORT, REAL_ESTATE_BACKEND_URL (the registry's exchange interface, 交换接口),
 * REAL_ESTATE_TIMEOUT_MS, REAL_ESTATE_MAX_CONCURRENCY, the credentials below, and the registry
 * reads' under the REAL_ESTATE_ prefix (cache, resilience, REAL_ESTATE_CACHE_POLICIES over cache-policy.ts).
 */
export const config = departmentConfig({
  department: 'REAL_ESTATE',
  // The registry is the slowest department (≈60 ms typical), so 3 s is generous; 8 calls in
  // flight keep us well inside its rate limit (200 requests/s).
  defaults: { timeoutMs: 3000, maxConcurrency: 8 },
  /** Head/SenderId and Head/ApiKey of every request; the registry issues them to each calling system. */
  credentials: {
    REAL_ESTATE_SENDER_ID: { meaning: 'Head/SenderId the real-estate registry issued to us', development: DEV_CREDENTIALS.realEstate.senderId, refusal: 'the development sender id is refused in production; set the one the registry issued' },
    REAL_ESTATE_API_KEY: { meaning: 'Head/ApiKey that goes with the sender id', development: DEV_CREDENTIALS.realEstate.apiKey, refusal: 'the development API key is refused in production; set the one the registry issued' },
  },
  cachePolicies: REAL_ESTATE_CACHE_POLICIES,
});
export type RealEstateConfig = ReturnType<typeof config.readConfig>;

/** The subgraph's own settings; every setting at once, nothing opened (`npm start`'s check reads it here). */
export const { readConfig, check: checkConfig } = config;
