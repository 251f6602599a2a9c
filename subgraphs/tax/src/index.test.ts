import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ENTERPRISES, SAMPLE_USCC } from '@district/dataset';
import { busCall, entities, startTestStack, type TestStack } from './test-kit.ts';

let stack: TestStack;
beforeAll(async () => void (stack = await startTestStack()));
afterAll(() => stack?.stop());

const PROFILE = `tax { taxpayerId name formerName status statusCode statusLabel taxpayerKind registeredOn dataAsOf
  taxAuthority { code name } taxOffice { name } industry { code name } headOffice { uscc }
  legalRepresentative { name idNumber } financeOfficer taxAgent abnormalSince deregisteredOn
  clearance { certificateNo title issuedOn path pathLabel }
  creditGrade { year grade score source publishedOn } creditHistory { year grade }
  hasArrears arrearsTotal arrears { taxItem taxItemCode dueOn amount lateFee lateFeeDays lateFeeAsOf }
  overdueDeclarations { taxItem dueOn } invoiceQuota { month total used remaining status } }
  taxEvents { at department kind title detail }`;

/** One sample enterprise's tax profile and events, with no errors. */
async function sample(name: keyof typeof SAMPLE_USCC) {
  const r = await entities(stack.subgraph.url, [SAMPLE_USCC[name]], PROFILE);
  expect(r.errors).toBeUndefined();
  return r.data._entities[0] as { uscc: string; tax: any; taxEvents: any[] };
}

describe('the sample enterprises, as the tax stand-in holds them', () => {
  it('shows healthy as a NORMAL general taxpayer rated A, with no arrears', async () => {
    const { tax, taxEvents } = await sample('healthy');
    expect(tax).toMatchObject({
      taxpayerId: SAMPLE_USCC.healthy, name: '青岛海岸线科技有限公司', status: 'NORMAL', statusCode: '03', statusLabel: '正常',
      taxpayerKind: 'GENERAL', dataAsOf: '2026-11-01', taxAuthority: { code: '13702120000', name: '国家税务总局青岛市崂山区税务局' },
      creditGrade: { year: 2025, grade: 'A', source: 'ANNUAL_EVALUATION', publishedOn: '2026-04-20' },
      hasArrears: false, arrearsTotal: '0.00', arrears: [], overdueDeclarations: [], clearance: null, deregisteredOn: null,
      invoiceQuota: { month: '2026-11', status: 'NORMAL' },
    });
    expect(tax.creditHistory.map((r: any) => r.year)).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(new Set(tax.creditHistory.map((r: any) => r.grade))).toEqual(new Set(['A']));
    expect(taxEvents[0]).toMatchObject({ kind: 'TAX_REGISTERED', at: tax.registeredOn, department: 'TAX' });
    expect(taxEvents.filter((e) => e.kind === 'TAX_CREDIT_RATED')).toHaveLength(9);
  });

  it('shows deregistered as DEREGISTERED with a 清税证明 issued before the market deregistration on 2024-09-20', async () => {
    const { tax, taxEvents } = await sample('deregistered');
    expect(tax).toMatchObject({ status: 'DEREGISTERED', statusCode: '07', invoiceQuota: null, hasArrears: false });
    expect(tax.clearance).toMatchObject({ title: '清税证明', certificateNo: expect.stringMatching(/^青崂税 税企清〔2024〕\d+号$/), path: 'IMMEDIATE', pathLabel: '即办' });
    expect(tax.clearance.issuedOn < '2024-09-20').toBe(true);
    expect(tax.deregisteredOn).toBe(tax.clearance.issuedOn);
    const kinds = taxEvents.map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(['TAX_CLEARED', 'TAX_DEREGISTERED']);
    expect(taxEvents.at(-2)).toMatchObject({ at: tax.clearance.issuedOn, detail: tax.clearance.certificateNo });
  });

  it("shows troubled's arrears with 滞纳金, totalling exactly the bureau's 欠税合计", async () => {
    const { tax, taxEvents } = await sample('troubled');
    const bureau = await busCall(stack.backend.url, 'SWZJ.HXZG.ZS.PLCXQSXX', { nsrsbhList: [SAMPLE_USCC.troubled] });
    const { qsxxList, qshj } = bureau.body.nsrList[0];
    expect(tax.hasArrears).toBe(true);
    expect(tax.arrearsTotal).toBe(qshj.hj);
    expect(tax.creditGrade.grade).toBe('C');
    expect(tax.arrears).toEqual(qsxxList.map((a: any) => ({
      taxItem: expect.any(String), taxItemCode: a.zsxmDm, dueOn: `${a.jkqx.slice(0, 4)}-${a.jkqx.slice(4, 6)}-${a.jkqx.slice(6)}`,
      amount: a.qsje, lateFee: a.znj, lateFeeDays: a.znjts, lateFeeAsOf: '2026-11-01',
    })));
    const earliest = tax.arrears.map((a: any) => a.dueOn).sort()[0];
    expect(taxEvents.find((e) => e.kind === 'TAX_ARREARS')).toMatchObject({ at: earliest, title: '欠税' });
  });

  it('shows abnormal as an ABNORMAL taxpayer rated D directly, with overdue filings and a frozen quota', async () => {
    const { tax, taxEvents } = await sample('abnormal');
    expect(tax).toMatchObject({
      status: 'ABNORMAL', statusCode: '05', abnormalSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      creditGrade: { year: 2025, grade: 'D', score: null, source: 'DIRECT_DOWNGRADE' },
      invoiceQuota: { status: 'FROZEN', remaining: '0.00' },
    });
    expect(tax.overdueDeclarations.length).toBeGreaterThan(0);
    expect(taxEvents.find((e) => e.kind === 'TAX_ABNORMAL')).toMatchObject({ at: tax.abnormalSince });
  });

  it('answers null without an error for newlyOpened, which has not confirmed as a taxpayer yet, and no events', async () => {
    const { tax, taxEvents } = await sample('newlyOpened');
    expect(tax).toBeNull();
    expect(taxEvents).toEqual([]);
  });

  it('shows the former name of renamed, the head office of branch, and the individual business as small-scale', async () => {
    expect((await sample('renamed')).tax).toMatchObject({ name: '青岛云帆信息技术有限公司', formerName: '青岛云帆网络科技有限公司' });
    expect((await sample('branch')).tax.headOffice).toEqual({ uscc: SAMPLE_USCC.healthy });
    expect((await sample('individual')).tax).toMatchObject({ name: '崂山区海岸线便利店', taxpayerKind: 'SMALL_SCALE', status: 'NORMAL' });
  });
});

describe('personal data', () => {
  it('masks the legal representative, finance officer and tax agent, and never sends a raw name or ID number', async () => {
    const healthy = SAMPLE_ENTERPRISES.find((e) => e.sample === 'healthy')!;
    const r = await entities(stack.subgraph.url, [SAMPLE_USCC.healthy], PROFILE);
    expect(r.data._entities[0].tax.legalRepresentative).toEqual({ name: '王**', idNumber: '370***********201X' });
    expect(r.data._entities[0].tax.financeOfficer).toMatch(/^.\*+$/);
    expect(r.data._entities[0].tax.taxAgent).toMatch(/^.\*+$/);
    expect(r.text).not.toContain(healthy.legalRepresentative.idNumber);
    expect(r.text).not.toContain(healthy.legalRepresentative.name);
  });
});

describe('arguments', () => {
  it('keeps the declarations of the last N months by filing deadline', async () => {
    const r = await entities(stack.subgraph.url, [SAMPLE_USCC.healthy], 'tax { all: declarations { dueOn } recent: declarations(lastMonths: 3) { dueOn taxPayable relief amountDue } }');
    const { all, recent } = r.data._entities[0].tax;
    expect(all.length).toBeGreaterThan(recent.length);
    expect(recent.every((d: any) => d.dueOn > '2026-08-01')).toBe(true);
    expect(recent.length).toBe(all.filter((d: any) => d.dueOn > '2026-08-01').length);
  });

  it('refuses lastMonths outside 1–12 with BAD_USER_INPUT saying what is allowed', async () => {
    const r = await entities(stack.subgraph.url, [SAMPLE_USCC.healthy], 'tax { declarations(lastMonths: 13) { dueOn } }');
    expect(r.errors?.[0]).toMatchObject({ message: expect.stringContaining('from 1 to 12'), extensions: { code: 'BAD_USER_INPUT', argument: 'lastMonths' } });
  });

  it('answers BAD_USER_INPUT for a representation whose USCC is malformed, and still answers the others', async () => {
    const bad = SAMPLE_USCC.healthy.slice(0, 17) + (SAMPLE_USCC.healthy.endsWith('X') ? 'Y' : 'X');
    const r = await entities(stack.subgraph.url, [bad, SAMPLE_USCC.healthy], 'tax { status }');
    expect(r.data._entities[0].tax).toBeNull();
    expect(r.data._entities[1].tax).toEqual({ status: 'NORMAL' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ path: ['_entities', 0, 'tax'], extensions: { code: 'BAD_USER_INPUT' } });
  });
});
