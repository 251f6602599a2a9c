import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveEmployer } from '@district/backends/medical-insurance/index';
import { deriveHoldings as holdingsOf } from '@district/backends/real-estate/index';
import { moneyFromWanString, moneyFromYuanNumber, sumMoney } from '@district/domain';
import { startStack, type Stack } from '../../src/stack.ts';
import { LIFECYCLE_QUERY, SAMPLE_USCC } from '../../src/samples.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const lifecycleOf = async (uscc: string) => {
  const res = await stack.query(LIFECYCLE_QUERY, { uscc });
  expect(res.errors).toBeUndefined();
  return res.data.enterprise;
};

const kinds = (e: any) => e.lifecycle.events.map((ev: any) => ev.kind);
const firstAt = (e: any, kind: string) => e.lifecycle.events.find((ev: any) => ev.kind === kind)?.at;

describe('one query returns an enterprise across all departments', () => {
  it('shows a healthy enterprise operating everywhere, its timeline oldest first', async () => {
    const e = await lifecycleOf(SAMPLE_USCC.healthy);
    const core = stack.backends.dataset.byUscc.get(SAMPLE_USCC.healthy)!;
    expect(e.registration).toMatchObject({ name: core.name, status: 'EXISTING', establishedOn: core.establishedOn, onAbnormalList: false });
    expect(e.tax).toMatchObject({ status: 'NORMAL', creditGrade: { grade: 'A' }, hasArrears: false });
    expect(e.medicalInsurance).toMatchObject({ status: 'NORMAL', hasArrears: false });
    expect(e.realEstate).toMatchObject({ currentUnitCount: 1, hasMortgage: false, hasSeizure: false });
    expect(e.lifecycle).toMatchObject({ stage: 'OPERATING', stageLabel: '运营', incompleteDepartments: [] });
    const dates = e.lifecycle.events.map((ev: any) => ev.at);
    expect(dates).toEqual([...dates].sort());
    expect(e.lifecycle.events[0]).toMatchObject({ at: '2016-03-18', department: 'MARKET', kind: 'ESTABLISHED' });
    expect(firstAt(e, 'TAX_REGISTERED') >= '2016-03-18').toBe(true);
    expect(firstAt(e, 'INSURANCE_REGISTERED') >= '2016-03-18').toBe(true);
    expect(firstAt(e, 'PROPERTY_ACQUIRED')).toBe('2019-05-20');
    expect(new Set(e.lifecycle.events.map((ev: any) => ev.department))).toEqual(new Set(['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE']));
  });

  it('shows a deregistered enterprise closed everywhere, in the order the rules require', async () => {
    const e = await lifecycleOf(SAMPLE_USCC.deregistered);
    expect(e.registration).toMatchObject({ status: 'DEREGISTERED', deregisteredOn: '2024-09-20' });
    expect(e.tax.status).toBe('DEREGISTERED');
    expect(e.tax.clearance.issuedOn < '2024-09-20').toBe(true);
    expect(e.medicalInsurance.status).toBe('CLOSED');
    expect(e.realEstate.currentUnitCount).toBe(0);
    expect(e.realEstate.rights).toEqual([expect.objectContaining({ status: 'HISTORICAL', endedOn: '2024-03-01' })]);
    expect(e.lifecycle.stage).toBe('EXIT');
    // 清税 before 注销登记, insurance closed after it, property disposed of before either.
    expect(firstAt(e, 'PROPERTY_DISPOSED')).toBe('2024-03-01');
    expect(firstAt(e, 'TAX_CLEARED') < firstAt(e, 'DEREGISTERED')).toBe(true);
    expect(firstAt(e, 'DEREGISTERED')).toBe('2024-09-20');
    expect(firstAt(e, 'INSURANCE_DEREGISTERED') >= '2024-09-20').toBe(true);
  });

  it('shows arrears and a seizure exactly as the tax, insurance and property systems hold them', async () => {
    const e = await lifecycleOf(SAMPLE_USCC.troubled);
    const core = stack.backends.dataset.byUscc.get(SAMPLE_USCC.troubled)!;
    expect(e.tax.hasArrears).toBe(true);
    expect(e.tax.arrearsTotal).toBe(sumMoney(e.tax.arrears.flatMap((a: any) => [a.amount, a.lateFee])));
    const employer = deriveEmployer(core, stack.backends.dataset)!;
    expect(e.medicalInsurance.hasArrears).toBe(true);
    expect(e.medicalInsurance.arrearsTotal).toBe(sumMoney(employer.arrears.map((a) => moneyFromYuanNumber(a.arrears_amt))));
    const holdings = holdingsOf(core, stack.backends.dataset);
    expect(e.realEstate).toMatchObject({ currentUnitCount: 2, hasMortgage: true, hasSeizure: true });
    expect(e.realEstate.mortgages.map((m: any) => m.securedAmount)).toEqual(holdings.mortgages.filter((m) => m.state === '现势').map((m) => moneyFromWanString(m.amountWan)));
    expect(e.realEstate.seizures).toEqual(holdings.seizures.filter((s) => s.state === '现势').map((s) => expect.objectContaining({ authority: s.authority, documentNo: s.docketNo, from: s.from, to: s.to })));
    expect(kinds(e)).toEqual(expect.arrayContaining(['TAX_ARREARS', 'INSURANCE_ARREARS', 'MORTGAGED', 'SEIZED']));
  });

  it('keeps the old holder name in the property register of a renamed enterprise, as the register does', async () => {
    const e = await lifecycleOf(SAMPLE_USCC.renamed);
    expect(e.registration.name).toBe('青岛云帆信息技术有限公司');
    expect(e.realEstate.rights[0].holderName).toBe('青岛云帆网络科技有限公司');
    expect(kinds(e)).toContain('NAME_CHANGED');
  });

  it('puts a newly opened enterprise in the opening stage, before the tax bureau knows it', async () => {
    const e = await lifecycleOf(SAMPLE_USCC.newlyOpened);
    expect(e.registration.status).toBe('EXISTING');
    expect(e.tax).toBeNull();
    expect(e.lifecycle.stage).toBe('OPENING');
  });
});
