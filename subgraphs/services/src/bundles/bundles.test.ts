import { describe, expect, it } from 'vitest';
import { BUNDLES, stepsFor } from './definitions.ts';
import { bundleStatus, runnableSteps, type StepState } from './status.ts';
import { exitReadiness } from './readiness.ts';

const states = (entries: Record<string, StepState['status']>): StepState[] => Object.entries(entries).map(([key, status]) => ({ key: key as any, status }));

describe('bundle definitions', () => {
  it('opens with the market first, then tax and insurance in parallel', () => {
    const steps = BUNDLES.OPENING;
    expect(runnableSteps(steps, states({ MARKET_ESTABLISH: 'PENDING', TAX_CONFIRM: 'PENDING', INSURANCE_REGISTER: 'PENDING' }))).toEqual(['MARKET_ESTABLISH']);
    expect(runnableSteps(steps, states({ MARKET_ESTABLISH: 'SUCCEEDED', TAX_CONFIRM: 'PENDING', INSURANCE_REGISTER: 'PENDING' }))).toEqual(['TAX_CONFIRM', 'INSURANCE_REGISTER']);
  });

  it('deregisters at the market last, only after clearance and insurance', () => {
    const steps = BUNDLES.DEREGISTRATION;
    expect(runnableSteps(steps, states({ TAX_CLEARANCE: 'PENDING', INSURANCE_CLOSE: 'PENDING', MARKET_DEREGISTER: 'PENDING' }))).toEqual(['TAX_CLEARANCE', 'INSURANCE_CLOSE']);
    expect(runnableSteps(steps, states({ TAX_CLEARANCE: 'SUCCEEDED', INSURANCE_CLOSE: 'RETRYING', MARKET_DEREGISTER: 'PENDING' }))).toEqual([]);
  });

  it('includes the property register in a change only for a holder changing its name', () => {
    expect(stepsFor('CHANGE', { changesName: true, holdsProperty: true }).map((s) => s.key)).toContain('REAL_ESTATE_RENAME');
    expect(stepsFor('CHANGE', { changesName: true, holdsProperty: false }).map((s) => s.key)).not.toContain('REAL_ESTATE_RENAME');
    expect(stepsFor('CHANGE', { changesName: false, holdsProperty: true }).map((s) => s.key)).not.toContain('REAL_ESTATE_RENAME');
  });
});

describe('bundle status', () => {
  it('is COMPLETED only when every step succeeded', () => {
    expect(bundleStatus(states({ A: 'SUCCEEDED', B: 'SUCCEEDED' }))).toBe('COMPLETED');
    expect(bundleStatus(states({ A: 'SUCCEEDED', B: 'RETRYING' }))).toBe('RUNNING');
    expect(bundleStatus(states({ A: 'PENDING', B: 'PENDING' }))).toBe('SUBMITTED');
  });

  it('needs attention when a step failed for good after another department already wrote', () => {
    expect(bundleStatus(states({ A: 'SUCCEEDED', B: 'FAILED' }))).toBe('NEEDS_ATTENTION');
    expect(bundleStatus(states({ A: 'FAILED', B: 'PENDING' }))).toBe('FAILED');
  });
});

describe('exit readiness', () => {
  it('allows both paths for a clean enterprise', () => {
    const r = exitReadiness({ registrationStatus: 'EXISTING', onAbnormalList: false, openBranches: 0, listedCompany: false, taxStatus: 'NORMAL', taxArrears: false, insuranceArrears: false, seizedProperty: false, currentPropertyUnits: 0 });
    expect(r).toMatchObject({ simplifiedAllowed: true, generalAllowed: true, blockers: [], unknown: [] });
  });

  it('names every blocker from every department', () => {
    const r = exitReadiness({ registrationStatus: 'EXISTING', onAbnormalList: true, openBranches: 1, listedCompany: false, taxStatus: 'ABNORMAL', taxArrears: true, insuranceArrears: true, seizedProperty: true, currentPropertyUnits: 2 });
    expect(r.generalAllowed).toBe(false);
    expect(r.blockers.map((b) => `${b.department}:${b.code}`)).toEqual([
      'MARKET:ABNORMAL_LIST', 'MARKET:OPEN_BRANCHES', 'TAX:TAX_ARREARS', 'TAX:TAX_ABNORMAL', 'MEDICAL_INSURANCE:INSURANCE_ARREARS', 'REAL_ESTATE:PROPERTY_SEIZED', 'REAL_ESTATE:PROPERTY_HELD',
    ]);
  });

  it('allows the general path when only the simplified path is blocked', () => {
    const r = exitReadiness({ registrationStatus: 'EXISTING', onAbnormalList: true, openBranches: 0, listedCompany: false, taxStatus: 'NORMAL', taxArrears: false, insuranceArrears: false, seizedProperty: false, currentPropertyUnits: 0 });
    expect(r).toMatchObject({ simplifiedAllowed: false, generalAllowed: true });
  });

  it('does not say yes while a department could not be read', () => {
    const r = exitReadiness({ registrationStatus: 'EXISTING', onAbnormalList: false, openBranches: 0, listedCompany: false, taxStatus: null, taxArrears: null, insuranceArrears: false, seizedProperty: false, currentPropertyUnits: 0 });
    expect(r.generalAllowed).toBe(false);
    expect(r.unknown).toEqual(['taxStatus', 'taxArrears']);
  });
});
