import { describe, expect, it } from 'vitest';
import { deriveStage, sortEvents } from './stage.ts';

const today = '2026-11-01';

describe('lifecycle stage', () => {
  it('is EXIT once any department records an exit, even while others are still open', () => {
    expect(deriveStage([{ at: '2012-05-10', kind: 'ESTABLISHED' }, { at: '2024-09-01', kind: 'TAX_CLEARED' }], today)).toBe('EXIT');
  });

  it('is OPENING for an enterprise established weeks ago', () => {
    expect(deriveStage([{ at: '2026-10-20', kind: 'ESTABLISHED' }, { at: '2026-10-22', kind: 'TAX_REGISTERED' }], today)).toBe('OPENING');
  });

  it('is OPENING while the enterprise is not yet registered as a taxpayer', () => {
    expect(deriveStage([{ at: '2020-01-01', kind: 'ESTABLISHED' }], today)).toBe('OPENING');
  });

  it('does not call an enterprise new just because its tax events could not be read', () => {
    expect(deriveStage([{ at: '2016-03-18', kind: 'ESTABLISHED' }], today, false)).toBe('OPERATING');
  });

  it('is CHANGE after a recent registered change, INVESTMENT after a recent purchase, OPERATING otherwise', () => {
    const base = [{ at: '2016-03-18', kind: 'ESTABLISHED' }, { at: '2016-03-25', kind: 'TAX_REGISTERED' }];
    expect(deriveStage([...base, { at: '2026-09-01', kind: 'NAME_CHANGED' }], today)).toBe('CHANGE');
    expect(deriveStage([...base, { at: '2026-03-01', kind: 'PROPERTY_ACQUIRED' }], today)).toBe('INVESTMENT');
    expect(deriveStage([...base, { at: '2019-07-02', kind: 'CHANGED' }], today)).toBe('OPERATING');
  });

  it('ignores events dated after the day it judges', () => {
    expect(deriveStage([{ at: '2016-03-18', kind: 'ESTABLISHED' }, { at: '2016-04-01', kind: 'TAX_REGISTERED' }, { at: '2027-01-01', kind: 'DEREGISTERED' }], today)).toBe('OPERATING');
  });

  it('orders events oldest first and same-day events by department', () => {
    const sorted = sortEvents([
      { at: '2020-01-02', kind: 'TAX_REGISTERED', department: 'TAX' },
      { at: '2020-01-01', kind: 'INSURANCE_REGISTERED', department: 'MEDICAL_INSURANCE' },
      { at: '2020-01-01', kind: 'ESTABLISHED', department: 'MARKET' },
    ]);
    expect(sorted.map((e) => e.kind)).toEqual(['ESTABLISHED', 'INSURANCE_REGISTERED', 'TAX_REGISTERED']);
  });
});
