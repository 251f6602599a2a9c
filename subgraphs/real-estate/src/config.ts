import { z } from 'zod';
import { DEV_CREDENTIALS } from '@district/domain';
import { departmentConfig, departmentVariables } from '@district/subgraph-kit';
import { env, isProduction, loadConfig } from '@district/runtime';
import { REAL_ESTATE_CACHE_POLICIES } from './cache-policy.ts';

/** Configuration of the 不动产登记 (real-estate registry) subgraph, read once at start-up. */
export const ConfigSchema = z.object({
  // REAL_ESTATE_PORT, REAL_ESTATE_BACKEND_URL (the registry's exchange interface, 交换接口),
  // REAL_ESTATE_TIMEOUT_MS (the registry is the slowest department, ≈60 ms typical, so 3 s is
  // generous) and REAL_ESTATE_MAX_CONCURRENCY (well inside its rate limit of 200 requests/s).
  ...departmentVariables('REAL_ESTATE', { port: 4004, backendUrl: 'http://127.0.0.1:5004', timeoutMs: 3000, maxConcurrency: 8 }),
  /** Head/SenderId and Head/ApiKey of every request; the registry issues them to each calling system. */
  REAL_ESTATE_SENDER_ID: env.string(DEV_CREDENTIALS.realEstate.senderId),
  REAL_ESTATE_API_KEY: env.string(DEV_CREDENTIALS.realEstate.apiKey),
});
export type RealEstateConfig = z.infer<typeof ConfigSchema>;

export function readConfig(e: NodeJS.ProcessEnv = process.env): RealEstateConfig {
  return loadConfig(ConfigSchema, e, (config, problem) => {
    if (!isProduction(e)) return;
    // The development credentials are public (they ship in the repository): never talk to a real registry with them.
    if (config.REAL_ESTATE_SENDER_ID === DEV_CREDENTIALS.realEstate.senderId) problem('REAL_ESTATE_SENDER_ID: the development sender id is refused in production; set the one the registry issued');
    if (config.REAL_ESTATE_API_KEY === DEV_CREDENTIALS.realEstate.apiKey) problem('REAL_ESTATE_API_KEY: the development API key is refused in production; set the one the registry issued');
  });
}

/**
 * The subgraph's settings for the template: its own (above), the registry reads' under the
 * REAL_ESTATE_ prefix (cache, resilience, REAL_ESTATE_CACHE_POLICIES over cache-policy.ts) and the
 * signed context's.
 */
export const config = departmentConfig({ department: 'REAL_ESTATE', readConfig, cachePolicies: REAL_ESTATE_CACHE_POLICIES });

/** Every setting at once, nothing opened: `npm start`'s check reads it here, without loading the subgraph. */
export const checkConfig = config.check;
