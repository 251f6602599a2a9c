import type { Holdings } from '../domain.ts';
import { selectRecords, type IncludeHistoricalArgs } from './records.ts';

export const RealEstateHoldings = {
  registeredName: (h: Holdings) => h.registeredName,
  currentUnitCount: (h: Holdings) => new Set(h.rights.filter((r) => r.status === 'CURRENT').map((r) => r.unitNo)).size,
  // The register's 现势 is the authority: it closes an expired 查封 itself (an expired one lapses unless renewed).
  hasMortgage: (h: Holdings) => h.mortgages.some((m) => m.status === 'CURRENT'),
  hasSeizure: (h: Holdings) => h.seizures.some((s) => s.status === 'CURRENT'),
  rights: (h: Holdings, args: IncludeHistoricalArgs) => selectRecords(h.rights, args.includeHistorical),
  mortgages: (h: Holdings, args: IncludeHistoricalArgs) => selectRecords(h.mortgages, args.includeHistorical),
  seizures: (h: Holdings, args: IncludeHistoricalArgs) => selectRecords(h.seizures, args.includeHistorical),
};
