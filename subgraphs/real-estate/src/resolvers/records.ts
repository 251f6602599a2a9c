import type { TitleStatus } from '../domain.ts';

/** The `includeHistorical` argument of every record list: current (现势) only by default, oldest first. */
export function selectRecords<T extends { status: TitleStatus; registeredOn: string }>(records: T[], includeHistorical: boolean): T[] {
  return records
    .filter((r) => includeHistorical || r.status === 'CURRENT')
    .sort((a, b) => a.registeredOn.localeCompare(b.registeredOn));
}

export interface IncludeHistoricalArgs {
  includeHistorical: boolean;
}
