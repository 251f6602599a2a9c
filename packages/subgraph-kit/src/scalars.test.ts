import { Kind, parseValue as parseGraphQLValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateScalar, DateTimeScalar, MoneyScalar } from './scalars.ts';

const literal = (text: string) => MoneyScalar.parseLiteral(parseGraphQLValue(text));

describe('Money as input (金额输入)', () => {
  it('accepts whole yuan and one or two decimal places, normalised to two', () => {
    expect(MoneyScalar.parseValue('100')).toBe('100.00');
    expect(MoneyScalar.parseValue('100.5')).toBe('100.50');
    expect(MoneyScalar.parseValue('100.05')).toBe('100.05');
    expect(MoneyScalar.parseValue('0')).toBe('0.00');
    expect(MoneyScalar.parseValue('007.1')).toBe('7.10');
    expect(MoneyScalar.parseValue('-3.5')).toBe('-3.50');
    expect(MoneyScalar.parseValue('9999999999999999.99')).toBe('9999999999999999.99');
    expect(literal('"100.5"')).toBe('100.50');
  });

  it('refuses more than two decimal places rather than rounding money', () => {
    expect(() => MoneyScalar.parseValue('1.234')).toThrow(/at most two decimal places.*"1\.234"/);
    expect(() => MoneyScalar.parseValue('1.230')).toThrow(/at most two decimal places/);
  });

  it('refuses what is not a decimal amount, saying what it got', () => {
    for (const bad of ['abc', '', ' 100', '100 ', '+1', '1e3', '1.', '.5', '1,000.00', '１００', '10000000000000000']) {
      expect(() => MoneyScalar.parseValue(bad), bad).toThrow(/Money must be .*"12345\.67"/);
    }
  });

  it('refuses a JSON number or a number literal: amounts travel as strings', () => {
    expect(() => MoneyScalar.parseValue(100)).toThrow(/as a string.*got 100/);
    expect(() => MoneyScalar.parseValue(12.5)).toThrow(/as a string.*got 12\.5/);
    expect(() => literal('100')).toThrow(/as a string.*got 100/);
    expect(() => literal('12.5')).toThrow(/as a string.*got 12\.5/);
    expect(() => MoneyScalar.parseLiteral({ kind: Kind.BOOLEAN, value: true })).toThrow(/Money must be/);
  });

  it('serialises only canonical amounts (exactly two places)', () => {
    expect(MoneyScalar.serialize('12.50')).toBe('12.50');
    expect(() => MoneyScalar.serialize('12.5')).toThrow();
    expect(() => MoneyScalar.serialize(12.5)).toThrow();
  });
});

describe('scalar errors quote the input briefly', () => {
  it.each([
    ['Money', MoneyScalar],
    ['Date', DateScalar],
    ['DateTime', DateTimeScalar],
  ] as const)('%s: a 900,000-character value gets a short message that says what is wrong', (name, scalar) => {
    let message = '';
    try {
      scalar.parseValue('x'.repeat(900_000));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${name} must be`));
    expect(message).toContain('…(900000 characters)');
    expect(message.length).toBeLessThan(300);
  });
});
