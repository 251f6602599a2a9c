import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEntities } from '@district/subgraph-kit/testing';
import type { Caller } from '@district/domain';
import { SAMPLE_USCC } from '@district/dataset';
import { startTestStack, type TestStack } from './test-kit.ts';

/** Declared classes, own-department grants, the headOffice hop and masking, called as the gateway would. */
let stack: TestStack;
beforeAll(async () => void (stack = await startTestStack()));
afterAll(() => stack?.stop());

const entity = (caller: Partial<Caller>, uscc: string, selection: string): Promise<any> => postEntities(stack.subgraph.url, [uscc], `uscc ${selection}`, caller);
/** Taxed, in LS-B001, with a legal representative on the tax record; `branch` is its 分公司, also in LS-B001. */
const uscc = () => SAMPLE_USCC.healthy;
const REPRESENTATIVE_ID = '37021219820315201X';
const SELECTION = 'tax { creditGrade { grade } hasArrears arrearsTotal legalRepresentative { idNumber } }';

describe('tax authorization', () => {
  it('gives building staff the flags, and nulls amounts and persons with FORBIDDEN naming the field', async () => {
    const res = await entity({ role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' }, uscc(), SELECTION);
    const tax = res.data._entities[0].tax;
    expect(typeof tax.hasArrears).toBe('boolean');
    expect(tax.arrearsTotal).toBeNull();
    expect(tax.legalRepresentative).toBeNull();
    expect(res.errors.map((e: any) => [e.extensions.code, e.extensions.field]).sort()).toEqual([['FORBIDDEN', 'TaxProfile.arrearsTotal'], ['FORBIDDEN', 'TaxProfile.legalRepresentative']]);
  });

  it('grants SENSITIVE to a department officer of TAX only, and unmasks for them', async () => {
    const own = await entity({ role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE' }, uscc(), SELECTION);
    expect(own.errors).toBeUndefined();
    expect(own.data._entities[0].tax.legalRepresentative.idNumber).toBe(REPRESENTATIVE_ID);
    const other = await entity({ role: 'department-officer', department: 'MARKET', purpose: 'DEPARTMENT_CASE' }, uscc(), SELECTION);
    expect(other.errors.map((e: any) => e.extensions.field)).toEqual(['TaxProfile.arrearsTotal']);
    const masked = other.data._entities[0].tax.legalRepresentative.idNumber;
    expect(masked).toContain('*');
    expect(masked).not.toBe(REPRESENTATIVE_ID);
  });

  it('refuses the enterprise role any other USCC, and building staff the headOffice hop', async () => {
    const self = { role: 'enterprise', uscc: '91370212MA3C12345X', purpose: 'SELF_SERVICE' } as const;
    const res = await entity(self, uscc(), 'tax { status }');
    expect(res.data?._entities?.[0] ?? null, JSON.stringify(res.errors)).toBeNull();
    expect(res.errors[0].extensions.code).toBe('FORBIDDEN');
    const hop = await entity({ role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' }, SAMPLE_USCC.branch, 'tax { headOffice { uscc } }');
    expect(hop.data._entities[0].tax).toEqual({ headOffice: null });
    expect(hop.errors.map((e: any) => [e.extensions.code, e.extensions.field])).toEqual([['FORBIDDEN', 'TaxProfile.headOffice']]);
  });
});
