import { z } from 'zod';
import { departmentConfig, departmentVariables } from '@district/subgraph-kit';
import { env, loadConfig } from '@district/runtime';
import { DEV_CREDENTIALS } from '@district/domain';
import { MARKET_CACHE_POLICIES, SEARCH_KIND } from './cache-policy.ts';

export const ConfigSchema = z.object({
  // MARKET_PORT, MARKET_BACKEND_URL (the 市场监管 registry API), MARKET_TIMEOUT_MS and
  // MARKET_MAX_CONCURRENCY (registry calls in flight, process-wide: the registry allows 500 requests/s).
  ...departmentVariables('MARKET', { port: 4001, backendUrl: 'http://127.0.0.1:5001', timeoutMs: 3000, maxConcurrency: 16 }),
  /** X-App-Key issued to us by the registry. */
  MARKET_APP_KEY: env.string(DEV_CREDENTIALS.market.appKey),
  /** HMAC-SHA256 secret that goes with the app key; never logged, never sent. */
  MARKET_APP_SECRET: env.string(DEV_CREDENTIALS.market.appSecret),
});
export type MarketConfig = z.infer<typeof ConfigSchema>;

/** Reads the config; production refuses the development credentials, naming the variable. */
export function readConfig(e: NodeJS.ProcessEnv = process.env): MarketConfig {
  return loadConfig(ConfigSchema, e, (config, problem) => {
    if (config.NODE_ENV !== 'production') return;
    if (config.MARKET_APP_KEY === DEV_CREDENTIALS.market.appKey) problem('MARKET_APP_KEY: the development app key is refused in production; set the key the registry issued');
    if (config.MARKET_APP_SECRET === DEV_CREDENTIALS.market.appSecret) problem('MARKET_APP_SECRET: the development secret is refused in production; set the secret the registry issued');
  });
}

/**
 * The subgraph's settings for the template: its own (above), the registry reads' under the MARKET_
 * prefix (cache, resilience, MARKET_CACHE_POLICIES over cache-policy.ts) and the signed context's.
 * A registration act may move any search page (a row added, dropped or renamed): searches are
 * dropped whole.
 */
export const config = departmentConfig({ department: 'MARKET', readConfig, cachePolicies: MARKET_CACHE_POLICIES, wholeKinds: [SEARCH_KIND] });

/** Every setting at once, nothing opened: `npm start`'s check reads it here, without loading the subgraph. */
export const checkConfig = config.check;
