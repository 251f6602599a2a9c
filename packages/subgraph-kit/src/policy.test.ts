import { describe, expect, it } from 'vitest';
import type { Caller } from '@district/domain';
import { GRANTS, grantFor, mayRead, mayUnmask, refusal, rowScope } from './policy.ts';

const c = (over: Partial<Caller>): Caller => ({ sub: 't', role: 'frontend-app', requestId: 'r', ...over });
const staff = c({ role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' });
const officer = (department: Caller['department']) => c({ role: 'department-officer', department, purpose: 'DEPARTMENT_CASE' });
const self = c({ role: 'enterprise', uscc: '91370212MA3C12345X', purpose: 'SELF_SERVICE' });

describe('grant table', () => {
  it('gives 楼小二 on BUILDING_SERVICE flags (INTERNAL) but no persons or amounts, masked', () => {
    expect(grantFor(staff).classes).toEqual(['PUBLIC', 'INTERNAL']);
    expect(mayRead(staff, 'INTERNAL', 'TAX')).toBe(true);
    expect(refusal(staff, 'PERSONAL', 'MARKET')).toMatch(/building-staff with purpose BUILDING_SERVICE is not granted PERSONAL/);
    expect(mayRead(staff, 'SENSITIVE', 'TAX')).toBe(false);
    expect(mayUnmask(staff, 'MARKET')).toBe(false);
  });

  it('gives PUBLIC only without a purpose, for an ungranted pair, and to the front end', () => {
    expect(grantFor(c({ role: 'auditor' })).classes).toEqual(['PUBLIC']);
    expect(grantFor(c({ role: 'building-staff', purpose: 'AUDIT' })).classes).toEqual(['PUBLIC']);
    expect(refusal(c({ role: 'auditor' }), 'INTERNAL', 'TAX')).toMatch(/without a purpose/);
    for (const purpose of Object.keys(GRANTS.auditor) as Caller['purpose'][]) expect(grantFor(c({ purpose })).classes).toEqual(['PUBLIC']);
  });

  it('gives window staff what the bundle needs: persons for opening, amounts only for deregistration, masked', () => {
    const w = (purpose: Caller['purpose']) => c({ role: 'window-staff', purpose });
    expect(mayRead(w('ENTERPRISE_OPENING'), 'PERSONAL', 'MARKET')).toBe(true);
    expect(mayRead(w('ENTERPRISE_OPENING'), 'SENSITIVE', 'TAX')).toBe(false);
    expect(mayRead(w('ENTERPRISE_DEREGISTRATION'), 'SENSITIVE', 'TAX')).toBe(true);
    expect(mayUnmask(w('ENTERPRISE_DEREGISTRATION'), 'TAX')).toBe(false);
  });

  it('gives a department officer SENSITIVE and unmasked data of its own department only', () => {
    expect(mayRead(officer('TAX'), 'SENSITIVE', 'TAX')).toBe(true);
    expect(refusal(officer('TAX'), 'SENSITIVE', 'MEDICAL_INSURANCE')).toMatch(/only on its own department's fields \(TAX\), not MEDICAL_INSURANCE/);
    expect(mayRead(officer('TAX'), 'PERSONAL', 'MARKET')).toBe(true);
    expect(mayUnmask(officer('TAX'), 'TAX')).toBe(true);
    expect(mayUnmask(officer('TAX'), 'MARKET')).toBe(false);
    expect(mayRead(c({ role: 'department-officer', department: 'TAX', purpose: 'AUDIT' }), 'INTERNAL', 'TAX')).toBe(false);
  });

  it('gives an enterprise everything about itself, unmasked; auditors and the system everything, masked', () => {
    expect(mayRead(self, 'SENSITIVE', 'REAL_ESTATE')).toBe(true);
    expect(mayUnmask(self, 'MEDICAL_INSURANCE')).toBe(true);
    const auditor = c({ role: 'auditor', purpose: 'AUDIT' });
    expect(mayRead(auditor, 'SENSITIVE', 'TAX')).toBe(true);
    expect(mayUnmask(auditor, 'TAX')).toBe(false);
    expect(mayRead(c({ role: 'system' }), 'SENSITIVE', 'TAX')).toBe(true);
    expect(mayUnmask(c({ role: 'system' }), 'TAX')).toBe(false);
    expect(mayUnmask(undefined, 'TAX')).toBe(false);
  });

  it('scopes rows: building staff to their buildings, an enterprise to itself, others to all', () => {
    expect(rowScope(staff)).toEqual({ kind: 'buildings', buildings: new Set(['LS-B001']) });
    expect(rowScope(self)).toEqual({ kind: 'self', uscc: '91370212MA3C12345X' });
    expect(rowScope(c({ role: 'enterprise' }))).toEqual({ kind: 'self', uscc: null });
    expect(rowScope(officer('TAX'))).toEqual({ kind: 'all' });
  });
});

describe('agents (帮办代办) under a delegation', () => {
  const delegation = { id: 'DL-ABCDEFGHJKLMNPQR', purposes: ['SELF_SERVICE' as const], bundleKinds: [], certificateKinds: ['NO_TAX_ARREARS'] };
  const agent = (over: Partial<Caller> = {}) => c({ role: 'agent', sub: 'bbdb-007', uscc: '91370212MA3C12346X', purpose: 'SELF_SERVICE', delegation, ...over });

  it('grants what the purpose needs, personal data masked, only under a delegation in effect that covers the purpose', () => {
    expect(grantFor(agent()).classes).toEqual(['PUBLIC', 'INTERNAL', 'PERSONAL', 'SENSITIVE']);
    expect(mayUnmask(agent(), 'MARKET')).toBe(false);
    expect(grantFor(agent({ delegation: undefined })).classes).toEqual(['PUBLIC']);
    expect(refusal(agent({ delegation: undefined }), 'INTERNAL', 'TAX')).toMatch(/role agent with purpose SELF_SERVICE without a delegation in effect/);
    expect(grantFor(agent({ purpose: 'ENTERPRISE_DEREGISTRATION' })).classes).toEqual(['PUBLIC']);
  });

  it('reaches only the enterprise its delegation is for, and none without one', () => {
    expect(rowScope(agent())).toEqual({ kind: 'self', uscc: '91370212MA3C12346X' });
    expect(rowScope(agent({ delegation: undefined }))).toEqual({ kind: 'self', uscc: null });
  });
});
