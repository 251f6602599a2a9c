import { DEV_CREDENTIALS } from '@district/domain';
import { getDataset } from '@district/dataset';
import type { SimServer } from '../sim/server.ts';
import { QUIET, type FaultSettings } from '../sim/settings.ts';
import { createMarketBackend, type MarketBackendOptions } from './index.ts';
import { signMarketRequest } from './signature.ts';

/** Test helper: a market backend on a free port and a signing client, as an adapter would call it. */

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: { code: string; message: string; data: T };
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is, not JSON-encoded (for malformed bodies). */
  rawBody?: string;
  idempotencyKey?: string;
  /** Overrides for the signing input (wrong secret, stale timestamp, fixed nonce ...). */
  sign?: Partial<{ appKey: string; appSecret: string; timestamp: number; nonce: string }>;
  /** Extra or replacing headers, applied after signing. */
  headers?: Record<string, string>;
}

export interface MarketClient {
  sim: SimServer;
  base: string;
  call<T = any>(method: string, pathWithQuery: string, options?: CallOptions): Promise<Reply<T>>;
  close(): Promise<void>;
}

export async function startMarket(settings: Partial<FaultSettings> = {}, options: Omit<MarketBackendOptions, 'settings'> = {}): Promise<MarketClient> {
  const sim = createMarketBackend(getDataset(), { ...options, settings: { ...QUIET, ...settings } });
  const base = `http://127.0.0.1:${await sim.listen(0)}`;
  const creds = options.credentials ?? DEV_CREDENTIALS.market;
  return {
    sim,
    base,
    async call(method, pathWithQuery, o = {}) {
      const body = o.rawBody ?? (o.body === undefined ? '' : JSON.stringify(o.body));
      const signed = signMarketRequest({ method, pathWithQuery, body, ...creds, ...o.sign });
      const headers: Record<string, string> = { ...signed, 'content-type': 'application/json', ...o.headers };
      if (o.idempotencyKey) headers['Idempotency-Key'] = o.idempotencyKey;
      const res = await fetch(base + pathWithQuery, { method, headers, body: method === 'GET' ? undefined : body });
      return { status: res.status, headers: res.headers, body: await res.json() };
    },
    close: () => sim.close(),
  };
}

/** URL-encodes query parameters the canonical way (URLSearchParams). */
export const q = (path: string, params: Record<string, string | number>) =>
  `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
