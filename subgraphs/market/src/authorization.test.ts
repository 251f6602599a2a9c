import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '@district/subgraph-kit/testing';
import type { Caller } from '@district/domain';
import { startTestStack, type TestStack } from './test-kit.ts';

/** Field declarations, row scope and masking, called directly as the gateway would (signed context). */
let stack: TestStack;
let mine: string;
let theirs: string;
beforeAll(async () => {
  stack = await startTestStack();
  mine = stack.dataset.enterprises.find((e) => e.buildingId === 'LS-B001')!.uscc;
  theirs = stack.dataset.enterprises.find((e) => e.buildingId && e.buildingId !== 'LS-B001')!.uscc;
});
afterAll(() => stack?.stop());

const as = (caller: Partial<Caller>, query: string): Promise<any> => postSigned(stack.subgraph.url, query, undefined, caller);
const staff: Partial<Caller> = { role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' };
const rep = (uscc: string) => `{ enterprise(uscc: "${uscc}") { uscc registration { name legalRepresentative { name idNumber } } } }`;

describe('market authorization', () => {
  it('nulls a PERSONAL field for building staff with FORBIDDEN naming it, the rest intact', async () => {
    const res = await as(staff, rep(mine));
    expect(res.data.enterprise.registration.name).toBeTruthy();
    expect(res.data.enterprise.registration.legalRepresentative).toEqual({ name: null, idNumber: null });
    expect(res.errors.map((e: any) => e.extensions.field).sort()).toEqual(['RegistrationRepresentative.idNumber', 'RegistrationRepresentative.name']);
    expect(res.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.errors[0].message).toMatch(/RegistrationRepresentative\.\w+ \(PERSONAL\): role building-staff with purpose BUILDING_SERVICE is not granted PERSONAL/);
  });

  it('keeps building staff to their buildings: directly, by list, by building, by entity reference', async () => {
    expect((await as(staff, `{ enterprise(uscc: "${theirs}") { uscc } }`)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await as(staff, '{ enterprises { totalCount } }')).errors[0].message).toMatch(/must filter by one of their buildings/);
    expect((await as(staff, '{ _entities(representations: [{ __typename: "Building", id: "LS-B002" }]) { ... on Building { enterprises { totalCount } } } }')).errors[0].extensions.code).toBe('FORBIDDEN');
    const entity = await as(staff, `{ _entities(representations: [{ __typename: "Enterprise", uscc: "${theirs}" }]) { ... on Enterprise { registration { name } } } }`);
    expect(entity.data._entities[0]).toBeNull();
  });

  it('masks per role: auditor masked, market officer and the enterprise itself unmasked, tax officer masked', async () => {
    const shown = async (caller: Partial<Caller>) => (await as(caller, rep(mine))).data.enterprise.registration.legalRepresentative.idNumber as string;
    expect(await shown({ role: 'auditor', purpose: 'AUDIT' })).toContain('*');
    expect(await shown({ role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE' })).toContain('*');
    expect(await shown({ role: 'department-officer', department: 'MARKET', purpose: 'DEPARTMENT_CASE' })).not.toContain('*');
    expect(await shown({ role: 'enterprise', uscc: mine, purpose: 'SELF_SERVICE' })).not.toContain('*');
    const other = await as({ role: 'enterprise', uscc: mine, purpose: 'SELF_SERVICE' }, rep(theirs));
    expect(other.data.enterprise).toBeNull();
  });
});
