import { postSigned, startDepartmentForTest } from '@district/subgraph-kit/testing';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMarketBackend, MARKET_DEFAULTS } from '@district/backends/market/index';
import { getDataset, type Dataset } from '@district/dataset';
import type { FaultSettings } from '@district/backends/sim/settings';
import type { SimServer } from '@district/backends/sim/server';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { departmentSubgraph } from './index.ts';

/**
 * Test kit: the real market stand-in in this process (no latency, no rate limit unless asked)
 * and this subgraph in front of it, both on free ports.
 */
export const QUIET: Partial<FaultSettings> = { latencyMs: 0, rateLimitPerSecond: 0 };

/** The registry stand-in on a free port. */
export async function startBackend(settings: Partial<FaultSettings> = {}) {
  const dataset = getDataset();
  const sim = createMarketBackend(dataset, { settings: { ...MARKET_DEFAULTS, ...QUIET, ...settings } });
  const url = `http://127.0.0.1:${await sim.listen(0)}`;
  return { dataset, sim, url, close: () => sim.close() };
}
export type Backend = Awaited<ReturnType<typeof startBackend>>;

/** This subgraph on a free port in front of `backendUrl`, with a cache namespace of its own (departmentTestEnv). */
export const startTestSubgraph = (backendUrl: string, env: Record<string, string> = {}) => startDepartmentForTest(departmentSubgraph, backendUrl, env);

/** Like every department's test stack (backend, subgraph, stop), with the registry's shortcuts. */
export interface TestStack {
  backend: Backend;
  dataset: Dataset;
  sim: SimServer;
  backendUrl: string;
  subgraph: RunningSubgraph;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: any[] }>;
  /** Registry requests since the last reset, per route too. */
  calls(): { requests: number; byRoute: Record<string, number> };
  stop(): Promise<void>;
}

export interface TestStackOptions {
  settings?: Partial<FaultSettings>;
  /** Over the test defaults: NODE_ENV=test, a fresh CACHE_PREFIX, REDIS_URL when the run has one. */
  env?: Record<string, string>;
  /** Something the subgraph talks to instead of the registry stand-in (a FlakyFront over it). */
  front?: (backendUrl: string) => Promise<{ url: string; close(): Promise<void> }>;
}

/** The stand-in and this subgraph in front of it (or in front of `front` over it); stop() stops all. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const backend = await startBackend(options.settings);
  const front = options.front ? await options.front(backend.url) : undefined;
  const subgraph = await startTestSubgraph(front?.url ?? backend.url, options.env);
  const { dataset, sim } = backend;
  return {
    backend, dataset, sim, backendUrl: backend.url, subgraph,
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
