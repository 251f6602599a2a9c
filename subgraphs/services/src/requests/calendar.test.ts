import { describe, expect, it } from 'vitest';
import { addWorkingDays, CALENDAR_YEARS, dueAt, isWorkingDay } from './calendar.ts';

describe('the working-day calendar', () => {
  it('holds 2026 and 2027', () => expect(CALENDAR_YEARS).toEqual(expect.arrayContaining([2026, 2027])));

  it('skips weekends and holidays and counts the weekend days worked in exchange (调休)', () => {
    expect(isWorkingDay('2026-12-07')).toBe(true); // a Monday
    expect(isWorkingDay('2026-12-12')).toBe(false); // a Saturday
    expect(isWorkingDay('2026-10-01')).toBe(false); // 国庆
    expect(isWorkingDay('2026-10-10')).toBe(true); // a Saturday worked
    expect(isWorkingDay('2027-02-08')).toBe(false); // 春节 (a Monday)
  });

  it('counts a limit from the next day: Friday + 1 is Monday, across 国庆 to the 调休 Saturday', () => {
    expect(addWorkingDays(new Date('2026-12-04T02:00:00Z'), 1)).toBe('2026-12-07');
    // 30 September (Wednesday) + 2: 1–7 October off, 8 (Thursday), 9 (Friday).
    expect(addWorkingDays(new Date('2026-09-30T02:00:00Z'), 2)).toBe('2026-10-09');
    expect(addWorkingDays(new Date('2026-09-30T02:00:00Z'), 3)).toBe('2026-10-10');
    // Late in the evening UTC is already the next day in the district.
    expect(addWorkingDays(new Date('2026-12-06T17:00:00Z'), 1)).toBe('2026-12-08');
  });

  it('runs out at the end of the last day, district time', () => {
    expect(dueAt(new Date('2026-12-04T02:00:00Z'), 1).toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });
});
