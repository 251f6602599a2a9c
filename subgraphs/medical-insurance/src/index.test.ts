import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { cleanCache, entities, SAMPLE_USCC, startBackend, startTestSubgraph, type Backend } from './test-kit.ts';

/**
 * What the subgraph answers and which transactions it calls, on the uncached path
 * (CACHE_ENABLED=false): every query here reaches the platform, so the call counts are about the
 * query alone. The cache has its own tests (cache.test.ts).
 */
let backend: Backend;
let subgraph: RunningSubgraph;
const failing: RunningSubgraph[] = [];
beforeAll(async () => {
  backend = await startBackend();
  subgraph = await startTestSubgraph(backend.url, { CACHE_ENABLED: 'false' });
});
afterAll(async () => {
  await subgraph?.stop();
  for (const s of failing) await s.stop();
  await backend?.sim.close();
  await cleanCache();
});
beforeEach(() => {
  backend.sim.clearFaults();
  backend.sim.resetStats();
});

const ACCOUNT = `medicalInsurance {
  employerNo name status statusLabel statusChangedOn registeredOn employerType employerTypeLabel regionCode
  insuranceTypes { type code label startedOn } insuredCount { inService retired total } hasArrears arrearsMonths arrearsTotal
  legalRepresentative { name idNumber phone } agent { name mobile } bankAccount { bankName accountNumber }
}`;
const EVENTS = 'medicalInsuranceEvents { at department kind title detail }';
const one = async (uscc: string, selection: string) => {
  const reply = await entities(subgraph.url, [uscc], selection);
  expect(reply.errors).toBeUndefined();
  return reply.data._entities[0];
};
const infnoCalls = () => Object.fromEntries(Object.entries(backend.sim.stats().byRoute).filter(([k]) => k.startsWith('infno.')));

describe('the sample enterprises', () => {
  it('shows the healthy company as it is on file: 正常, no arrears, personal data masked', async () => {
    const { medicalInsurance: a } = await one(SAMPLE_USCC.healthy, ACCOUNT);
    expect(a).toEqual({
      employerNo: '3702120005233680', name: '青岛海岸线科技有限公司', status: 'NORMAL', statusLabel: '正常', statusChangedOn: null,
      registeredOn: '2016-04-04', employerType: 'ENTERPRISE', employerTypeLabel: '企业', regionCode: '370212',
      insuranceTypes: [
        { type: 'EMPLOYEE_BASIC', code: '310', label: '职工基本医疗保险', startedOn: '2016-04-04' },
        { type: 'LARGE_EXPENSE_SUBSIDY', code: '330', label: '大额医疗费用补助', startedOn: '2016-04-04' },
        { type: 'LONG_TERM_CARE', code: '410', label: '长期照护保险', startedOn: '2016-04-04' },
      ],
      insuredCount: { inService: 46, retired: 1, total: 47 }, hasArrears: false, arrearsMonths: 0, arrearsTotal: '0.00',
      legalRepresentative: { name: '王**', idNumber: '370***********201X', phone: '138****9876' },
      agent: { name: '董*', mobile: '138****4403' },
      bankAccount: { bankName: '中国银行青岛崂山支行', accountNumber: '***************5748' },
    });
  });

  it('shows the deregistered company as 注销 on its closing date, with its events', async () => {
    const e = await one(SAMPLE_USCC.deregistered, `medicalInsurance { status statusLabel statusChangedOn insuredCount { total } hasArrears } ${EVENTS}`);
    expect(e.medicalInsurance).toEqual({ status: 'CLOSED', statusLabel: '注销', statusChangedOn: '2024-09-30', insuredCount: { total: 0 }, hasArrears: false });
    expect(e.medicalInsuranceEvents.map((v: any) => [v.at, v.kind, v.title])).toEqual([
      ['2012-05-22', 'INSURANCE_REGISTERED', '单位参保登记'],
      ['2024-09-30', 'INSURANCE_DEREGISTERED', '注销参保'],
    ]);
    expect(e.medicalInsuranceEvents[0]).toMatchObject({ department: 'MEDICAL_INSURANCE', detail: '参保险种：职工基本医疗保险、大额医疗费用补助、长期照护保险' });
  });

  it('shows the troubled company’s arrears with the total the backend holds, dated from the earliest unpaid period', async () => {
    const record = backend.recordOf(SAMPLE_USCC.troubled)!;
    const total = (record.arrears.reduce((s, a) => s + Math.round(a.arrears_amt * 100), 0) / 100).toFixed(2);
    const e = await one(SAMPLE_USCC.troubled, `medicalInsurance { hasArrears arrearsMonths arrearsTotal arrears { period insuranceType amount } } ${EVENTS}`);
    expect(total).toBe('112737.72');
    expect(e.medicalInsurance).toEqual({
      hasArrears: true, arrearsMonths: record.arrears.length, arrearsTotal: total,
      arrears: record.arrears.map((a) => ({ period: `${a.fee_ym.slice(0, 4)}-${a.fee_ym.slice(4)}`, insuranceType: 'EMPLOYEE_BASIC', amount: a.arrears_amt.toFixed(2) })),
    });
    expect(e.medicalInsuranceEvents.at(-1)).toEqual({
      at: '2026-10-01', department: 'MEDICAL_INSURANCE', kind: 'INSURANCE_ARREARS', title: '医保欠费', detail: '欠费所属期 2026-10 起，共 1 个月，合计 112737.72 元',
    });
  });

  it('answers null and no events, without an error, for the abnormal company that never registered', async () => {
    expect(await one(SAMPLE_USCC.abnormal, `uscc medicalInsurance { status } ${EVENTS}`)).toEqual({ uscc: SAMPLE_USCC.abnormal, medicalInsurance: null, medicalInsuranceEvents: [] });
  });

  it('shows the newly opened company registered days ago with its first contribution', async () => {
    const e = await one(SAMPLE_USCC.newlyOpened, `medicalInsurance { status registeredOn insuredCount { inService total } contributions { period total received collectedOn collector collectorName } } ${EVENTS}`);
    expect(e.medicalInsurance).toEqual({
      status: 'NORMAL', registeredOn: '2026-10-30', insuredCount: { inService: 3, total: 3 },
      contributions: [{ period: '2026-10', total: '2044.79', received: '2044.79', collectedOn: '2026-10-30', collector: 'TAX', collectorName: '国家税务总局青岛市崂山区税务局' }],
    });
    expect(e.medicalInsuranceEvents.map((v: any) => v.kind)).toEqual(['INSURANCE_REGISTERED']);
  });

  it('shows the revoked company as 暂停 with a suspension event, and the individual business as 个体工商户', async () => {
    const revoked = await one(SAMPLE_USCC.revoked, `medicalInsurance { status statusChangedOn } ${EVENTS}`);
    expect(revoked.medicalInsurance).toEqual({ status: 'SUSPENDED', statusChangedOn: '2021-12-04' });
    expect(revoked.medicalInsuranceEvents.map((v: any) => [v.at, v.kind])).toEqual([['2014-04-20', 'INSURANCE_REGISTERED'], ['2021-12-04', 'INSURANCE_SUSPENDED']]);
    expect((await one(SAMPLE_USCC.individual, 'medicalInsurance { employerType employerTypeLabel }')).medicalInsurance).toEqual({ employerType: 'INDIVIDUAL_BUSINESS', employerTypeLabel: '个体工商户' });
  });

  it('matches the backend’s record for every sample enterprise', async () => {
    const usccs = Object.values(SAMPLE_USCC);
    const reply = await entities(subgraph.url, usccs, 'uscc medicalInsurance { employerNo name status registeredOn statusChangedOn insuredCount { inService retired } hasArrears }');
    const status = { '1': 'NORMAL', '2': 'SUSPENDED', '3': 'CLOSED' } as const;
    expect(reply.data._entities).toEqual(usccs.map((uscc) => {
      const r = backend.recordOf(uscc);
      return {
        uscc,
        medicalInsurance: r && {
          employerNo: r.emp_no, name: r.emp_name, status: status[r.emp_insu_stas], registeredOn: r.reg_date, statusChangedOn: r.stas_chg_date,
          insuredCount: { inService: r.psn_cnt_in_service, retired: r.psn_cnt_retired }, hasArrears: r.arrears.length > 0,
        },
      };
    }));
  });
});

describe('backend calls', () => {
  it('reads the lists only when asked: one call each of 1301, 1302, 1303 and 1304', async () => {
    const e = await one(SAMPLE_USCC.healthy, 'medicalInsurance { status arrears { period } contributions(months: 3) { period base employerAmount employeeAmount total } headcountHistory { period inService retired total } }');
    expect(infnoCalls()).toEqual({ 'infno.1301': 1, 'infno.1302': 1, 'infno.1303': 1, 'infno.1304': 1 });
    const record = backend.recordOf(SAMPLE_USCC.healthy)!;
    const last = record.contributions.at(-1)!;
    expect(e.medicalInsurance.contributions.map((c: any) => c.period)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(e.medicalInsurance.contributions[2]).toEqual({
      period: '2026-10', base: last.clct_base.toFixed(2), employerAmount: last.emp_clct_amt.toFixed(2), employeeAmount: last.psn_clct_amt.toFixed(2), total: last.clct_sumamt.toFixed(2),
    });
    expect(e.medicalInsurance.headcountHistory).toHaveLength(12);
    expect(e.medicalInsurance.arrears).toEqual([]);
  });

  it('refuses contributions(months:) outside 1–12 with BAD_USER_INPUT, without calling 1303', async () => {
    const reply = await entities(subgraph.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status contributions(months: 13) { period } }');
    expect(reply.errors![0]).toMatchObject({ message: expect.stringContaining('months must be between 1 and 12'), extensions: { code: 'BAD_USER_INPUT', argument: 'months' } });
    expect(infnoCalls()).toEqual({ 'infno.1301': 1 });
  });

  it('refuses a representation whose USCC check character is wrong, without calling the backend', async () => {
    const reply = await entities(subgraph.url, ['91370212MA3C123460'], 'medicalInsurance { status }');
    expect(reply.data._entities[0].medicalInsurance).toBeNull();
    expect(reply.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(backend.sim.stats().requests).toBe(0);
  });
});

describe('when the backend fails', () => {
  /** A subgraph of its own per test (nothing cached, the breaker closed), retrying after a few ms. */
  const fresh = async () => {
    const s = await startTestSubgraph(backend.url, { MEDICAL_INSURANCE_RETRY_BASE_MS: '1', MEDICAL_INSURANCE_RETRY_MAX_MS: '5' });
    failing.push(s);
    return s;
  };

  it('nulls the account and the events with DEPARTMENT_UNAVAILABLE, reason RATE_LIMITED, at their own paths', async () => {
    const subgraph = await fresh();
    backend.sim.setFaults({ rateLimitPerSecond: 0.001 });
    const reply = await entities(subgraph.url, [SAMPLE_USCC.healthy], `uscc medicalInsurance { status } ${EVENTS}`);
    expect(reply.data._entities[0]).toEqual({ uscc: SAMPLE_USCC.healthy, medicalInsurance: null, medicalInsuranceEvents: null });
    expect(reply.errors!.map((e) => [e.path, e.extensions])).toEqual([
      [['_entities', 0, 'medicalInsurance'], { code: 'DEPARTMENT_UNAVAILABLE', department: 'MEDICAL_INSURANCE', reason: 'RATE_LIMITED', nativeCode: 'FSI-429' }],
      [['_entities', 0, 'medicalInsuranceEvents'], { code: 'DEPARTMENT_UNAVAILABLE', department: 'MEDICAL_INSURANCE', reason: 'RATE_LIMITED', nativeCode: 'FSI-429' }],
    ]);
  });

  it('reports the nginx 502 page as OUTAGE', async () => {
    const subgraph = await fresh();
    backend.sim.setFaults({ outage: true });
    const reply = await entities(subgraph.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }');
    expect(reply.data._entities[0].medicalInsurance).toBeNull();
    expect(reply.errors![0].extensions).toEqual({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MEDICAL_INSURANCE', reason: 'OUTAGE', httpStatus: 502 });
  });

  it('costs only the enterprise whose call failed: the others keep their accounts', async () => {
    const subgraph = await fresh();
    backend.sim.setFaults({ rateLimitPerSecond: 1 }); // one token: the first call passes, the second is refused
    const reply = await entities(subgraph.url, [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled], 'medicalInsurance { status }');
    expect(reply.data._entities.filter((e: any) => e.medicalInsurance?.status === 'NORMAL')).toHaveLength(1);
    expect(reply.errors!.map((e) => e.extensions!.reason)).toEqual(['RATE_LIMITED']);
  });
});
