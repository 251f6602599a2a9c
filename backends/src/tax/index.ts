import { DEV_CREDENTIALS } from '@district/domain';
import type { Dataset } from '@district/dataset';
import { maxDate } from '@district/dataset/dates';
import { createSimServer, type SimServer } from '../sim/server.ts';
import type { FaultSettings } from '../sim/settings.ts';
import { TAX_REPLIES } from './envelope.ts';
import { readRoutes } from './routes-read.ts';
import { writeRoutes } from './routes-write.ts';
import { TaxState } from './state.ts';

/**
 * Stand-in for the 税务 (tax, 金税-style) department system: a service bus of POST
 * /gt3/esb/<tranId> services with `{head, body}` envelopes, pinyin field names and code tables.
 * See backends/docs/tax.md for the wire reference.
 */

export const TAX_DEFAULTS: FaultSettings = { latencyMs: 30, jitter: 0.3, errorRate: 0, outage: false, rateLimitPerSecond: 300 };

export interface TaxBackendOptions {
  settings?: FaultSettings;
  /** 渠道 credentials callers must present in the head; defaults to the development pair. */
  credentials?: { channelId: string; token: string };
  /** Wall clock for the business date of writes (never earlier than the dataset's asOf). */
  now?: () => Date;
}

/** yyyy-MM-dd in China Standard Time (UTC+8), where the bureau's business day is counted. */
const chinaDate = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export function createTaxBackend(dataset: Dataset, options: TaxBackendOptions = {}): SimServer {
  const state = new TaxState();
  const now = options.now ?? (() => new Date());
  const ctx = {
    dataset, state,
    credentials: options.credentials ?? DEV_CREDENTIALS.tax,
    businessDate: () => maxDate(chinaDate(now()), dataset.asOf),
  };
  return createSimServer({
    name: 'tax',
    routes: [...readRoutes(ctx), ...writeRoutes(ctx)],
    replies: TAX_REPLIES,
    settings: options.settings ?? TAX_DEFAULTS,
    resetState: () => state.reset(),
  });
}

export { deriveTaxpayer } from './records.ts';
