import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEntities } from '@district/common/testing';
import type { Caller, RunningSubgraph } from '@district/common';
import { startBackend, startTaxSubgraph } from './test-kit.ts';

/** Declared classes, own-department grants, the headOffice hop and masking, called as the gateway would. */
let backend: Awaited<ReturnType<typeof startBackend>>;
let subgraph: RunningSubgraph;
beforeAll(async () => {
  backend = await startBackend();
  subgraph = await startTaxSubgraph(backend.url);
});
afterAll(async () => { await subgraph?.stop(); await backend?.close(); });

const entity = (caller: Partial<Caller>, uscc: string, selection: string): Promise<any> => postEntities(subgraph.url, [uscc], `uscc ${selection}`, caller);
const uscc = () => backend.dataset.enterprises.find((e: any) => e.tax)?.uscc ?? backend.dataset.enterprises[0]!.uscc;
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
    const idNumber = own.data._entities[0].tax.legalRepresentative?.idNumber;
    if (idNumber) expect(idNumber).not.toContain('*');
    const other = await entity({ role: 'department-officer', department: 'MARKET', purpose: 'DEPARTMENT_CASE' }, uscc(), SELECTION);
    expect(other.errors.map((e: any) => e.extensions.field)).toEqual(['TaxProfile.arrearsTotal']);
    const masked = other.data._entities[0].tax.legalRepresentative?.idNumber;
    if (masked) expect(masked).toContain('*');
  });

  it('refuses the enterprise role any other USCC, and building staff the headOffice hop', async () => {
    const self = { role: 'enterprise', uscc: '91370212MA3C12345X', purpose: 'SELF_SERVICE' } as const;
    const res = await entity(self, uscc() === self.uscc ? backend.dataset.enterprises[1]!.uscc : uscc(), 'tax { status }');
    expect(res.data?._entities?.[0] ?? null, JSON.stringify(res.errors)).toBeNull();
    expect(res.errors[0].extensions.code).toBe('FORBIDDEN');
    const branch = backend.dataset.enterprises.find((e: any) => e.parentUscc);
    if (branch) {
      const hop = await entity({ role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' }, branch.uscc, 'tax { headOffice { uscc } }');
      if (hop.data._entities[0].tax) expect(hop.errors?.[0]?.extensions.field).toBe('TaxProfile.headOffice');
    }
  });
});
