/** Calendar helpers on ISO dates (yyyy-MM-dd), UTC only: the dataset never depends on the local zone. */

const DAY = 86_400_000;

export const toDays = (iso: string): number => Math.floor(Date.parse(iso + 'T00:00:00Z') / DAY);
export const fromDays = (days: number): string => new Date(days * DAY).toISOString().slice(0, 10);
export const addDays = (iso: string, n: number): string => fromDays(toDays(iso) + n);
export const minDate = (a: string, b: string): string => (a < b ? a : b);
export const maxDate = (a: string, b: string): string => (a > b ? a : b);
/** yyyyMMdd, as 金税-style systems write dates. */
export const compact = (iso: string): string => iso.replaceAll('-', '');
