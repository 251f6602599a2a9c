import { afterEach, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import type { BackendTransport } from '@district/department-access';
import { getDataset, SAMPLE_USCC } from '@district/dataset';
import { renderRequest } from './message.ts';
import { createTestAdapter, failureOf, holderReply, replyXml, rightRecord, startBackend, startScriptedRegistry, type Backend, type ScriptedRegistry } from './test-kit.ts';

let registry: Backend | undefined;
let scripted: ScriptedRegistry | undefined;
let transport: BackendTransport | undefined;
afterEach(async () => {
  await transport?.close();
  await registry?.sim.close();
  await scripted?.close();
  registry = scripted = transport = undefined;
});

async function realAdapter(options?: Parameters<typeof startBackend>[1]) {
  registry = await startBackend({}, options);
  const made = createTestAdapter(registry.url);
  transport = made.transport;
  return made.adapter;
}

async function scriptedAdapter(reply: Parameters<typeof startScriptedRegistry>[0], options?: Parameters<typeof createTestAdapter>[1]) {
  scripted = await startScriptedRegistry(reply);
  const made = createTestAdapter(scripted.url, options);
  transport = made.transport;
  return made.adapter;
}

const emptyHolder = (zjh: string) => `<QLR><ZJH>${zjh}</ZJH><QLRMC></QLRMC><QLSL>0</QLSL><QLLIST></QLLIST></QLR>`;
const UNKNOWN_UNIT = '370212001008GB00102F00019999';
const mortgage = (overrides: Record<string, unknown> = {}) => ({
  BDCDJZMH: '鲁(2024)青岛市崂山区不动产证明第1234567号', BDCDYH: '370212002007GB00101F00011608', QLLX: '23', QLLXMC: '抵押权', DYFS: '一般抵押',
  BDBZZQSE: '359.00', ZWLXQXQSSJ: '2024-11-25', ZWLXQXJSSJ: '2026-11-24', DYQR: '中国银行股份有限公司青岛崂山支行', DYR: '青岛海岸线科技有限公司',
  DBSJ: '2024-12-02 13:17:02', QSZT: '现势', ...overrides,
});

describe('real-estate adapter at the HTTP boundary', () => {
  it('posts the exchange envelope with the credentials, a serial number and China time, and the USCCs as repeated ZJH', async () => {
    const adapter = await scriptedAdapter((_req, serialNo) => ({ body: replyXml(serialNo, `<QLRLIST>${emptyHolder(SAMPLE_USCC.healthy)}${emptyHolder(SAMPLE_USCC.troubled)}</QLRLIST>`) }), {
      now: () => new Date('2026-11-01T02:00:00Z'),
      serialNo: () => 'ZWFW-CX-0001',
    });
    await adapter.getHoldings([SAMPLE_USCC.healthy, SAMPLE_USCC.troubled, SAMPLE_USCC.healthy]);
    expect(scripted!.requests).toHaveLength(1);
    const [sent] = scripted!.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/bdcdj/exchange' });
    expect(sent.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(sent.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Request><Head><BizCode>CX_QLXX</BizCode><SenderId>LS-ZWFW</SenderId>' +
      '<ApiKey>dev-bdc-key-change-me</ApiKey><SerialNo>ZWFW-CX-0001</SerialNo><Timestamp>2026-11-01 10:00:00</Timestamp></Head>' +
      `<Body><ZJH>${SAMPLE_USCC.healthy}</ZJH><ZJH>${SAMPLE_USCC.troubled}</ZJH></Body></Request>`,
    );
  });

  it('escapes values, so text cannot add elements to the request', () => {
    const hostile = '</ZJH><ZJH>913702121635897372</ZJH><!-- & "';
    const xml = renderRequest({ bizCode: 'CX_QLXX', senderId: 'S', apiKey: 'K', serialNo: 'N', timestamp: 'T' }, { ZJH: [hostile] });
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml);
    expect(parsed.Request.Body.ZJH).toBe(hostile);
  });

  it('reads the troubled enterprise: two current units, a current mortgage in yuan and a current renewed seizure', async () => {
    const adapter = await realAdapter();
    const troubled = (await adapter.getHoldings([SAMPLE_USCC.troubled])).get(SAMPLE_USCC.troubled)!;
    expect(troubled.rights.map((r) => [r.unitNo, r.status, r.registeredOn])).toEqual([
      ['370212001008GB00102F00011101', 'CURRENT', '2013-11-12'],
      ['370212001008GB00102F00011102', 'CURRENT', '2016-07-22'],
    ]);
    expect(troubled.mortgages.find((m) => m.status === 'CURRENT')).toEqual({
      certificateNo: '鲁(2022)青岛市崂山区不动产证明第7442539号', unitNo: '370212001008GB00102F00011101', method: 'GENERAL',
      securedAmount: '5100000.00', debtTerm: { from: '2022-02-07', to: '2027-02-06' }, mortgagee: '中国银行股份有限公司青岛崂山支行',
      registeredOn: '2022-02-12', status: 'CURRENT', releasedOn: null,
    });
    expect(troubled.seizures).toEqual([{
      unitNo: '370212001008GB00102F00011102', authority: '山东省青岛市崂山区人民法院', documentNo: '(2024)鲁0212民初3663号', kind: 'RENEWED',
      from: '2024-10-12', to: '2027-10-11', registeredOn: '2024-10-12', status: 'CURRENT', liftedOn: null,
    }]);
  });

  it('answers a holder the register does not know with empty holdings, and an unknown unit (4004) with nothing', async () => {
    const adapter = await realAdapter();
    expect((await adapter.getHoldings([SAMPLE_USCC.individual])).get(SAMPLE_USCC.individual))
      .toEqual({ uscc: SAMPLE_USCC.individual, registeredName: null, rights: [], mortgages: [], seizures: [] });
    expect((await adapter.getUnits([UNKNOWN_UNIT])).size).toBe(0);
  });

  it('asks for 45 holders in 3 calls of at most 20', async () => {
    const adapter = await realAdapter();
    const usccs = getDataset().enterprises.slice(0, 45).map((e) => e.uscc);
    const found = await adapter.getHoldings(usccs);
    expect(found.size).toBe(45);
    expect(registry!.sim.stats().requests).toBe(3);
  });

  it('maps an outage (plain-text 503 from the platform gateway) to DEPARTMENT_UNAVAILABLE / OUTAGE', async () => {
    const adapter = await realAdapter();
    registry!.sim.setFaults({ outage: true });
    expect((await failureOf(adapter.getHoldings([SAMPLE_USCC.healthy]))).extensions)
      .toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'REAL_ESTATE', reason: 'OUTAGE', httpStatus: 503 });
  });

  it('maps an injected system error (5000) to DEPARTMENT_UNAVAILABLE / ERROR with the native code', async () => {
    const adapter = await realAdapter();
    registry!.sim.setFaults({ errorRate: 1 });
    expect((await failureOf(adapter.getUnits([UNKNOWN_UNIT]))).extensions)
      .toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'REAL_ESTATE', reason: 'ERROR', nativeCode: '5000', httpStatus: 500 });
  });

  it('maps the rate limit (4290, HTTP 429) to DEPARTMENT_UNAVAILABLE / RATE_LIMITED', async () => {
    const adapter = await realAdapter();
    registry!.sim.setFaults({ rateLimitPerSecond: 1 });
    await adapter.getHoldings([SAMPLE_USCC.healthy]);
    expect((await failureOf(adapter.getHoldings([SAMPLE_USCC.troubled]))).extensions)
      .toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'RATE_LIMITED', nativeCode: '4290', httpStatus: 429 });
  });

  it('maps refused credentials (1001) to a non-retryable DEPARTMENT_UNAVAILABLE / ERROR', async () => {
    const adapter = await realAdapter({ credentials: { senderId: 'OTHER', apiKey: 'other-key' } });
    expect((await failureOf(adapter.getHoldings([SAMPLE_USCC.healthy]))).extensions)
      .toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'ERROR', nativeCode: '1001', retryable: false });
  });

  it('maps a parameter the registry refuses (2002) to DEPARTMENT_REJECTED in the registry\'s words', async () => {
    const adapter = await realAdapter();
    const failure = await failureOf(adapter.getUnits(['370212001008GB00102F0001110']));
    expect(failure.extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', department: 'REAL_ESTATE', nativeCode: '2002' });
    expect(failure.message).toMatch(/28 characters/);
  });

  it('reads a 最高额抵押 ceiling from ZGZQSE, converting 万元 to yuan exactly', async () => {
    const maximum = mortgage({ DYFS: '最高额抵押', BDBZZQSE: undefined, ZGZQSE: '1234.56' });
    const adapter = await scriptedAdapter((_req, s) => ({ body: replyXml(s, holderReply(SAMPLE_USCC.healthy, [rightRecord({ DYAQLIST: { DYAQ: [maximum] } })])) }));
    const [m] = (await adapter.getHoldings([SAMPLE_USCC.healthy])).get(SAMPLE_USCC.healthy)!.mortgages;
    expect(m).toMatchObject({ method: 'MAXIMUM', securedAmount: '12345600.00', status: 'CURRENT' });
  });

  const malformed: [string, (serialNo: string) => string][] = [
    ['a body that is not XML', () => 'OK'],
    ['a reply without the Response envelope', () => '<Result><Code>0000</Code></Result>'],
    ['a 权属状态 outside the vocabulary', (s) => replyXml(s, holderReply(SAMPLE_USCC.healthy, [rightRecord({ QSZT: '未知' })]))],
    ['an area that is not a number', (s) => replyXml(s, holderReply(SAMPLE_USCC.healthy, [rightRecord({ JZMJ: '约188平方米' })]))],
    ['a mortgage without its secured amount', (s) => replyXml(s, holderReply(SAMPLE_USCC.healthy, [rightRecord({ DYAQLIST: { DYAQ: [mortgage({ BDBZZQSE: undefined })] } })]))],
    ['a record count (QLSL) that does not match the records', (s) => replyXml(s, holderReply(SAMPLE_USCC.healthy, [rightRecord()]).replace('<QLSL>1</QLSL>', '<QLSL>2</QLSL>'))],
    ['a reply that leaves out a holder asked for', (s) => replyXml(s, '<QLRLIST></QLRLIST>')],
    ['a reply to another request (SerialNo differs)', () => replyXml('SOMEONE-ELSE', `<QLRLIST>${emptyHolder(SAMPLE_USCC.healthy)}</QLRLIST>`)],
    ['a reply that declares a DTD', (s) => `<!DOCTYPE Response [<!ENTITY n "x">]>${replyXml(s, `<QLRLIST>${emptyHolder(SAMPLE_USCC.healthy)}</QLRLIST>`)}`],
  ];
  it.each(malformed)('maps %s to DEPARTMENT_UNAVAILABLE / BAD_RESPONSE', async (_what, body) => {
    const adapter = await scriptedAdapter((_req, serialNo) => ({ body: body(serialNo) }));
    expect((await failureOf(adapter.getHoldings([SAMPLE_USCC.healthy]))).extensions)
      .toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'REAL_ESTATE', reason: 'BAD_RESPONSE' });
  });
});
