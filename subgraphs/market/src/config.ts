import { z } from 'zod';
import { checkDepartmentSubgraphConfig, readDepartmentReads, type DepartmentReads, type TwoTierCache } from '@district/department-access';
import { env, loadConfig, type Logger } from '@district/runtime';
import { DEV_CREDENTIALS } from '@district/domain';
import { MARKET_CACHE_POLICIES, SEARCH_KIND } from './cache-policy.ts';

export const MarketConfigSchema = z.object({
  NODE_ENV: env.mode(),
  MARKET_PORT: env.partPort('market'),
  /** Base URL of the 市场监管 registry API. */
  MARKET_BACKEND_URL: env.partUrl('market-backend'),
  /** X-App-Key issued to us by the registry. */
  MARKET_APP_KEY: env.string(DEV_CREDENTIALS.market.appKey),
  /** HMAC-SHA256 secret that goes with the app key; never logged, never sent. */
  MARKET_APP_SECRET: env.string(DEV_CREDENTIALS.market.appSecret),
  /** Whole-call budget for one registry call. */
  MARKET_TIMEOUT_MS: env.ms(3000),
  /** Registry calls in flight at once, process-wide (the registry allows 500 requests/s). */
  MARKET_MAX_CONCURRENCY: env.int(16, 1),
});
export type MarketConfig = z.infer<typeof MarketConfigSchema>;

/** Reads the config; production refuses the development credentials, naming the variable. */
export function readMarketConfig(e: NodeJS.ProcessEnv = process.env): MarketConfig {
  return loadConfig(MarketConfigSchema, e, (config, problem) => {
    if (config.NODE_ENV !== 'production') return;
    if (config.MARKET_APP_KEY === DEV_CREDENTIALS.market.appKey) problem('MARKET_APP_KEY: the development app key is refused in production; set the key the registry issued');
    if (config.MARKET_APP_SECRET === DEV_CREDENTIALS.market.appSecret) problem('MARKET_APP_SECRET: the development secret is refused in production; set the secret the registry issued');
  });
}

/** Every setting of the subgraph at once, nothing opened (start-up, `npm start`'s check). */
export function checkConfig(e: NodeJS.ProcessEnv): void {
  checkDepartmentSubgraphConfig(e, { readOwn: readMarketConfig, prefix: 'MARKET', policies: MARKET_CACHE_POLICIES });
}

/**
 * The registry's reads: cache (REDIS_URL, CACHE_PREFIX, CACHE_ENABLED), resilience (MARKET_RETRIES,
 * MARKET_RETRY_BASE_MS, MARKET_RETRY_MAX_MS, MARKET_BREAKER_THRESHOLD, MARKET_BREAKER_HALF_OPEN_MS,
 * MARKET_RETRY_TIMEOUTS) and per-kind cache policies (MARKET_CACHE_POLICIES over cache-policy.ts),
 * read the way every department subgraph reads them (packages/department-access/src/department-config.ts). Once per process.
 */
export function readMarketReads(e: NodeJS.ProcessEnv, logger: Logger): { reads: DepartmentReads; cache: TwoTierCache | null } {
  // A registration act may move any search page (a row added, dropped or renamed): searches are dropped whole.
  return readDepartmentReads({ department: 'MARKET', prefix: 'MARKET', subgraph: 'market', policies: MARKET_CACHE_POLICIES, env: e, logger, wholeKinds: [SEARCH_KIND] });
}
