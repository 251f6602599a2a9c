import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalTarget as registryTarget, hmacHex, signMarketRequest, stringToSign } from '@district/backends/market/signature';
import { SAMPLE_USCC } from '@district/dataset';
import { BackendTransport } from '@district/department-access';
import { buildUscc, DepartmentUnavailableError } from '@district/domain';
import { createLogger } from '@district/runtime';
import { DEV_CREDENTIALS } from '@district/domain';
import { MarketAdapter } from './adapter.ts';
import { startTestStack, type TestStack } from './test-kit.ts';

/** The adapter at the HTTP boundary: what it sends, and what every kind of reply becomes. */

const logger = createLogger('market-adapter-test', 'silent');
const transports: BackendTransport[] = [];
function adapterFor(baseUrl: string, options: Partial<ConstructorParameters<typeof MarketAdapter>[0]> = {}, timeoutMs = 2000) {
  const transport = new BackendTransport({ department: 'MARKET', baseUrl, timeoutMs, maxConcurrent: 4 });
  transports.push(transport);
  return new MarketAdapter({ transport, credentials: DEV_CREDENTIALS.market, logger, ...options });
}
afterAll(() => Promise.all(transports.map((t) => t.close())));

/** Catches what the adapter sends and answers with whatever the test sets. */
interface Caught { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }
async function fakeRegistry(reply: (req: Caught) => { status: number; body: string }) {
  const caught: Caught[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body };
      caught.push(r);
      const { status, body: out } = reply(r);
      res.writeHead(status, { 'content-type': 'application/json' }).end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, caught, close: () => new Promise((r) => server.close(r)) };
}
const ok = (data: unknown) => ({ status: 200, body: JSON.stringify({ code: '0', message: 'success', data }) });

async function failure(promise: Promise<unknown>): Promise<DepartmentUnavailableError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DepartmentUnavailableError);
  return error as DepartmentUnavailableError;
}

describe('market adapter requests', () => {
  it('signs a batch lookup exactly as the registry verifies it, with the lists asked for in the body', async () => {
    const fake = await fakeRegistry(() => ok({ list: [] }));
    const adapter = adapterFor(fake.url, { now: () => 1_790_000_000_000, nonce: () => 'nonce-1' });
    await adapter.getEnterprises([SAMPLE_USCC.healthy, SAMPLE_USCC.branch], ['changes', 'annualReports']);
    const [req] = fake.caught;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/v1/enterprises/batch');
    expect(JSON.parse(req.body)).toEqual({ uniscIds: [SAMPLE_USCC.healthy, SAMPLE_USCC.branch], include: ['changes', 'annualReports'] });
    expect(req.headers).toMatchObject({ 'x-app-key': 'laoshan-graph', 'x-timestamp': '1790000000000', 'x-nonce': 'nonce-1', 'content-type': 'application/json; charset=utf-8' });
    const expected = hmacHex(DEV_CREDENTIALS.market.appSecret, stringToSign('POST', registryTarget(req.url), '1790000000000', 'nonce-1', req.body));
    expect(req.headers['x-signature']).toBe(expected);
    await fake.close();
  });

  it('sends a search as a canonical query, Chinese text percent-encoded, signed over the empty body', async () => {
    const fake = await fakeRegistry(() => ok({ total: 0, page: 1, pageSize: 20, list: [] }));
    await adapterFor(fake.url, { nonce: () => 'n-search' }).searchPage({ keyword: '海岸 线', status: 'DEREGISTERED', buildingCode: 'LS-B001' }, 1, 20);
    const [req] = fake.caught;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/api/v1/enterprises?keyword=%E6%B5%B7%E5%B2%B8+%E7%BA%BF&status=%E6%B3%A8%E9%94%80&buildingCode=LS-B001&page=1&pageSize=20');
    expect(req.body).toBe('');
    const expected = hmacHex(DEV_CREDENTIALS.market.appSecret, stringToSign('GET', req.url, String(req.headers['x-timestamp']), 'n-search', ''));
    expect(req.headers['x-signature']).toBe(expected);
    await fake.close();
  });

  it('uses a fresh nonce on every call, so the registry never sees a replay', async () => {
    const fake = await fakeRegistry(() => ok({ list: [] }));
    const adapter = adapterFor(fake.url);
    await adapter.getEnterprises([SAMPLE_USCC.healthy]);
    await adapter.getEnterprises([SAMPLE_USCC.healthy]);
    const [a, b] = fake.caught.map((r) => r.headers['x-nonce']);
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
    await fake.close();
  });

  it('never sends a malformed USCC, which would fail the whole batch, and splits more than 100 into calls of 100', async () => {
    const fake = await fakeRegistry(() => ok({ list: [] }));
    const adapter = adapterFor(fake.url);
    expect(await adapter.getEnterprises(['91370212MA3C12346Y', 'nonsense'])).toEqual(new Map());
    expect(fake.caught).toHaveLength(0);
    const many = Array.from({ length: 150 }, (_, i) => buildUscc('9', '1', '370212', `MA${String(i).padStart(6, '0')}`));
    await adapter.getEnterprises([...many, ...many.slice(0, 10)]);
    expect(fake.caught.map((r) => JSON.parse(r.body).uniscIds.length)).toEqual([100, 50]);
    await fake.close();
  });
});

describe('market adapter replies', () => {
  let stack: TestStack;
  beforeAll(async () => void (stack = await startTestStack()));
  afterAll(() => stack.stop());
  afterEach(() => stack.sim.clearFaults());

  it('reads the registry’s records into our vocabulary and leaves unknown USCCs out', async () => {
    const unknown = buildUscc('9', '1', '370212', 'MA3C9999');
    const found = await adapterFor(stack.backendUrl).getEnterprises([SAMPLE_USCC.healthy, unknown, SAMPLE_USCC.deregistered], ['changes']);
    expect([...found.keys()].sort()).toEqual([SAMPLE_USCC.healthy, SAMPLE_USCC.deregistered].sort());
    expect(found.get(SAMPLE_USCC.healthy)).toMatchObject({
      name: '青岛海岸线科技有限公司', status: 'EXISTING', registeredCapital: '5000000.00', registeredCapitalCurrency: 'CNY', buildingCode: 'LS-B001',
      changes: [{ item: 'ADDRESS', on: '2019-07-02' }],
    });
    expect(found.get(SAMPLE_USCC.deregistered)).toMatchObject({ status: 'DEREGISTERED', statusLabel: '注销', deregisteredOn: '2024-09-20', buildingCode: 'LS-B002' });
  });

  it('maps an outage to OUTAGE, an injected error to ERROR and the rate limit to RATE_LIMITED, with the native code and status', async () => {
    const adapter = adapterFor(stack.backendUrl);
    stack.sim.setFaults({ outage: true });
    expect((await failure(adapter.getEnterprises([SAMPLE_USCC.healthy]))).extensions).toMatchObject({
      code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', reason: 'OUTAGE', nativeCode: 'E5030', httpStatus: 503, retryable: true,
    });
    stack.sim.setFaults({ outage: false, errorRate: 1 });
    expect((await failure(adapter.searchPage({}, 1, 20))).extensions).toMatchObject({ reason: 'ERROR', nativeCode: 'E5000', httpStatus: 500 });
    stack.sim.setFaults({ errorRate: 0, rateLimitPerSecond: 1 });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => adapter.getEnterprises([SAMPLE_USCC.healthy])));
    const limited = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(limited.reason.extensions).toMatchObject({ reason: 'RATE_LIMITED', nativeCode: 'E4290', httpStatus: 429 });
  });

  it('maps a signature the registry refuses to ERROR with the native code, saying nothing secret', async () => {
    const adapter = adapterFor(stack.backendUrl, { credentials: { appKey: DEV_CREDENTIALS.market.appKey, appSecret: 'wrong-secret-123' } });
    const error = await failure(adapter.getEnterprises([SAMPLE_USCC.healthy]));
    expect(error.extensions).toMatchObject({ reason: 'ERROR', nativeCode: 'E1001', httpStatus: 401, retryable: false });
    const shown = JSON.stringify({ message: error.message, extensions: error.extensions });
    expect(shown).not.toContain('wrong-secret-123');
    expect(shown).not.toContain(DEV_CREDENTIALS.market.appSecret);
    expect(shown).not.toContain('signed');
    expect(error.message).toBe('市场监管 (market registration) is unavailable (error)');
  });

  it('maps a registry that does not answer in time to TIMEOUT, and one that cannot be reached to UNREACHABLE', async () => {
    stack.sim.setFaults({ latencyMs: 400 });
    expect((await failure(adapterFor(stack.backendUrl, {}, 100).getEnterprises([SAMPLE_USCC.healthy]))).extensions).toMatchObject({ reason: 'TIMEOUT' });
    const closed = await fakeRegistry(() => ok({}));
    await closed.close();
    const error = await failure(adapterFor(closed.url).getEnterprises([SAMPLE_USCC.healthy]));
    expect(error.extensions).toMatchObject({ reason: 'UNREACHABLE' });
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('answers an unknown enterprise with absence, not an error', async () => {
    const fake = await fakeRegistry(() => ({ status: 404, body: JSON.stringify({ code: 'E4040', message: '未找到', data: null }) }));
    expect(await adapterFor(fake.url).getEnterprises([SAMPLE_USCC.healthy])).toEqual(new Map());
    await fake.close();
  });

  it('refuses a payload that does not match the documented shape as BAD_RESPONSE', async () => {
    const replies = [
      ok({ list: [{ uniscId: 42 }] }),
      ok({ list: [{ ...(await rawRecord(stack)), regState: '营业中' }] }),
      { status: 200, body: '<html>gateway</html>' },
    ];
    let i = 0;
    const fake = await fakeRegistry(() => replies[i++]);
    const adapter = adapterFor(fake.url);
    for (let k = 0; k < 3; k++) {
      expect((await failure(adapter.getEnterprises([SAMPLE_USCC.healthy]))).extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'BAD_RESPONSE' });
    }
    await fake.close();
  });

  it('treats a 5xx page that is not the registry’s envelope as a fault, not a contract break', async () => {
    const fake = await fakeRegistry(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    expect((await failure(adapterFor(fake.url).getEnterprises([SAMPLE_USCC.healthy]))).extensions).toMatchObject({ reason: 'ERROR', httpStatus: 502 });
    await fake.close();
  });
});

/** The registry's raw record for the healthy sample, to corrupt one field of. */
async function rawRecord(stack: TestStack) {
  const path = `/api/v1/enterprises/${SAMPLE_USCC.healthy}`;
  const res = await fetch(stack.backendUrl + path, { headers: signMarketRequest({ method: 'GET', pathWithQuery: path, ...DEV_CREDENTIALS.market }) });
  return (await res.json()).data;
}
