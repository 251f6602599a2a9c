import { DEV_CREDENTIALS } from '@district/domain';
import type { Dataset } from '@district/dataset';
import { createSimServer, type NativeReplies, type SimServer } from '../sim/server.ts';
import { faultSettingsFromEnv, type FaultSettings } from '../sim/settings.ts';
import { CODES } from './codes.ts';
import { createRoutes, EXCHANGE_PATH } from './routes.ts';
import { RegistryState } from './state.ts';
import { renderResponse } from './xml.ts';

/**
 * Stand-in for the 不动产登记 (real-estate registry) exchange interface: XML over HTTP in the
 * vendors' style, deliberately unlike our GraphQL schema. API reference: backends/docs/real-estate.md.
 */

/** The slowest department: registry queries go through the vendor's exchange middleware. */
export const REAL_ESTATE_DEFAULTS: FaultSettings = { latencyMs: 60, jitter: 0.3, errorRate: 0, outage: false, rateLimitPerSecond: 200 };

export interface RealEstateBackendOptions {
  /** Defaults to REAL_ESTATE_DEFAULTS overridden by REAL_ESTATE_SIM_* variables. */
  settings?: FaultSettings;
  /** Defaults to DEV_CREDENTIALS.realEstate. */
  credentials?: { senderId: string; apiKey: string };
  /** The clock for 登簿时间 of writes and reply timestamps. */
  now?: () => Date;
}

/** How the registry fails: XML with its own codes, except an outage, which its gateway answers in plain text. */
const replies: NativeReplies = {
  outage: () => ({ status: 503, body: '503 Service Unavailable: 不动产登记信息共享交换平台维护中，请稍后再试', contentType: 'text/plain; charset=utf-8', headers: { 'retry-after': '30' } }),
  injectedError: () => renderResponse({ reply: CODES.SYSTEM_ERROR }),
  rateLimited: () => renderResponse({ reply: CODES.RATE_LIMITED, detail: '请求频率超过限制，请稍后重试', headers: { 'retry-after': '1' } }),
  notFound: (req) => renderResponse({ reply: CODES.NO_SUCH_ENDPOINT, detail: `${req.method} ${req.path} (use POST ${EXCHANGE_PATH})` }),
  internalError: () => renderResponse({ reply: CODES.SYSTEM_ERROR }),
  bodyTooLarge: () => renderResponse({ reply: CODES.BODY_TOO_LARGE }),
};

export function createRealEstateBackend(dataset: Dataset, options: RealEstateBackendOptions = {}): SimServer {
  const state = new RegistryState(dataset);
  return createSimServer({
    name: 'real-estate',
    settings: options.settings ?? faultSettingsFromEnv('REAL_ESTATE_SIM', REAL_ESTATE_DEFAULTS),
    replies,
    routes: createRoutes({ dataset, state, credentials: options.credentials ?? DEV_CREDENTIALS.realEstate, now: options.now ?? (() => new Date()) }),
    resetState: () => state.reset(),
  });
}

export { deriveHoldings } from './records.ts';
