import { badUserInput } from '@district/domain';
import { quoteInput } from '@district/domain';

/**
 * 不动产单元号 (real-estate unit number, GB/T 37346-2019): 28 characters,
 * 6 县级行政区划 + 3 地籍区 + 3 地籍子区 + 2 宗地特征码 + 5 宗地顺序号 + 1 定着物特征码 + 8 定着物单元编号
 * (domain.md §1.6). Checked here so a malformed number never reaches the registry.
 */

/** 宗地特征码, second character: A 集体所有权, B/S/X 建设用地使用权 (地表/地上/地下), C 宅基地, D/E/F 承包经营, H 宗海, W 未定, Y 其他. */
const LAND_RIGHT_KINDS = 'ABSXCDEFHWY';

/** Segments in order: where each starts (0-based), its length, its name, and what it must be. */
const SEGMENTS = [
  { at: 0, length: 6, name: '县级行政区划, county code', ok: /^\d{6}$/, expected: '6 digits' },
  { at: 6, length: 3, name: '地籍区, cadastral district', ok: /^\d{3}$/, expected: '3 digits' },
  { at: 9, length: 3, name: '地籍子区, cadastral sub-district', ok: /^\d{3}$/, expected: '3 digits' },
  { at: 12, length: 1, name: '宗地特征码, ownership', ok: /^[GJZ]$/, expected: 'G 国有, J 集体 or Z 未定' },
  { at: 13, length: 1, name: '宗地特征码, land right', ok: new RegExp(`^[${LAND_RIGHT_KINDS}]$`), expected: `one of ${[...LAND_RIGHT_KINDS].join(', ')}` },
  { at: 14, length: 5, name: '宗地顺序号, parcel sequence', ok: /^\d{5}$/, expected: '5 digits' },
  { at: 19, length: 1, name: '定着物特征码, fixture kind', ok: /^[FLQW]$/, expected: 'F 房屋, L 林木, Q 其他 or W 无定着物' },
  { at: 20, length: 8, name: '定着物单元编号, 幢号 + 户号', ok: /^\d{8}$/, expected: '8 digits' },
] as const;

/** Why `input` is not a unit number (naming the segment at fault), or null when it is one. */
export function describeUnitNumberProblem(input: string): string | null {
  if (input.length !== 28) {
    return `不动产单元号 (unit number) must have 28 characters (6+3+3+2+5+1+8, GB/T 37346), ${quoteInput(input)} has ${input.length}`;
  }
  for (const s of SEGMENTS) {
    const part = input.slice(s.at, s.at + s.length);
    if (!s.ok.test(part)) {
      const where = s.length === 1 ? `character ${s.at + 1}` : `characters ${s.at + 1}–${s.at + s.length}`;
      return `不动产单元号 ${quoteInput(input)}: ${where} (${s.name}) must be ${s.expected}, got ${quoteInput(part)}`;
    }
  }
  return null;
}

/** Validates a unit number argument: BAD_USER_INPUT saying what is wrong. */
export function assertUnitNumber(input: string, argument = 'unitNo'): string {
  const problem = describeUnitNumberProblem(input);
  if (problem) throw badUserInput(problem, { argument });
  return input;
}
