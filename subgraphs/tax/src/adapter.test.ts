import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackendTransport } from '@district/department-access';
import { DEV_CREDENTIALS, DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import { SAMPLE_USCC } from '@district/dataset';
import { TaxAdapter, type TaxCredentials } from './adapter.ts';
import { fromRtnCode } from './native-errors.ts';
import { fakeBus, okReply, startBackend } from './test-kit.ts';

const transports: BackendTransport[] = [];
function adapterFor(baseUrl: string, credentials: TaxCredentials = DEV_CREDENTIALS.tax) {
  const transport = new BackendTransport({ department: 'TAX', baseUrl, timeoutMs: 2000, maxConcurrent: 4 });
  transports.push(transport);
  // 2026-11-01 09:30:00 in China.
  return new TaxAdapter({ transport, credentials, now: () => new Date('2026-11-01T01:30:00Z') });
}
afterAll(async () => { await Promise.all(transports.map((t) => t.close())); });

/** The error a promise rejects with, for matching its fields. */
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);

describe('the request the adapter sends', () => {
  it('posts one combined query to /gt3/esb/<tranId> with the channel head and only the kinds asked, in the bus order', async () => {
    const bus = await fakeBus((_req, json) => okReply(json, { sjjzrq: '20261101', cxlxList: json.body.cxlxList, nsrList: [], notFound: json.body.nsrsbhList }));
    try {
      const found = await adapterFor(bus.url).getTaxpayers([SAMPLE_USCC.healthy, SAMPLE_USCC.troubled, SAMPLE_USCC.healthy], ['QSXX', 'DJXX', 'XYDJ']);
      expect(found.size).toBe(0);
      expect(bus.requests).toHaveLength(1);
      const [req] = bus.requests;
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/gt3/esb/SWZJ.HXZG.ZH.PLCXNSRXX');
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      const sent = JSON.parse(req.body);
      expect(sent.head).toEqual({
        channelId: 'ZWFW-LAOSHAN', token: 'dev-tax-token-change-me', tranId: 'SWZJ.HXZG.ZH.PLCXNSRXX',
        tranSeq: expect.stringMatching(/^GQL20261101093000[0-9a-f]{6}\d{6}$/), tranDate: '20261101', tranTime: '093000',
      });
      expect(sent.body).toEqual({ cxlxList: ['DJXX', 'XYDJ', 'QSXX'], nsrsbhList: [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled] });
    } finally {
      await bus.close();
    }
  });

  it('gives every call its own 交易流水号', async () => {
    const bus = await fakeBus((_req, json) => okReply(json, { sjjzrq: '20261101', nsrList: [], notFound: json.body.nsrsbhList }));
    try {
      const adapter = adapterFor(bus.url);
      await adapter.getTaxpayers([SAMPLE_USCC.healthy], ['DJXX']);
      await adapter.getTaxpayers([SAMPLE_USCC.healthy], ['DJXX']);
      const [a, b] = bus.requests.map((r) => JSON.parse(r.body).head.tranSeq);
      expect(a).not.toBe(b);
    } finally {
      await bus.close();
    }
  });
});

describe('against the tax stand-in', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => { backend = await startBackend(); });
  afterAll(() => backend.close());
  afterEach(() => backend.sim.clearFaults());

  it('returns the known taxpayers with exactly the blocks asked and leaves the unknown ones out', async () => {
    const found = await adapterFor(backend.url).getTaxpayers([SAMPLE_USCC.healthy, SAMPLE_USCC.newlyOpened], ['DJXX', 'QSXX']);
    expect([...found.keys()]).toEqual([SAMPLE_USCC.healthy]);
    const healthy = found.get(SAMPLE_USCC.healthy) as any;
    expect(healthy).toMatchObject({ taxpayerId: SAMPLE_USCC.healthy, name: '青岛海岸线科技有限公司', asOf: '2026-11-01' });
    expect(Object.keys(healthy.blocks).sort()).toEqual(['DJXX', 'QSXX']);
    expect(healthy.blocks.DJXX).toMatchObject({ status: 'NORMAL', statusCode: '03', taxpayerKind: 'GENERAL', registeredOn: expect.stringMatching(/^2016-0[34]-\d\d$/) });
    expect(healthy.blocks.QSXX).toEqual({ items: [], tax: '0.00', lateFee: '0.00', total: '0.00' });
  });

  it('splits more than 50 taxpayers into calls of 50', async () => {
    backend.sim.resetStats();
    const ids = backend.dataset.enterprises.slice(0, 120).map((e) => e.uscc);
    const found = await adapterFor(backend.url).getTaxpayers(ids, ['DJXX']);
    expect(backend.sim.stats().requests).toBe(3);
    expect(found.size).toBeGreaterThan(100);
  });

  it('maps the front proxy 503 outage page to OUTAGE', async () => {
    backend.sim.setFaults({ outage: true });
    const e = await failure(adapterFor(backend.url).getTaxpayers([SAMPLE_USCC.healthy], ['DJXX']));
    expect(e).toBeInstanceOf(DepartmentUnavailableError);
    expect((e as DepartmentUnavailableError).extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason: 'OUTAGE', httpStatus: 503 });
  });

  it('maps rtnCode 999 系统异常 to ERROR', async () => {
    backend.sim.setFaults({ errorRate: 1 });
    const e = (await failure(adapterFor(backend.url).getTaxpayers([SAMPLE_USCC.healthy], ['DJXX']))) as DepartmentUnavailableError;
    expect(e.extensions).toMatchObject({ reason: 'ERROR', nativeCode: '999' });
    expect(e.retryable).toBe(true);
  });

  it('maps rtnCode 900 系统繁忙 to RATE_LIMITED', async () => {
    backend.sim.setFaults({ rateLimitPerSecond: 0.001 });
    const e = (await failure(adapterFor(backend.url).getTaxpayers([SAMPLE_USCC.healthy], ['DJXX']))) as DepartmentUnavailableError;
    expect(e.extensions).toMatchObject({ reason: 'RATE_LIMITED', nativeCode: '900' });
  });

  it('maps a refused channel (rtnCode 100) to a non-retryable ERROR without echoing the bus message', async () => {
    const e = (await failure(adapterFor(backend.url, { channelId: 'ZWFW-LAOSHAN', token: 'wrong' }).getTaxpayers([SAMPLE_USCC.healthy], ['DJXX']))) as DepartmentUnavailableError;
    expect(e.extensions).toMatchObject({ reason: 'ERROR', nativeCode: '100', retryable: false });
    expect(e.message).not.toContain('渠道');
  });
});

describe('replies the bus should never send', () => {
  const malformed = async (reply: Parameters<typeof fakeBus>[0], ids = [SAMPLE_USCC.healthy]) => {
    const bus = await fakeBus(reply);
    try {
      return await adapterFor(bus.url).getTaxpayers(ids, ['DJXX', 'QSXX']).catch((e: unknown) => e);
    } finally {
      await bus.close();
    }
  };
  const reason = (e: unknown) => (e as DepartmentUnavailableError).extensions?.reason;

  it('maps a 200 that is not JSON to BAD_RESPONSE', async () => {
    expect(reason(await malformed(() => ({ status: 200, body: '<html>maintenance</html>' })))).toBe('BAD_RESPONSE');
  });

  it('maps a success envelope whose body lacks nsrList to BAD_RESPONSE', async () => {
    expect(reason(await malformed((_r, json) => okReply(json, { sjjzrq: '20261101', list: [] })))).toBe('BAD_RESPONSE');
  });

  it('refuses a reply that echoes another call’s 交易流水号', async () => {
    expect(reason(await malformed(() => ({ body: { head: { rtnCode: '000', rtnMsg: '交易成功', tranSeq: 'SOMEONE-ELSE' }, body: {} } })))).toBe('BAD_RESPONSE');
  });

  it('fails only the enterprise whose record is malformed, and one the bus forgot to mention', async () => {
    const good = { nsrsbh: SAMPLE_USCC.healthy, djxh: '1', nsrmc: '好', djxx: registrationRecord(SAMPLE_USCC.healthy), qsxxList: [], qshj: { qsje: '0.00', znj: '0.00', hj: '0.00' } };
    const bad = { ...good, nsrsbh: SAMPLE_USCC.troubled, djxx: registrationRecord(SAMPLE_USCC.troubled), qshj: { qsje: '12.5', znj: '0.00', hj: '12.5' } };
    const result = (await malformed((_r, json) => okReply(json, { sjjzrq: '20261101', nsrList: [good, bad], notFound: [] }), [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled, SAMPLE_USCC.abnormal])) as Map<string, unknown>;
    expect(result.get(SAMPLE_USCC.healthy)).toMatchObject({ name: '好' });
    expect(reason(result.get(SAMPLE_USCC.troubled))).toBe('BAD_RESPONSE');
    expect(reason(result.get(SAMPLE_USCC.abnormal))).toBe('BAD_RESPONSE');
  });
});

describe('native error codes', () => {
  it.each([
    ['900', 'RATE_LIMITED'], ['999', 'ERROR'], ['103', 'ERROR'], ['201', 'ERROR'], ['202', 'ERROR'],
  ])('maps rtnCode %s to DEPARTMENT_UNAVAILABLE %s', (code, reason) => {
    expect(fromRtnCode(code).extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason, nativeCode: code });
  });

  it('maps a business refusal (3xx) to DEPARTMENT_REJECTED', () => {
    const e = fromRtnCode('310');
    expect(e).toBeInstanceOf(DepartmentRejectedError);
    expect(e.extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', department: 'TAX', nativeCode: '310' });
  });
});

function registrationRecord(nsrsbh: string) {
  return {
    nsrsbh, djxh: '1', nsrmc: '好', cym: null, nsrztDm: '03', nsrztMc: '正常', djrq: '20160320', nsrlxDm: '1', nsrlxMc: '增值税一般纳税人',
    zgswjgDm: '13702120000', zgswjgMc: '国家税务总局青岛市崂山区税务局', zgswskfjDm: null, zgswskfjMc: null, hyDm: null, hyMc: null,
    zcdz: null, scjydz: null, fddbrxm: null, fddbrsfzjlxDm: null, fddbrsfzjhm: null, cwfzrxm: null, bsrxm: null,
    zjgnsrsbh: null, fzcrdrq: null, zxrq: null, qszm: null,
  };
}
