import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The working-day calendar (工作日) a request's time limit is counted in: Monday to Friday, less
 * the State Council's holidays, plus the weekend days worked in exchange (调休). The holidays are
 * data (holidays.json, one entry per year), not code, so a new year's notice is a data change.
 * Days are the district's calendar days (Asia/Shanghai, UTC+8, no daylight saving).
 */
const YearSchema = z.object({
  source: z.string(),
  off: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  workdays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
});
const raw = JSON.parse(readFileSync(new URL('./holidays.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const years = Object.fromEntries(Object.entries(raw).filter(([k]) => /^\d{4}$/.test(k)).map(([k, v]) => [k, YearSchema.parse(v)]));
const OFF = new Set(Object.values(years).flatMap((y) => y.off));
const WORKED = new Set(Object.values(years).flatMap((y) => y.workdays));

/** The years the calendar holds holidays for. */
export const CALENDAR_YEARS = Object.keys(years).map(Number);

const OFFSET_MS = 8 * 3_600_000;
/** The district's calendar day (YYYY-MM-DD) of an instant. */
export const localDay = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

export function isWorkingDay(day: string): boolean {
  if (WORKED.has(day)) return true;
  if (OFF.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The `n`th working day after the day of `from` (the day itself does not count): the limit's last day. */
export function addWorkingDays(from: Date, n: number): string {
  let day = localDay(from);
  for (let left = n; left > 0;) {
    day = nextDay(day);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** The instant a time limit of `n` working days from `from` runs out: the end of its last day, district time. */
export function dueAt(from: Date, n: number): Date {
  return new Date(Date.parse(`${addWorkingDays(from, n)}T00:00:00Z`) + 86_400_000 - OFFSET_MS);
}
