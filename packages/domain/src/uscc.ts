/**
 * 统一社会信用代码 (Unified Social Credit Code, GB 32100-2015).
 *
 * 18 characters from a 31-symbol alphabet (no I, O, Z, S, V). Position 18 is a
 * mod-31 check character over positions 1–17; positions 9–17 are the old
 * 组织机构代码 (GB 11714) whose own check character sits at position 17.
 */

import { quoteInput } from './quote.ts';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Check character (position 18) for the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** GB 11714 organisation-code check character for an 8-character body. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i];
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export type UsccProblem =
  | { kind: 'length'; length: number }
  | { kind: 'alphabet'; position: number; char: string }
  | { kind: 'shape' }
  | { kind: 'check'; expected: string; actual: string };

export interface UsccVerdict {
  valid: boolean;
  problem?: UsccProblem;
  /** True when the organisation-code check at position 17 also passes; early pilot codes may fail it legally. */
  orgCodeCheckPasses?: boolean;
}

/** Validates shape and the GB 32100 check character; says exactly what is wrong. */
export function checkUscc(input: string): UsccVerdict {
  if (input.length !== 18) return { valid: false, problem: { kind: 'length', length: input.length } };
  for (let i = 0; i < 18; i++) {
    if (!USCC_CHARSET.includes(input[i])) {
      return { valid: false, problem: { kind: 'alphabet', position: i + 1, char: input[i] } };
    }
  }
  if (!USCC_SHAPE.test(input)) return { valid: false, problem: { kind: 'shape' } };
  const expected = usccCheckChar(input.slice(0, 17));
  if (expected !== input[17]) {
    return { valid: false, problem: { kind: 'check', expected, actual: input[17] } };
  }
  const body = input.slice(8, 16);
  const orgCodeCheckPasses = /^[0-9A-Z]{8}$/.test(body) && orgCodeCheckChar(body) === input[16];
  return { valid: true, orgCodeCheckPasses };
}

export const isValidUscc = (input: string): boolean => checkUscc(input).valid;

/** A human sentence for a USCC problem, in English with the Chinese term. */
export function describeUsccProblem(input: string, problem: UsccProblem): string {
  switch (problem.kind) {
    case 'length':
      return `统一社会信用代码 (USCC) must be 18 characters, ${quoteInput(input)} has ${problem.length}`;
    case 'alphabet':
      return `统一社会信用代码 (USCC) character ${problem.position} ${quoteInput(problem.char)} is not allowed (I, O, Z, S, V and lower case are never used)`;
    case 'shape':
      return `统一社会信用代码 (USCC) positions 3–8 must be a 6-digit region code`;
    case 'check':
      return `统一社会信用代码 (USCC) check character is wrong: expected "${problem.expected}", got "${problem.actual}"`;
  }
}

/** Builds a full USCC from authority, class, region and an 8-character organisation-code body. */
export function buildUscc(authority: string, entityClass: string, region: string, orgBody8: string): string {
  const first17 = authority + entityClass + region + orgBody8 + orgCodeCheckChar(orgBody8);
  return first17 + usccCheckChar(first17);
}
