import { DEV_CREDENTIALS } from '@district/domain';
import { departmentConfig } from '@district/subgraph-kit';
import { MARKET_CACHE_POLICIES, SEARCH_KIND } from './cache-policy.ts';

/**
 * The market subgraph's settings (packages/subgraph-kit/src/department-config.ts): MARKET_PORT,
 * MARKET_BACKEND_URL (the 市场监管 registry API), MARKET_TIMEOUT_MS, MARKET_MAX_CONCURRENCY, the
 * credentials below, and the registry reads' under the MARKET_ prefix (cache, resilience,
 * MARKET_CACHE_POLICIES over cache-policy.ts).
 */
export const config = departmentConfig({
  department: 'MARKET',
  // Registry calls in flight, process-wide: the registry allows 500 requests/s.
  defaults: { timeoutMs: 3000, maxConcurrency: 16 },
  credentials: {
    MARKET_APP_KEY: { meaning: 'X-App-Key the market registry issued to us', development: DEV_CREDENTIALS.market.appKey, refusal: 'the development app key is refused in production; set the key the registry issued' },
    MARKET_APP_SECRET: { meaning: 'HMAC-SHA256 secret that goes with the app key (signs every request; never logged, never sent)', development: DEV_CREDENTIALS.market.appSecret, refusal: 'the development secret is refused in production; set the secret the registry issued' },
  },
  cachePolicies: MARKET_CACHE_POLICIES,
  // A registration act may move any search page (a row added, dropped or renamed): searches are dropped whole.
  wholeKinds: [SEARCH_KIND],
});
export type MarketConfig = ReturnType<typeof config.readConfig>;

/** The subgraph's own settings; every setting at once, nothing opened (`npm start`'s check reads it here). */
export const { readConfig, check: checkConfig } = config;
