import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLBuilder } from 'fast-xml-parser';
import { BackendTransport } from '@district/department-access';
import { DEV_CREDENTIALS } from '@district/domain';
import { getDataset } from '@district/dataset';
import { createRealEstateBackend, REAL_ESTATE_DEFAULTS } from '@district/backends/real-estate/index';
import type { FaultSettings } from '@district/backends/sim/settings';
import { startDepartmentForTest, startDepartmentTestStack } from '@district/subgraph-kit/testing';
import { RealEstateAdapter, type RealEstateAdapterOptions } from './adapter.ts';
import { departmentSubgraph } from './index.ts';

/** Test fixtures for this folder: the real registry stand-in, a scripted one, and an adapter over either. Not used by production code. */

/** The real stand-in with no latency or rate limit unless a test asks, on a free port. */
export async function startBackend(settings: Partial<FaultSettings> = {}, options: Omit<Parameters<typeof createRealEstateBackend>[1], 'settings'> = {}) {
  const dataset = getDataset();
  const sim = createRealEstateBackend(dataset, { settings: { ...REAL_ESTATE_DEFAULTS, latencyMs: 0, rateLimitPerSecond: 0, ...settings }, ...options });
  const url = `http://127.0.0.1:${await sim.listen(0)}`;
  return { dataset, sim, url, close: () => sim.close() };
}
export type Backend = Awaited<ReturnType<typeof startBackend>>;

/**
 * The subgraph on a free port in front of `registryUrl`: real Redis when the run has REDIS_URL
 * (else the in-process cache), and a cache prefix of its own, so no two subgraphs (nor two runs)
 * ever share a cached record unless a test shares the prefix on purpose (departmentTestEnv).
 */
export const startTestSubgraph = (registryUrl: string, env: Record<string, string> = {}) => startDepartmentForTest(departmentSubgraph, registryUrl, env);

/** The stand-in and this subgraph in front of it; stop() stops both. */
export const startTestStack = (options: { settings?: Partial<FaultSettings>; env?: Record<string, string> } = {}) =>
  startDepartmentTestStack(() => startBackend(options.settings), (url) => startTestSubgraph(url, options.env));
export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

export interface ScriptedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ScriptedReply {
  status?: number;
  contentType?: string;
  body: string;
}

export interface ScriptedRegistry {
  url: string;
  requests: ScriptedRequest[];
  close(): Promise<void>;
}

/** A tiny registry that answers what the test scripts, e.g. a malformed payload; `serialNo` is the request's. */
export async function startScriptedRegistry(reply: (req: ScriptedRequest, serialNo: string) => ScriptedReply): Promise<ScriptedRegistry> {
  const requests: ScriptedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const serialNo = /<SerialNo>([^<]*)<\/SerialNo>/.exec(recorded.body)?.[1] ?? '';
      const out = reply(recorded, serialNo);
      res.writeHead(out.status ?? 200, { 'content-type': out.contentType ?? 'application/xml; charset=utf-8' });
      res.end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A reply envelope as the registry writes it. */
export const replyXml = (serialNo: string, body: string, code = '0000', message = '成功') =>
  `<?xml version="1.0" encoding="UTF-8"?><Response><Head><Code>${code}</Code><Message>${message}</Message><SerialNo>${serialNo}</SerialNo><Timestamp>2026-11-01 10:00:00</Timestamp></Head><Body>${body}</Body></Response>`;

export function createTestAdapter(url: string, options: Partial<RealEstateAdapterOptions> = {}): { adapter: RealEstateAdapter; transport: BackendTransport } {
  const transport = new BackendTransport({ department: 'REAL_ESTATE', baseUrl: url, timeoutMs: 2_000, maxConcurrent: 4 });
  const adapter = new RealEstateAdapter({ transport, credentials: DEV_CREDENTIALS.realEstate, ...options });
  return { adapter, transport };
}

/** Rejection of `promise` as a plain object, for matching extensions. */
export async function failureOf(promise: Promise<unknown>): Promise<{ name: string; message: string; extensions: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; extensions?: Record<string, unknown> };
    return { name: e.name, message: e.message, extensions: e.extensions ?? {} };
  }
  throw new Error('expected a failure');
}

const builder = new XMLBuilder({ suppressEmptyNode: false });
/** Elements as the registry writes them (values escaped). */
export const toXml = (elements: Record<string, unknown>): string => builder.build(elements);

/** A valid right record (QL) for scripted replies; override elements to break or vary it. */
export function rightRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    BDCDYH: '370212002007GB00101F00011608', ZL: '山东省青岛市崂山区海尔路180号金岭国际大厦1608室',
    BDCQZH: '鲁(2019)青岛市崂山区不动产权第0104729号', QLRMC: '青岛海岸线科技有限公司', ZJZL: '8', ZJZLMC: '统一社会信用代码',
    ZJH: '91370212MA3C12346X', GYFS: '单独所有', QLLX: '4', QLLXMC: '国有建设用地使用权/房屋（构筑物）所有权', QLXZ: '出让/市场化商品房',
    DJLX: '转移登记', DBSJ: '2019-05-20 11:10:23', QSZT: '现势', YT: '办公', TDYT: '商务金融用地',
    JZMJ: '188.50', TNJZMJ: '149.72', FTJZMJ: '38.78', SYQQSSJ: '2010-04-04', SYQJSSJ: '2050-04-03', DYAQLIST: '', CFLIST: '',
    ...overrides,
  };
}

/** A CX_QLXX reply body with one holder and its records. */
export const holderReply = (zjh: string, records: Record<string, unknown>[]) =>
  toXml({ QLRLIST: { QLR: { ZJH: zjh, QLRMC: records.length ? String(records[0].QLRMC) : '', QLSL: String(records.length), QLLIST: records.length ? { QL: records } : '' } } });
