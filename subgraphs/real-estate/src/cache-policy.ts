import type { CachePolicy } from '@district/department-access';

/**
 * What this subgraph caches of the 不动产登记 registry, and for how long. Every registry read goes
 * through DepartmentReads (loaders.ts) with one of these record kinds:
 *
 *   kind       key                                   value (JSON: strings, numbers, null, arrays)
 *   holdings   the holder's USCC, as asked           Holdings (domain.ts): rights with the mortgages and
 *                                                    seizures on them; the registry answers every holder,
 *                                                    so a holder it does not know is empty Holdings, not null
 *   unit       the 不动产单元号 (28 characters)        PropertyUnit (domain.ts), or null: the register does not know it
 *
 * Keys are only ever USCCs that pass their check character and unit numbers that are well formed
 * (resolvers refuse the others before any call), so one malformed key never costs a batch.
 * Values are the mapped domain records, never the registry's XML: no envelope, API key or
 * SerialNo is cached. The records name holders (people too): privacy.ts masks on the way out, as
 * for uncached reads, and the store is ours (Redis with the deployment's CACHE_PREFIX).
 *
 * Every policy here can be overridden at start-up with REAL_ESTATE_CACHE_POLICIES (JSON, per kind).
 */
export const KIND = {
  holdings: 'holdings',
  unit: 'unit',
} as const;
export type RealEstateRecordKind = (typeof KIND)[keyof typeof KIND];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * If the registry is down, a copy up to a day old is served marked stale (extensions.stale says
 * "as of"): registrations take days of workflow before they are 登簿, so yesterday's picture with
 * its date is more useful at a counter than no picture, and the registry's maintenance windows
 * (its gateway's 503 says 维护中) last hours, not days.
 */
const STALE_IF_ERROR_MS = 24 * HOUR;

/**
 * Holdings per holder: 5 minutes. Mortgages and seizures change on registration events (抵押登记,
 * 查封 / 解封 entered by a court's request) at any working hour, and a clerk deciding on
 * deregistration or a loan officer checking for a seizure must see one within minutes of its
 * 登簿, not hours. Five minutes still absorbs what costs the registry most (its slowest calls,
 * ≈60 ms, under a 200/s limit): the same enterprise opened again and again on a dashboard, and
 * the profile, timeline and bundle checks of one visit each asking for it within a minute.
 */
export const HOLDINGS_POLICY: CachePolicy = { ttlMs: 5 * MINUTE, staleIfErrorMs: STALE_IF_ERROR_MS };

/**
 * Units per 不动产单元号: 5 minutes too. The parcel and building facts on a unit almost never
 * change, but the record carries the same rights, mortgages and seizures as holdings do (a
 * seizure is entered on the unit), so it must not lag them. An unknown number is remembered for
 * 1 minute only: a unit appears with its 首次登记, and someone who just registered it will look it up.
 */
export const UNIT_POLICY: CachePolicy = { ttlMs: 5 * MINUTE, staleIfErrorMs: STALE_IF_ERROR_MS, negativeTtlMs: MINUTE };

/** The defaults handed to readDepartmentReads, one per record kind. */
export const REAL_ESTATE_CACHE_POLICIES: Record<RealEstateRecordKind, CachePolicy> = {
  [KIND.holdings]: HOLDINGS_POLICY,
  [KIND.unit]: UNIT_POLICY,
};
