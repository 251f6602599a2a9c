import { postEntities, postSigned, startDepartmentForTest, startDepartmentTestStack, type GraphQLReply } from '@district/subgraph-kit/testing';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_CREDENTIALS } from '@district/domain';
import { getDataset } from '@district/dataset';
import { createTaxBackend, TAX_DEFAULTS } from '@district/backends/tax/index';
import type { FaultSettings } from '@district/backends/sim/settings';
import { QUERY_KINDS } from './codes.ts';
import { departmentSubgraph } from './index.ts';

/** Test support shared by this folder's tests (not a test itself): the real backend, the subgraph, fakes. */

/** The tax stand-in in-process on a free port, without latency or rate limit unless a test asks. */
export async function startBackend(settings: Partial<FaultSettings> = {}) {
  const dataset = getDataset();
  const sim = createTaxBackend(dataset, { settings: { ...TAX_DEFAULTS, latencyMs: 0, rateLimitPerSecond: 0, ...settings } });
  const url = `http://127.0.0.1:${await sim.listen(0)}`;
  return { dataset, sim, url, close: () => sim.close() };
}

/**
 * The subgraph on a free port against `backendUrl`, with a cache namespace of its own
 * (departmentTestEnv) and policies of a minute, so a test run leaves nothing in Redis for the
 * days the real ones keep (a test that is about expiry passes its own TAX_CACHE_POLICIES).
 */
export const startTestSubgraph = (backendUrl: string, env: Record<string, string> = {}) => startDepartmentForTest(departmentSubgraph, backendUrl, {
  TAX_CACHE_POLICIES: JSON.stringify(Object.fromEntries(QUERY_KINDS.map((k) => [k, { ttlMs: 60_000, staleIfErrorMs: 120_000 }]))),
  ...env,
});

/** The stand-in and this subgraph in front of it; stop() stops both. */
export const startTestStack = (options: { settings?: Partial<FaultSettings>; env?: Record<string, string> } = {}) =>
  startDepartmentTestStack(() => startBackend(options.settings), (url) => startTestSubgraph(url, options.env));
export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

export type GqlResult = GraphQLReply;

/** An operation POSTed to the subgraph as the gateway would (signed context, system caller). */
export const gql = (url: string, query: string, variables?: Record<string, unknown>): Promise<GqlResult> => postSigned(url, query, variables);

/** An `_entities` query for `usccs` selecting `uscc` and `selection` on Enterprise, as the gateway sends it. */
export const entities = (url: string, usccs: string[], selection: string): Promise<GqlResult> => postEntities(url, usccs, `uscc ${selection}`);

/** Calls the bus directly, as a well-behaved channel would: to compare what the subgraph shows with what the bureau holds. */
export async function busCall(backendUrl: string, tranId: string, body: unknown): Promise<any> {
  const head = { ...DEV_CREDENTIALS.tax, tranId, tranSeq: `TEST${Date.now()}`, tranDate: '20261101', tranTime: '093000' };
  const res = await fetch(`${backendUrl}/gt3/esb/${tranId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ head, body }) });
  return res.json();
}

export interface Captured { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }

type FakeReply = { status?: number; body: string | object };

/**
 * A tiny HTTP server standing in for the bus when a test needs to see the exact request or send
 * a reply the real stand-in never would (malformed payloads, a flapping bus). `reply` gets the
 * parsed request and may answer later (a promise), e.g. by forwarding to the real stand-in.
 */
export async function fakeBus(reply: (req: Captured, json: any) => FakeReply | Promise<FakeReply>) {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(captured);
      let json: any = null;
      try { json = JSON.parse(captured.body); } catch { /* the reply function decides */ }
      void Promise.resolve(reply(captured, json)).then((out) => {
        const payload = typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
        res.writeHead(out.status ?? 200, { 'content-type': typeof out.body === 'string' ? 'text/html' : 'application/json' });
        res.end(payload);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A bus reply in the envelope, echoing the request's tranSeq as the real bus does. */
export const okReply = (json: any, body: object) => ({ body: { head: { rtnCode: '000', rtnMsg: '交易成功', tranSeq: json?.head?.tranSeq }, body } });

/** Forwards a captured bus request to `backendUrl` unchanged and hands back its reply. */
export async function forward(backendUrl: string, req: Captured): Promise<FakeReply> {
  const res = await fetch(backendUrl + req.path, { method: req.method, headers: { 'content-type': 'application/json' }, body: req.body });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as object };
  } catch {
    return { status: res.status, body: text };
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
