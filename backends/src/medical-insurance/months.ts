/** 年月 (yyyyMM) arithmetic: 费款所属期 and snapshot months are written this way on the wire. */

export const YM = /^\d{4}(0[1-9]|1[0-2])$/;

/** "2026-10-20" → "202610". */
export const ymOf = (iso: string): string => iso.slice(0, 4) + iso.slice(5, 7);

const toIndex = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(4, 6)) - 1;
const fromIndex = (i: number): string => `${Math.floor(i / 12)}${String((i % 12) + 1).padStart(2, '0')}`;

export const addMonths = (ym: string, n: number): string => fromIndex(toIndex(ym) + n);

/** Number of months from `from` to `to` inclusive (0 when from > to). */
export const monthCount = (from: string, to: string): number => Math.max(0, toIndex(to) - toIndex(from) + 1);

/** Months from `from` to `to` inclusive, oldest first; empty when from > to. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = toIndex(from); i <= toIndex(to); i++) out.push(fromIndex(i));
  return out;
}

