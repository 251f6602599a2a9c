import { z } from 'zod';
import { DEV_CREDENTIALS } from '@district/domain';
import { checkDepartmentSubgraphConfig, readDepartmentReads, type DepartmentReads, type TwoTierCache } from '@district/department-access';
import { env, loadConfig, type Logger } from '@district/runtime';
import { TAX_CACHE_POLICIES } from './cache-policy.ts';

const DEV = DEV_CREDENTIALS.tax;

/** Configuration of the 税务 (tax) subgraph, read once at start-up. */
export const TaxConfigSchema = z.object({
  NODE_ENV: env.mode(),
  TAX_PORT: env.partPort('tax'),
  /** The 税务 service bus (its front proxy); the local stand-in listens on 5002. */
  TAX_BACKEND_URL: env.partUrl('tax-backend'),
  /** 渠道标识 and 渠道令牌 the bureau issued to this system, sent in every request head. */
  TAX_CHANNEL_ID: env.string(DEV.channelId),
  TAX_TOKEN: env.string(DEV.token),
  /** Whole-call budget per bus call, milliseconds. */
  TAX_TIMEOUT_MS: env.int(3000, 1),
  /**
   * Calls in flight to the bus, process-wide. It accepts 300 requests/s; at its fastest (~20 ms a
   * call) 6 in flight stay under that, and with 50 taxpayers a call, 6 is plenty.
   */
  TAX_MAX_CONCURRENCY: env.int(6, 1),
});
export type TaxConfig = z.infer<typeof TaxConfigSchema>;

/** Reads and checks the configuration; production refuses the development channel credentials. */
export function readTaxConfig(e: NodeJS.ProcessEnv = process.env): TaxConfig {
  return loadConfig(TaxConfigSchema, e, (config, problem) => {
    if (config.NODE_ENV !== 'production') return;
    // The development pair ships in the repository: never present it to a real bureau.
    if (config.TAX_CHANNEL_ID === DEV.channelId) problem('TAX_CHANNEL_ID: the development channel id is refused in production; set the one the tax bureau issued');
    if (config.TAX_TOKEN === DEV.token) problem('TAX_TOKEN: the development channel token is refused in production; set the one the tax bureau issued');
  });
}

/** Every setting of the subgraph at once, nothing opened (start-up, `npm start`'s check). */
export function checkConfig(e: NodeJS.ProcessEnv): void {
  checkDepartmentSubgraphConfig(e, { readOwn: readTaxConfig, prefix: 'TAX', policies: TAX_CACHE_POLICIES });
}

/**
 * The bus's reads: cache (REDIS_URL, CACHE_PREFIX, CACHE_ENABLED), resilience (TAX_RETRIES,
 * TAX_RETRY_BASE_MS, TAX_RETRY_MAX_MS, TAX_BREAKER_THRESHOLD, TAX_BREAKER_HALF_OPEN_MS,
 * TAX_RETRY_TIMEOUTS) and the per-kind cache policies (TAX_CACHE_POLICIES over cache-policy.ts),
 * read the way every department subgraph reads them (packages/department-access/src/department-config.ts). Once per
 * process: the policies in force are `reads.policies`, nobody parses the variable again.
 */
export function readTaxReads(e: NodeJS.ProcessEnv, logger: Logger): { reads: DepartmentReads; cache: TwoTierCache | null } {
  return readDepartmentReads({ department: 'TAX', prefix: 'TAX', subgraph: 'tax', policies: TAX_CACHE_POLICIES, env: e, logger });
}
