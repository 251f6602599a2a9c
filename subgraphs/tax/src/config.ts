import { z } from 'zod';
import { DEV_CREDENTIALS } from '@district/domain';
import { departmentConfig, departmentVariables } from '@district/subgraph-kit';
import { env, loadConfig } from '@district/runtime';
import { TAX_CACHE_POLICIES } from './cache-policy.ts';

const DEV = DEV_CREDENTIALS.tax;

/** Configuration of the 税务 (tax) subgraph, read once at start-up. */
export const ConfigSchema = z.object({
  // TAX_PORT, TAX_BACKEND_URL (the 税务 service bus, its front proxy), TAX_TIMEOUT_MS and
  // TAX_MAX_CONCURRENCY: the bus accepts 300 requests/s; at its fastest (~20 ms a call) 6 in
  // flight stay under that, and with 50 taxpayers a call, 6 is plenty.
  ...departmentVariables('TAX', { port: 4002, backendUrl: 'http://127.0.0.1:5002', timeoutMs: 3000, maxConcurrency: 6 }),
  /** 渠道标识 and 渠道令牌 the bureau issued to this system, sent in every request head. */
  TAX_CHANNEL_ID: env.string(DEV.channelId),
  TAX_TOKEN: env.string(DEV.token),
});
export type TaxConfig = z.infer<typeof ConfigSchema>;

/** Reads and checks the configuration; production refuses the development channel credentials. */
export function readConfig(e: NodeJS.ProcessEnv = process.env): TaxConfig {
  return loadConfig(ConfigSchema, e, (config, problem) => {
    if (config.NODE_ENV !== 'production') return;
    // The development pair ships in the repository: never present it to a real bureau.
    if (config.TAX_CHANNEL_ID === DEV.channelId) problem('TAX_CHANNEL_ID: the development channel id is refused in production; set the one the tax bureau issued');
    if (config.TAX_TOKEN === DEV.token) problem('TAX_TOKEN: the development channel token is refused in production; set the one the tax bureau issued');
  });
}

/**
 * The subgraph's settings for the template: its own (above), the bus reads' under the TAX_ prefix
 * (cache, resilience, TAX_CACHE_POLICIES over cache-policy.ts) and the signed context's.
 */
export const config = departmentConfig({ department: 'TAX', readConfig, cachePolicies: TAX_CACHE_POLICIES });

/** Every setting at once, nothing opened: `npm start`'s check reads it here, without loading the subgraph. */
export const checkConfig = config.check;
