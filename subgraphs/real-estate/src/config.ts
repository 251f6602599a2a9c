import { z } from 'zod';
import { DEV_CREDENTIALS } from '@district/domain';
import { checkDepartmentSubgraphConfig } from '@district/department-access';
import { env, isProduction, loadConfig } from '@district/runtime';
import { REAL_ESTATE_CACHE_POLICIES } from './cache-policy.ts';

/** Configuration of the 不动产登记 (real-estate registry) subgraph, read once at start-up. */
export const RealEstateConfigSchema = z.object({
  NODE_ENV: env.mode(),
  REAL_ESTATE_PORT: env.partPort('real-estate'),
  /** The registry's exchange interface (交换接口); the stand-in listens on 5004. */
  REAL_ESTATE_BACKEND_URL: env.partUrl('real-estate-backend'),
  /** Head/SenderId and Head/ApiKey of every request; the registry issues them to each calling system. */
  REAL_ESTATE_SENDER_ID: env.string(DEV_CREDENTIALS.realEstate.senderId),
  REAL_ESTATE_API_KEY: env.string(DEV_CREDENTIALS.realEstate.apiKey),
  /** Whole-call budget: the registry is the slowest department (≈60 ms typical), so 3 s is generous. */
  REAL_ESTATE_TIMEOUT_MS: env.ms(3000),
  /** Calls in flight to the registry, process-wide: keeps us well inside its rate limit (200 requests/s). */
  REAL_ESTATE_MAX_CONCURRENCY: env.int(8, 1),
});
export type RealEstateConfig = z.infer<typeof RealEstateConfigSchema>;

export function readRealEstateConfig(e: NodeJS.ProcessEnv = process.env): RealEstateConfig {
  return loadConfig(RealEstateConfigSchema, e, (config, problem) => {
    if (!isProduction(e)) return;
    // The development credentials are public (they ship in the repository): never talk to a real registry with them.
    if (config.REAL_ESTATE_SENDER_ID === DEV_CREDENTIALS.realEstate.senderId) problem('REAL_ESTATE_SENDER_ID: the development sender id is refused in production; set the one the registry issued');
    if (config.REAL_ESTATE_API_KEY === DEV_CREDENTIALS.realEstate.apiKey) problem('REAL_ESTATE_API_KEY: the development API key is refused in production; set the one the registry issued');
  });
}

/** Every setting of the subgraph at once, nothing opened (start-up, `npm start`'s check). */
export function checkConfig(e: NodeJS.ProcessEnv): void {
  checkDepartmentSubgraphConfig(e, { readOwn: readRealEstateConfig, prefix: 'REAL_ESTATE', policies: REAL_ESTATE_CACHE_POLICIES });
}
