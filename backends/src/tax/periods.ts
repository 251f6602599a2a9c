import { addDays, toDays } from '@district/dataset/dates';

/** A 税款所属期 (tax period) with its 申报期限 (filing and payment deadline), ISO dates. */
export interface TaxPeriod {
  start: string;
  end: string;
  /** start, end and due as the wire writes them (yyyyMMdd), computed once per period. */
  wire: { start: string; end: string; due: string };
  /** 申报期限: the 15th of the month after the period (holiday extensions are not modelled). */
  due: string;
  months: 1 | 3;
}

/** yyyy-MM-dd → yyyyMMdd (string slicing: this runs for every declaration of every enterprise). */
export const wireDate = (isoDate: string): string => isoDate.slice(0, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);

const iso = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function period(year: number, month: number, months: 1 | 3): TaxPeriod {
  const endMonth = month + months - 1;
  const nextY = endMonth === 12 ? year + 1 : year;
  const nextM = endMonth === 12 ? 1 : endMonth + 1;
  const start = iso(year, month, 1);
  const end = addDays(iso(nextY, nextM, 1), -1);
  const due = iso(nextY, nextM, 15);
  return { start, end, due, months, wire: { start: wireDate(start), end: wireDate(end), due: wireDate(due) } };
}

/** Start of the 12-month window that "recent declarations" cover: due dates after it, up to asOf. */
export const windowStart = (asOf: string): string => `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}`;

/** Monthly (1) or quarterly (3) periods whose deadline falls in the 12 months up to asOf, oldest first. */
export function periodsInWindow(asOf: string, months: 1 | 3): readonly TaxPeriod[] {
  const key = asOf + months;
  const cached = windows.get(key);
  if (cached) return cached;
  const from = windowStart(asOf);
  const out: TaxPeriod[] = [];
  let year = Number(asOf.slice(0, 4)) - 2;
  let month = 1;
  for (;;) {
    const p = period(year, month, months);
    if (p.due > asOf) break;
    if (p.due > from) out.push(p);
    month += months;
    if (month > 12) {
      month -= 12;
      year++;
    }
  }
  windows.set(key, out);
  return out;
}
// The same few windows serve every enterprise.
const windows = new Map<string, TaxPeriod[]>();

/** The monthly period containing an ISO date. */
export const monthOf = (date: string): TaxPeriod => period(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 1);

/** Whole days from `from` to `to` (ISO dates), e.g. days of 滞纳金 after a deadline. */
export const daysBetween = (from: string, to: string): number => toDays(to) - toDays(from);
