import { describe, expect, it } from 'vitest';
import { moneyFromFen, moneyFromInput, moneyFromWanString, moneyFromYuanNumber, moneyFromYuanString, sumMoney } from './money.ts';
import { dateFromCompact } from './dates.ts';

describe('money', () => {
  it('converts every department unit to decimal yuan without float error', () => {
    expect(moneyFromFen(12345)).toBe('123.45');
    expect(moneyFromFen(-5)).toBe('-0.05');
    expect(moneyFromYuanString('12345.6')).toBe('12345.60');
    expect(moneyFromWanString('500.000000')).toBe('5000000.00');
    expect(moneyFromWanString('0.0123')).toBe('123.00');
    expect(moneyFromYuanNumber(0.1 + 0.2)).toBe('0.30');
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
  });

  it('reads an amount a user typed into two places, never rounding it', () => {
    expect(moneyFromInput('100')).toEqual({ money: '100.00' });
    expect(moneyFromInput('0.5')).toEqual({ money: '0.50' });
    expect(moneyFromInput('1.234')).toEqual({ problem: 'places' });
    expect(moneyFromInput('abc')).toEqual({ problem: 'shape' });
    expect(moneyFromInput('1'.repeat(17))).toEqual({ problem: 'shape' });
  });

  it('turns yyyyMMdd into ISO dates and impossible dates into null', () => {
    expect(dateFromCompact('20240920')).toBe('2024-09-20');
    expect(dateFromCompact('20240230')).toBeNull();
    expect(dateFromCompact('')).toBeNull();
  });
});
