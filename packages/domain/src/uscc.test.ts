import { describe, expect, it } from 'vitest';
import { buildUscc, checkUscc, describeUsccProblem, orgCodeCheckChar, usccCheckChar } from './uscc.ts';

describe('USCC (统一社会信用代码)', () => {
  it('accepts the GB 32100 worked example and real codes', () => {
    for (const code of ['91350100M000100Y43', '914403001922038216', '9144030071526726XG', '91330100716105852F', '91370212MA3C12346X', '92370212MA3C12346T']) {
      expect(checkUscc(code).valid, code).toBe(true);
    }
    expect(checkUscc('914403001922038216').orgCodeCheckPasses).toBe(true);
  });

  it('computes the check character of the worked example as 3', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('computes the organisation-code check at position 17', () => {
    expect(orgCodeCheckChar('MA3C1234')).toBe('6');
    expect(buildUscc('9', '1', '370212', 'MA3C1234')).toBe('91370212MA3C12346X');
  });

  it('refuses a code whose check character is wrong, naming the expected one', () => {
    expect(checkUscc('91370212MA3C12346Y')).toEqual({ valid: false, problem: { kind: 'check', expected: 'X', actual: 'Y' } });
  });

  it('refuses wrong length and forbidden letters', () => {
    expect(checkUscc('9137021').problem).toEqual({ kind: 'length', length: 7 });
    expect(checkUscc('91370212MA3C1234OX').problem).toEqual({ kind: 'alphabet', position: 17, char: 'O' });
  });

  it('quotes only a short prefix of an over-long code, and says its length', () => {
    const huge = '9'.repeat(900_000);
    const message = describeUsccProblem(huge, checkUscc(huge).problem!);
    expect(message.length).toBeLessThan(200);
    expect(message).toMatch(/must be 18 characters.*900000/);
  });

  it('reports an early pilot code that fails the checksum as a check problem, so callers can decide', () => {
    expect(checkUscc('91350100M0001TGQXM').problem?.kind).toBe('check');
  });
});
