import { describe, expect, it } from 'vitest';
import { moneyFromFen, moneyFromWanString, moneyFromYuanNumber, moneyFromYuanString, sumMoney } from './money.ts';
import { dateFromCompact, MoneyScalar } from './scalars.ts';

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

  it('refuses floats and malformed amounts in the Money scalar', () => {
    expect(() => MoneyScalar.parseValue(12.5)).toThrow(/decimal string/);
    expect(() => MoneyScalar.parseValue('12.5')).toThrow();
    expect(MoneyScalar.parseValue('12.50')).toBe('12.50');
  });

  it('turns yyyyMMdd into ISO dates and impossible dates into null', () => {
    expect(dateFromCompact('20240920')).toBe('2024-09-20');
    expect(dateFromCompact('20240230')).toBeNull();
    expect(dateFromCompact('')).toBeNull();
  });
});
