import { postSigned } from '@district/subgraph-kit/testing';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMarketBackend, MARKET_DEFAULTS } from '@district/backends/market/index';
import { getDataset, type Dataset } from '@district/dataset';
import type { FaultSettings } from '@district/backends/sim/settings';
import type { SimServer } from '@district/backends/sim/server';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { start } from './index.ts';

/**
 * Test kit: the real market stand-in in this process (no latency, no rate limit unless asked)
 * and this subgraph in front of it, both on free ports.
 */
export interface MarketStack {
  dataset: Dataset;
  sim: SimServer;
  backendUrl: string;
  subgraph: RunningSubgraph;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: any[] }>;
  /** Registry requests since the last reset, per route too. */
  calls(): { requests: number; byRoute: Record<string, number> };
  stop(): Promise<void>;
}

export const QUIET: Partial<FaultSettings> = { latencyMs: 0, rateLimitPerSecond: 0 };

let stacks = 0;
/** A cache namespace per stack (and per run), so stacks and runs sharing one Redis never see each other's entries. */
export const uniqueCachePrefix = () => `t:${process.pid}:${Date.now()}:${++stacks}`;

export interface MarketStackOptions {
  settings?: Partial<FaultSettings>;
  /** Over the test defaults: NODE_ENV=test, a fresh CACHE_PREFIX, REDIS_URL when the run has one. */
  env?: Record<string, string>;
  /** Something the subgraph talks to instead of the registry stand-in (a FlakyFront over it). */
  front?: (backendUrl: string) => Promise<{ url: string; close(): Promise<void> }>;
}

export async function startMarketStack(options: MarketStackOptions = {}): Promise<MarketStack> {
  const dataset = getDataset();
  const sim = createMarketBackend(dataset, { settings: { ...MARKET_DEFAULTS, ...QUIET, ...options.settings } });
  const backendUrl = `http://127.0.0.1:${await sim.listen(0)}`;
  const front = options.front ? await options.front(backendUrl) : undefined;
  const subgraph = await start({
    NODE_ENV: 'test',
    MARKET_BACKEND_URL: front?.url ?? backendUrl,
    CACHE_PREFIX: uniqueCachePrefix(),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...options.env,
  }, { port: 0 });
  return {
    dataset, sim, backendUrl, subgraph,
    async gql(query, variables) {
      const { text: _text, ...reply } = await postSigned(subgraph.url, query, variables);
      return reply;
    },
    calls: () => {
      const { requests, byRoute } = sim.stats();
      return { requests, byRoute };
    },
    async stop() {
      await subgraph.stop();
      await front?.close();
      await sim.close();
    },
  };
}

/** `_entities` for enterprises by USCC with the given selection on Enterprise. */
export const entitiesQuery = (selection: string) =>
  `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { ${selection} } } }`;
export const enterpriseReps = (usccs: readonly string[]) => usccs.map((uscc) => ({ __typename: 'Enterprise', uscc }));

/**
 * A front for the registry stand-in that fails the first `failFirst` requests with the registry's
 * own internal-error reply (E5000, HTTP 500) and passes the rest through byte for byte. With
 * `forwardFailed`, a failed request still reaches the registry first (its reply is lost on the
 * way back), so the registry has seen that request's nonce: a retry that resent the same signed
 * request would be refused as a replay (E1003). `seen` records every request's nonce and timestamp.
 */
export interface FlakyFront {
  url: string;
  seen: Array<{ nonce: string; timestamp: string; failed: boolean }>;
  close(): Promise<void>;
}

export async function flakyFront(backendUrl: string, plan: { failFirst: number; forwardFailed?: boolean }): Promise<FlakyFront> {
  const seen: FlakyFront['seen'] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const failed = seen.length < plan.failFirst;
    seen.push({ nonce: String(req.headers['x-nonce']), timestamp: String(req.headers['x-timestamp']), failed });
    try {
      if (!failed || plan.forwardFailed) {
        const headers: Record<string, string> = {};
        for (const name of ['x-app-key', 'x-timestamp', 'x-nonce', 'x-signature', 'content-type', 'accept']) {
          if (req.headers[name] !== undefined) headers[name] = String(req.headers[name]);
        }
        const upstream = await fetch(backendUrl + req.url, { method: req.method, headers, body: req.method === 'GET' ? undefined : Buffer.concat(chunks) });
        const text = await upstream.text();
        if (!failed) return void res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
      }
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'E5000', message: '系统内部错误: injected by the test front', data: null }));
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
