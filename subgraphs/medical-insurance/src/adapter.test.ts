import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackendTransport, type TransportRequest } from '@district/department-access';
import { createLogger } from '@district/runtime';
import { DEV_CREDENTIALS } from '@district/domain';
import { MedicalInsuranceAdapter } from './adapter.ts';
import { CALL_SERVICE_PATH } from './message.ts';
import { failed, ok, SAMPLE_USCC, startBackend, startFakeBackend, type Backend } from './test-kit.ts';

const DEV = DEV_CREDENTIALS.medicalInsurance;
/** 2026-11-02 10:00:00 in Beijing. */
const NOW = new Date('2026-11-02T02:00:00Z');
const closers: (() => Promise<void>)[] = [];

function adapterFor(url: string, options: { timeoutMs?: number; signNo?: string } = {}) {
  const transport = new BackendTransport({ department: 'MEDICAL_INSURANCE', baseUrl: url, timeoutMs: options.timeoutMs ?? 2_000, maxConcurrent: 4 });
  closers.push(() => transport.close());
  const sent: TransportRequest[] = [];
  const adapter = new MedicalInsuranceAdapter({
    transport: { request: (req) => (sent.push(req), transport.request(req)) },
    logger: createLogger('test', 'silent'),
    senderCode: DEV.senderCode,
    signNo: options.signNo ?? DEV.signNo,
    now: () => NOW,
    instanceTag: '0042',
  });
  return { adapter, sent };
}

const unavailable = (reason: string, extra: Record<string, unknown> = {}) => ({
  extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'MEDICAL_INSURANCE', reason, ...extra },
});

let backend: Backend;
beforeAll(async () => void (backend = await startBackend()));
afterAll(() => backend.sim.close());
afterEach(async () => {
  backend.sim.clearFaults();
  for (const close of closers.splice(0)) await close();
});

describe('the request it sends', () => {
  it('posts one 1301 message in the platform envelope, with a 30-character msgid of sender code, Beijing time and sequence', async () => {
    const { adapter, sent } = adapterFor(backend.url);
    await adapter.getEmployer(SAMPLE_USCC.healthy);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', path: CALL_SERVICE_PATH, headers: { 'content-type': 'application/json;charset=UTF-8' } });
    expect(JSON.parse(sent[0].body!)).toEqual({
      infno: '1301', msgid: 'LSZWFW202611021000000042000001',
      mdtrtarea_admvs: '370212', insuplc_admdvs: '370212',
      recer_sys_code: 'LSZWFW', sign_no: DEV.signNo, infver: 'V1.0',
      opter_type: '1', opter: 'LSZWFW', opter_name: '崂山区政务服务平台', inf_time: '2026-11-02 10:00:00',
      fixmedins_code: 'LSZWFW', fixmedins_name: '崂山区政务服务平台',
      input: { data: { uscc: SAMPLE_USCC.healthy } },
    });
  });

  it('never sends the same msgid twice', async () => {
    const { adapter, sent } = adapterFor(backend.url);
    await Promise.all(Array.from({ length: 40 }, () => adapter.getEmployer(SAMPLE_USCC.healthy)));
    const ids = sent.map((r) => JSON.parse(r.body!).msgid as string);
    expect(new Set(ids).size).toBe(40);
    expect(ids.every((id) => /^LSZWFW20261102100000\d{10}$/.test(id))).toBe(true);
  });

  it('asks 1302–1304 for a window of months as begn_ym / end_ym', async () => {
    const { adapter, sent } = adapterFor(backend.url);
    const rows = await adapter.getContributions(SAMPLE_USCC.healthy, { from: '2026-09', to: '2026-10' });
    expect(JSON.parse(sent[0].body!)).toMatchObject({ infno: '1303', input: { data: { uscc: SAMPLE_USCC.healthy, begn_ym: '202609', end_ym: '202610' } } });
    expect(rows!.map((r) => r.period)).toEqual(['2026-09', '2026-10']);
  });
});

describe('what it makes of the replies', () => {
  it('turns 1301 into an account: enums, ISO dates, Money, raw personal data kept apart', async () => {
    const { adapter } = adapterFor(backend.url);
    const account = await adapter.getEmployer(SAMPLE_USCC.troubled);
    expect(account).toMatchObject({
      uscc: SAMPLE_USCC.troubled, employerNo: '3702120064615625', name: '青岛浮山建设工程有限公司',
      employerType: 'ENTERPRISE', employerTypeLabel: '企业', regionCode: '370212', registeredOn: '2010-08-23',
      status: 'NORMAL', statusChangedOn: null, insuredCount: { inService: 120, retired: 6 },
      arrears: { hasArrears: true, months: 1, total: '112737.72', earliestPeriod: '2026-10', latestPeriod: '2026-10' },
      personal: { legalRepresentative: { name: '赵建国', idNumber: '370212197011043017', phone: '13606481122' } },
    });
    expect(account!.insuranceTypes.map((c) => c.type)).toEqual(['EMPLOYEE_BASIC', 'LARGE_EXPENSE_SUBSIDY', 'LONG_TERM_CARE']);
  });

  it('turns 1304 into unpaid periods with the platform total', async () => {
    const { adapter } = adapterFor(backend.url);
    expect(await adapter.getArrears(SAMPLE_USCC.troubled)).toEqual({
      periods: [{ period: '2026-10', insuranceType: 'EMPLOYEE_BASIC', amount: '112737.72' }], total: '112737.72',
    });
  });

  it('answers null, not an error, for an enterprise that is not registered as an employer', async () => {
    const { adapter } = adapterFor(backend.url);
    expect(await adapter.getEmployer(SAMPLE_USCC.abnormal)).toBeNull();
    expect(await adapter.getArrears(SAMPLE_USCC.abnormal)).toBeNull();
    expect(await adapter.getContributions(SAMPLE_USCC.abnormal)).toBeNull();
    expect(await adapter.getHeadcounts(SAMPLE_USCC.abnormal)).toBeNull();
  });
});

describe('native failures', () => {
  it('maps the nginx 502 outage page to OUTAGE', async () => {
    backend.sim.setFaults({ outage: true });
    await expect(adapterFor(backend.url).adapter.getEmployer(SAMPLE_USCC.healthy)).rejects.toMatchObject(unavailable('OUTAGE', { httpStatus: 502 }));
  });

  it('maps an injected [FSI-500] to ERROR with the native code', async () => {
    backend.sim.setFaults({ errorRate: 1 });
    await expect(adapterFor(backend.url).adapter.getEmployer(SAMPLE_USCC.healthy)).rejects.toMatchObject(unavailable('ERROR', { nativeCode: 'FSI-500' }));
  });

  it('maps the rate-limit reply ([FSI-429] with HTTP 200) to RATE_LIMITED', async () => {
    backend.sim.setFaults({ rateLimitPerSecond: 0.001 });
    await expect(adapterFor(backend.url).adapter.getEmployer(SAMPLE_USCC.healthy)).rejects.toMatchObject(unavailable('RATE_LIMITED', { nativeCode: 'FSI-429' }));
  });

  it('maps a refused sign number ([FSI-401]) to a non-retryable ERROR', async () => {
    const { adapter } = adapterFor(backend.url, { signNo: 'wrong' });
    await expect(adapter.getEmployer(SAMPLE_USCC.healthy)).rejects.toMatchObject(unavailable('ERROR', { nativeCode: 'FSI-401', retryable: false }));
  });

  it('maps a backend slower than the timeout to TIMEOUT and a closed port to UNREACHABLE', async () => {
    backend.sim.setFaults({ latencyMs: 300 });
    await expect(adapterFor(backend.url, { timeoutMs: 50 }).adapter.getEmployer(SAMPLE_USCC.healthy)).rejects.toMatchObject(unavailable('TIMEOUT'));
    await expect(adapterFor('http://127.0.0.1:1').adapter.getEmployer(SAMPLE_USCC.healthy)).rejects.toMatchObject(unavailable('UNREACHABLE'));
  });
});

describe('payloads that do not keep the contract', () => {
  const employer = async (reply: Parameters<typeof startFakeBackend>[0]) => {
    const fake = await startFakeBackend(reply);
    closers.push(fake.close);
    return adapterFor(fake.url).adapter.getEmployer(SAMPLE_USCC.healthy);
  };
  const info = (overrides: object = {}) => ({
    empinfo: {
      emp_no: '3702120005233680', emp_name: '青岛海岸线科技有限公司', uscc: SAMPLE_USCC.healthy, emp_type: '10', insu_admdvs: '370212',
      reg_date: '2016-04-04', emp_insu_stas: '1', stas_chg_date: null, ...overrides,
    },
    insuinfo: [{ insutype: '999', insutype_name: '新险种', begndate: '2016-04-04' }],
    psncnt: { psn_cnt_in_service: 46, psn_cnt_retired: 1 },
    arrears: { arrears_flag: '0', arrears_months: 0, arrears_sumamt: 0, earliest_ym: null, latest_ym: null },
  });

  it('calls a 200 that is not JSON, an envelope without infcode, or an output missing fields BAD_RESPONSE', async () => {
    await expect(employer(() => ({ body: '<html>maintenance</html>', contentType: 'text/html' }))).rejects.toMatchObject(unavailable('BAD_RESPONSE'));
    await expect(employer(() => ({ body: { output: info() } }))).rejects.toMatchObject(unavailable('BAD_RESPONSE'));
    await expect(employer(() => ({ body: ok({ ...info(), psncnt: null }) }))).rejects.toMatchObject(unavailable('BAD_RESPONSE'));
    await expect(employer(() => ({ body: ok(info({ reg_date: '20160404' })) }))).rejects.toMatchObject(unavailable('BAD_RESPONSE'));
  });

  it('calls a reply about another employer, or an unknown account status, BAD_RESPONSE', async () => {
    await expect(employer(() => ({ body: ok(info({ uscc: SAMPLE_USCC.troubled })) }))).rejects.toMatchObject(unavailable('BAD_RESPONSE'));
    await expect(employer(() => ({ body: ok(info({ emp_insu_stas: '7' })) }))).rejects.toMatchObject(unavailable('BAD_RESPONSE'));
  });

  it('keeps an account with an insurance type or employer type it does not know, as OTHER with the platform name', async () => {
    const account = await employer(() => ({ body: ok(info({ emp_type: '55', emp_type_name: '新单位类型' })) }));
    expect(account).toMatchObject({ employerType: 'OTHER', employerTypeCode: '55', employerTypeLabel: '新单位类型' });
    expect(account!.insuranceTypes).toEqual([{ type: 'OTHER', code: '999', label: '新险种', startedOn: '2016-04-04' }]);
  });

  it('turns a business refusal into DEPARTMENT_REJECTED in the platform’s own words, and an unknown failure into ERROR', async () => {
    await expect(employer(() => ({ body: failed('[FSI-409] 单位已注销，不能变更') }))).rejects.toMatchObject({
      message: '单位已注销，不能变更', extensions: { code: 'DEPARTMENT_REJECTED', department: 'MEDICAL_INSURANCE', nativeCode: 'FSI-409' },
    });
    await expect(employer(() => ({ body: failed('系统繁忙') }))).rejects.toMatchObject(unavailable('ERROR'));
    await expect(employer(() => ({ status: 404, body: '<html>404</html>', contentType: 'text/html' }))).rejects.toMatchObject(unavailable('ERROR', { httpStatus: 404, retryable: false }));
  });
});
