import { DEV_CREDENTIALS } from '@district/domain';
import { departmentConfig } from '@district/subgraph-kit';
import { TAX_CACHE_POLICIES } from './cache-policy.ts';

/**
 * The tax subgraph's settings (packages/subgraph-kit/src/department-config.ts): TAX_PORT,
 * TAX_BACKEND_URL (the 税务 service bus, its front proxy), TAX_TIMEOUT_MS, TAX_MAX_CONCURRENCY, the
 * credentials below, and the bus reads' under the TAX_ prefix (cache, resilience,
 * TAX_CACHE_POLICIES over cache-policy.ts).
 */
export const config = departmentConfig({
  department: 'TAX',
  // The bus accepts 300 requests/s; at its fastest (~20 ms a call) 6 in flight stay under that,
  // and with 50 taxpayers a call, 6 is plenty.
  defaults: { timeoutMs: 3000, maxConcurrency: 6 },
  /** 渠道标识 and 渠道令牌 the bureau issued to this system, sent in every request head. */
  credentials: {
    TAX_CHANNEL_ID: { meaning: '渠道标识 (channel id) the tax bureau issued to us, in every request head', development: DEV_CREDENTIALS.tax.channelId, refusal: 'the development channel id is refused in production; set the one the tax bureau issued' },
    TAX_TOKEN: { meaning: '渠道令牌 (channel token) that goes with the channel id, in every request head', development: DEV_CREDENTIALS.tax.token, refusal: 'the development channel token is refused in production; set the one the tax bureau issued' },
  },
  cachePolicies: TAX_CACHE_POLICIES,
});
export type TaxConfig = ReturnType<typeof config.readConfig>;

/** The subgraph's own settings; every setting at once, nothing opened (`npm start`'s check reads it here). */
export const { readConfig, check: checkConfig } = config;
