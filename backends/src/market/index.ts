import { DEV_CREDENTIALS } from '@district/domain';
import type { Dataset } from '@district/dataset';
import { IdempotencyStore } from '../sim/idempotency.ts';
import { createSimServer, type SimReply, type SimServer } from '../sim/server.ts';
import { faultSettingsFromEnv, type FaultSettings } from '../sim/settings.ts';
import { RequestAuthenticator } from './auth.ts';
import type { MarketContext } from './context.ts';
import { MARKET_REPLIES } from './envelope.ts';
import { readRoutes } from './routes-read.ts';
import { writeRoutes } from './routes-write.ts';
import { MarketState } from './state.ts';

/**
 * Stand-in for the 市场监管 (market regulation) department's 市场主体登记 (enterprise
 * registration) system: a signed REST/JSON API in the registry's own vocabulary, over the shared
 * district dataset. API reference: backends/docs/market.md.
 */

export const MARKET_DEFAULTS: FaultSettings = { latencyMs: 20, jitter: 0.3, errorRate: 0, outage: false, rateLimitPerSecond: 500 };

export interface MarketBackendOptions {
  /** Fault and rate settings; default MARKET_DEFAULTS under MARKET_SIM_* environment variables. */
  settings?: FaultSettings;
  /** The one accepted app key and its HMAC secret; default DEV_CREDENTIALS.market. */
  credentials?: { appKey: string; appSecret: string };
  /** Clock for timestamp checks and the dates of writes; default the wall clock. */
  now?: () => Date;
}

export function createMarketBackend(dataset: Dataset, options: MarketBackendOptions = {}): SimServer {
  const now = options.now ?? (() => new Date());
  const credentials = options.credentials ?? DEV_CREDENTIALS.market;
  const ctx: MarketContext = {
    state: new MarketState(dataset),
    auth: new RequestAuthenticator(credentials, now),
    idempotency: new IdempotencyStore<SimReply>(),
    now,
  };
  return createSimServer({
    name: 'market',
    settings: options.settings ?? faultSettingsFromEnv('MARKET_SIM', MARKET_DEFAULTS),
    replies: MARKET_REPLIES,
    routes: [...readRoutes(ctx), ...writeRoutes(ctx)],
    resetState: () => {
      ctx.state.reset();
      ctx.idempotency.clear();
    },
  });
}

export { signMarketRequest } from './signature.ts';
