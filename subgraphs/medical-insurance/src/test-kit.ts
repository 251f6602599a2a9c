import { postEntities, postSigned, RUN_CACHE_PREFIX, startDepartmentForTest, startDepartmentTestStack, type GraphQLReply } from '@district/subgraph-kit/testing';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getDataset, SAMPLE_USCC } from '@district/dataset';
import { createMedicalInsuranceBackend, deriveEmployer, MEDICAL_INSURANCE_DEFAULTS } from '@district/backends/medical-insurance/index';
import type { FaultSettings } from '@district/backends/sim/settings';
import { cleanRedis } from '@district/department-access/cache/test-kit';
import { departmentSubgraph } from './index.ts';

/** Test kit: the real 医保 stand-in in-process, this subgraph in front of it, and a GraphQL caller. */

export { SAMPLE_USCC };

/** The stand-in on a free port; no latency and no rate limit unless a test asks. */
export async function startBackend(settings: Partial<FaultSettings> = {}) {
  const dataset = getDataset();
  const sim = createMedicalInsuranceBackend(dataset, { settings: { ...MEDICAL_INSURANCE_DEFAULTS, latencyMs: 0, rateLimitPerSecond: 0, ...settings } });
  const url = `http://127.0.0.1:${await sim.listen(0)}`;
  /** The employer record the backend serves for a USCC (null when not insured). */
  const recordOf = (uscc: string) => deriveEmployer(dataset.enterprises.find((e) => e.uscc === uscc)!, dataset);
  return { dataset, sim, url, recordOf, close: () => sim.close() };
}
export type Backend = Awaited<ReturnType<typeof startBackend>>;

/**
 * The subgraph in front of `backendUrl`, with the real cache: in-process, or Redis when REDIS_URL
 * is set. Each instance gets a cache of its own (a fresh CACHE_PREFIX) unless `env` names one, as
 * two instances sharing one Redis do.
 */
export const startTestSubgraph = (backendUrl: string, env: Record<string, string> = {}) => startDepartmentForTest(departmentSubgraph, backendUrl, env);

/** The stand-in and this subgraph in front of it; stop() stops both. */
export const startTestStack = (options: { settings?: Partial<FaultSettings>; env?: Record<string, string> } = {}) =>
  startDepartmentTestStack(() => startBackend(options.settings), (url) => startTestSubgraph(url, options.env));
export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

/** Deletes what this test file cached in Redis (a no-op without REDIS_URL); call in afterAll. */
export const cleanCache = () => cleanRedis(RUN_CACHE_PREFIX);

export type { GraphQLReply };

/** An operation POSTed to the subgraph as the gateway would (signed context, system caller). */
export const gql = (url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLReply> => postSigned(url, query, variables);

/** An `_entities` fetch the way the gateway makes it, selecting `selection` on each Enterprise. */
export const entities = (url: string, usccs: string[], selection: string): Promise<GraphQLReply> => postEntities(url, usccs, selection);

/** Counts requests in flight at the backend (control-surface calls aside) and remembers the most seen at once. */
export function watchInFlight(server: http.Server) {
  const watch = { now: 0, max: 0 };
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith('/__sim/')) return;
    watch.max = Math.max(watch.max, ++watch.now);
    res.once('finish', () => watch.now--);
  });
  return watch;
}

/** A tiny server that answers every call with `reply` (for payloads the real stand-in never sends). */
export async function startFakeBackend(reply: (body: any) => { status?: number; body: string | object; contentType?: string }) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = reply(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      res.writeHead(r.status ?? 200, { 'content-type': r.contentType ?? 'application/json;charset=UTF-8' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A successful platform reply around `output`. */
export const ok = (output: unknown) => ({ infcode: 0, inf_refmsgid: '370212202611021000000000000001', refmsg_time: '20261102100000000', respond_time: '20261102100000001', err_msg: null, output });
/** A failed platform reply. */
export const failed = (errMsg: string) => ({ ...ok(null), infcode: -1, err_msg: errMsg });
