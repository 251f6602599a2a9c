import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@district/runtime';
import { DepartmentReads, DepartmentResilience } from '@district/department-access';
import { systemCaller } from '@district/domain';
import type { MedicalInsuranceAdapter, MedicalInsuranceReads } from './adapter.ts';
import { CACHE_POLICIES } from './cache-policy.ts';
import type { EmployerAccount } from './domain.ts';
import { departmentSubgraph } from './index.ts';

/** Resolver behaviour the stand-in never shows, over a fake adapter and the in-process server. */

const USCC = '91370212MA3C12346X';
const logger = createLogger('test', 'silent');
const server = departmentSubgraph.createServer(logger);
beforeAll(() => server.start());
afterAll(() => server.stop());

function account(overrides: Partial<EmployerAccount> = {}): EmployerAccount {
  return {
    uscc: USCC, employerNo: '3702120005233680', name: '青岛海岸线科技有限公司', employerType: 'ENTERPRISE', employerTypeCode: '10', employerTypeLabel: '企业',
    regionCode: '370212', registeredOn: '2016-04-04', status: 'NORMAL', statusChangedOn: null, address: null, insuranceTypes: [],
    insuredCount: { inService: 4, retired: 0 },
    arrears: { hasArrears: false, months: 0, total: '0.00', earliestPeriod: null, latestPeriod: null },
    personal: { legalRepresentative: { name: null, idNumber: null, phone: null }, agent: { name: '李四', idNumber: null, phone: null }, bankAccount: null },
    ...overrides,
  };
}

function fakeAdapter(employer: EmployerAccount): MedicalInsuranceReads & { getArrears: ReturnType<typeof vi.fn> } {
  return {
    getEmployer: vi.fn(async () => employer),
    getArrears: vi.fn(async () => ({ periods: [{ period: '2026-08', insuranceType: 'EMPLOYEE_BASIC' as const, amount: '10.00' }, { period: '2026-09', insuranceType: 'EMPLOYEE_BASIC' as const, amount: '10.00' }], total: '20.00' })),
    getContributions: vi.fn(async () => []),
    getHeadcounts: vi.fn(async () => []),
  };
}

/** The uncached read path (what CACHE_ENABLED=false gives): every load reaches the fake adapter. */
const reads = new DepartmentReads('MEDICAL_INSURANCE', null, new DepartmentResilience('MEDICAL_INSURANCE'), CACHE_POLICIES);

async function run(adapter: MedicalInsuranceReads, selection: string) {
  const response = await server.executeOperation(
    { query: `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { ${selection} } } }`, variables: { reps: [{ __typename: 'Enterprise', uscc: USCC }] } },
    // Reads only: these resolvers write nothing, so the fake needs no write methods.
    { contextValue: departmentSubgraph.contextFor({ adapter: adapter as MedicalInsuranceAdapter, reads, logger }, systemCaller('test')) },
  );
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

describe('lifecycle events', () => {
  it('dates the arrears event from 1304 only when the 1301 summary lacks the earliest period', async () => {
    const withoutPeriod = fakeAdapter(account({ arrears: { hasArrears: true, months: 2, total: '20.00', earliestPeriod: null, latestPeriod: null } }));
    const result = await run(withoutPeriod, 'medicalInsuranceEvents { at kind detail }');
    expect((result.data as any)._entities[0].medicalInsuranceEvents.at(-1)).toEqual({ at: '2026-08-01', kind: 'INSURANCE_ARREARS', detail: '欠费所属期 2026-08 起，共 2 个月，合计 20.00 元' });
    expect(withoutPeriod.getArrears).toHaveBeenCalledTimes(1);

    const withPeriod = fakeAdapter(account({ arrears: { hasArrears: true, months: 2, total: '20.00', earliestPeriod: '2026-09', latestPeriod: '2026-10' } }));
    const again = await run(withPeriod, 'medicalInsuranceEvents { at kind }');
    expect((again.data as any)._entities[0].medicalInsuranceEvents.at(-1)).toEqual({ at: '2026-09-01', kind: 'INSURANCE_ARREARS' });
    expect(withPeriod.getArrears).not.toHaveBeenCalled();
  });

  it('leaves out a suspension the platform gave no date for, rather than dating it by guess', async () => {
    const result = await run(fakeAdapter(account({ status: 'SUSPENDED', statusChangedOn: null })), 'medicalInsuranceEvents { kind }');
    expect((result.data as any)._entities[0].medicalInsuranceEvents).toEqual([{ kind: 'INSURANCE_REGISTERED' }]);
  });
});

describe('personal data', () => {
  it('masks what is on file and answers null for what is not', async () => {
    const result = await run(fakeAdapter(account()), 'medicalInsurance { legalRepresentative { name idNumber phone } agent { name mobile } bankAccount { accountNumber } }');
    expect(result.errors).toBeUndefined();
    expect((result.data as any)._entities[0].medicalInsurance).toEqual({
      legalRepresentative: { name: null, idNumber: null, phone: null }, agent: { name: '李*', mobile: null }, bankAccount: null,
    });
  });

  it('has no field that could serve the raw records', () => {
    const sdl = departmentSubgraph.typeDefs.loc!.source.body;
    expect(sdl).not.toMatch(/\bpersonal\b/);
  });
});
