/** Calendar dates (日期) as the graph carries them: ISO yyyy-MM-dd, no time zone. */

/** ISO calendar dates (yyyy-MM-dd); departments' yyyyMMdd strings are converted by the adapters. */
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(value + 'T00:00:00Z');
  return d.toISOString().slice(0, 10) === value;
}

/** yyyyMMdd → yyyy-MM-dd, or null when the department sent an empty or impossible date. */
export function dateFromCompact(compact: string | null | undefined): string | null {
  if (!compact || !/^\d{8}$/.test(compact)) return null;
  const iso = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  return isIsoDate(iso) ? iso : null;
}
