import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../src/stack.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';

/**
 * Field- and row-level authorization through the whole stack (gateway → subgraphs), with bearer
 * tokens from stack.token: declared sensitivity classes per role and purpose, building staff kept
 * to their buildings, an enterprise to itself, masking per role.
 */
let stack: Stack;
let mine: string;      // an enterprise in LS-B001 that every department knows, with a legal representative
let theirs: string;    // an enterprise in another building
let staffAuth: Record<string, string>;
const forbidden = (res: any) => (res.errors ?? []).filter((e: any) => e.extensions?.code === 'FORBIDDEN');

beforeAll(async () => {
  stack = await startStack();
  const enterprises = stack.backends.dataset.enterprises;
  mine = SAMPLE_USCC.healthy;
  expect(enterprises.find((e) => e.uscc === mine)!.buildingId).toBe('LS-B001');
  theirs = enterprises.find((e) => e.buildingId && e.buildingId !== 'LS-B001')!.uscc;
  staffAuth = { authorization: `Bearer ${await stack.token({ role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE', sub: 'lxe-1' })}` };
}, 120_000);
afterAll(() => stack?.stop());

describe('building staff', () => {
  it('are refused another building’s enterprise directly, with no data', async () => {
    const res = await stack.query(`{ enterprise(uscc: "${theirs}") { uscc registration { name } tax { creditGrade { grade } } } }`, {}, staffAuth);
    expect(res.data?.enterprise ?? null).toBeNull();
    expect(forbidden(res)[0].message).toMatch(/Query\.enterprise/);
  });

  it('are refused via enterprises without or with a foreign building filter', async () => {
    for (const filter of ['', '(filter: { building: "LS-B002" })']) {
      const res = await stack.query(`{ enterprises${filter} { edges { node { uscc } } } }`, {}, staffAuth);
      expect(res.data ?? null).toBeNull(); // enterprises is non-null: the null reaches the root
      expect(forbidden(res)[0].message).toMatch(/Query\.enterprises/);
    }
    const own = await stack.query('{ enterprises(first: 5, filter: { building: "LS-B001" }) { edges { node { uscc } } } }', {}, staffAuth);
    expect(own.errors).toBeUndefined();
    expect(own.data.enterprises.edges.length).toBeGreaterThan(0);
  });

  it('are refused via another building, yet see the building record itself', async () => {
    const res = await stack.query('{ building(id: "LS-B002") { id name enterprises { edges { node { uscc } } } } }', {}, staffAuth);
    expect(res.data.building).toEqual({ id: 'LS-B002', name: '崂山科创中心', enterprises: null });
    expect(forbidden(res)[0].message).toMatch(/Building\.enterprises/);
    const record = await stack.query('{ building(id: "LS-B002") { id name } }', {}, staffAuth);
    expect(record.data.building.id).toBe('LS-B002');
  });

  it('are refused through aliases and fragments, while the allowed alias still answers', async () => {
    const res = await stack.query(`
      fragment F on Enterprise { uscc registration { name } }
      { a: enterprise(uscc: "${mine}") { ...F } b: enterprise(uscc: "${theirs}") { ...on Enterprise { ...F } } }`, {}, staffAuth);
    expect(res.data.a.uscc).toBe(mine);
    expect(res.data.b).toBeNull();
    expect(forbidden(res)).toHaveLength(1);
    expect(JSON.stringify(res.data)).not.toContain(theirs);
  });

  it('see the credit grade and arrears flags but not amounts, persons or ID numbers', async () => {
    const res = await stack.query(`{ enterprise(uscc: "${mine}") {
      registration { name legalRepresentative { idNumber } }
      tax { creditGrade { grade } hasArrears arrearsTotal }
      medicalInsurance { hasArrears arrearsTotal }
      realEstate { hasSeizure hasMortgage mortgages { securedAmount } } } }`, {}, staffAuth);
    const e = res.data.enterprise;
    expect(e.registration.name).toBeTruthy();
    expect(e.registration.legalRepresentative.idNumber).toBeNull();
    expect(typeof e.realEstate.hasSeizure).toBe('boolean');
    expect(typeof e.tax.hasArrears).toBe('boolean');
    expect(e.tax.arrearsTotal).toBeNull();
    expect(typeof e.medicalInsurance.hasArrears).toBe('boolean');
    expect(e.medicalInsurance.arrearsTotal).toBeNull();
    const fields = forbidden(res).map((x: any) => x.extensions.field);
    expect(fields.sort()).toEqual(['MedicalInsuranceAccount.arrearsTotal', 'RegistrationRepresentative.idNumber', 'TaxProfile.arrearsTotal']);
    for (const err of forbidden(res)) expect(err.message).toMatch(/not granted (PERSONAL|SENSITIVE)/);
  });
});

describe('an enterprise', () => {
  it('sees itself unmasked and nothing else', async () => {
    const auth = { authorization: `Bearer ${await stack.token({ role: 'enterprise', uscc: mine, purpose: 'SELF_SERVICE', sub: mine })}` };
    const self = await stack.query(`{ enterprise(uscc: "${mine}") { uscc registration { legalRepresentative { name idNumber } } } }`, {}, auth);
    expect(self.errors).toBeUndefined();
    const raw = stack.backends.dataset.enterprises.find((e) => e.uscc === mine)!;
    expect(self.data.enterprise.registration.legalRepresentative.idNumber).toBe(raw.legalRepresentative.idNumber);
    expect(raw.legalRepresentative.idNumber).not.toContain('*');
    const other = await stack.query(`{ enterprise(uscc: "${theirs}") { uscc } }`, {}, auth);
    expect(other.data?.enterprise ?? null).toBeNull();
    expect(forbidden(other)).toHaveLength(1);
    const list = await stack.query('{ enterprises { totalCount } }', {}, auth);
    expect(forbidden(list)[0].message).toMatch(/Query\.enterprises/);
  });
});

describe('an auditor', () => {
  it('sees every class, with personal data masked', async () => {
    const res = await stack.query(`{ enterprise(uscc: "${mine}") { registration { legalRepresentative { name idNumber } } tax { arrearsTotal hasArrears } realEstate { hasSeizure } } }`);
    expect(forbidden(res)).toHaveLength(0);
    expect(res.data.enterprise.registration.legalRepresentative.idNumber).toContain('*');
  });

  it('without a purpose sees only PUBLIC fields', async () => {
    const auth = { authorization: `Bearer ${await stack.token({ role: 'auditor', sub: 'a' })}` };
    const res = await stack.query(`{ enterprise(uscc: "${mine}") { registration { name } realEstate { hasSeizure } } }`, {}, auth);
    expect(res.data.enterprise.registration.name).toBeTruthy();
    expect(forbidden(res).map((e: any) => e.extensions.field)).toContain('RealEstateHoldings.hasSeizure');
  });
});
