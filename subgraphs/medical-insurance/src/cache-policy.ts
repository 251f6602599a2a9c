import type { CachePolicy } from '@district/department-access';

/**
 * What the subgraph caches of the 医保 platform, and for how long: one record kind per read
 * transaction, one cache entry per employer (keyed by USCC; the platform answers one employer per
 * call, so a record is exactly one call's answer). Values are the domain objects of domain.ts after
 * mapping — plain JSON (strings, numbers, booleans, null, arrays), which is what the cache stores;
 * null means "not registered with 医保". Loaders always read the whole online window, never a
 * narrower one, so the USCC alone identifies a record; a read with a window would need it in the key.
 *
 * A change to a cached value's shape must come with a new kind name (say employer2), so that no
 * instance reads the old shape back from Redis during a rolling deploy.
 *
 * Every policy can be overridden per kind with MEDICAL_INSURANCE_CACHE_POLICIES (JSON), e.g.
 * {"employer":{"ttlMs":60000,"staleIfErrorMs":3600000}}.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The record kinds, named after what they hold; the comment gives the transaction. */
export const KIND = {
  /** 1301 单位参保信息查询: registration, status, current headcount and the arrears summary. */
  employer: 'employer',
  /** 1304 单位欠费查询: every outstanding period. */
  arrears: 'arrears',
  /** 1303 单位缴费记录查询: contributions of the months kept online. */
  contributions: 'contributions',
  /** 1302 参保人数月度快照: headcount history. */
  headcounts: 'headcounts',
} as const;
export type RecordKind = (typeof KIND)[keyof typeof KIND];

/** The cache key of an employer's record of any kind. */
export const cacheKey = (uscc: string): string => uscc;

/**
 * Stale-if-error, every kind: when the platform is down (it has whole-day maintenance windows)
 * or rate-limiting us, yesterday's figures marked "as of" beat an empty dashboard. Beyond a day
 * arrears and headcounts are too old to show as current.
 */
export const STALE_IF_ERROR_MS = 24 * HOUR;

/**
 * "Not registered" (null): an enterprise registers at the 医保 counter, not only through us, and
 * a newly opened company must not look uninsured for long after it did.
 */
export const NOT_REGISTERED_TTL_MS = 2 * MINUTE;

/**
 * 1301 carries the arrears summary, which changes daily as collections post (税务 collects
 * contributions and the platform books them during the day), and a status that the counter may
 * change; minutes, the same as 1304, so the summary and the list of periods agree.
 */
export const EMPLOYER_TTL_MS = 5 * MINUTE;

/** 1304: arrears change when a payment posts or a period falls due — daily; minutes. */
export const ARREARS_TTL_MS = 5 * MINUTE;

/**
 * 1303: one row per 费款所属期, added once a month when contributions are collected, amended
 * within days by late payments and 到账 (received) updates; half an hour.
 */
export const CONTRIBUTIONS_TTL_MS = 30 * MINUTE;

/** 1302: monthly snapshots; a month's figure is written once, when the month closes; an hour. */
export const HEADCOUNTS_TTL_MS = HOUR;

const policy = (ttlMs: number): CachePolicy => ({ ttlMs, staleIfErrorMs: STALE_IF_ERROR_MS, negativeTtlMs: NOT_REGISTERED_TTL_MS });

/** The default policy of each kind (what readDepartmentReads gets as `policies`). */
export const CACHE_POLICIES: Readonly<Record<RecordKind, CachePolicy>> = {
  [KIND.employer]: policy(EMPLOYER_TTL_MS),
  [KIND.arrears]: policy(ARREARS_TTL_MS),
  [KIND.contributions]: policy(CONTRIBUTIONS_TTL_MS),
  [KIND.headcounts]: policy(HEADCOUNTS_TTL_MS),
};
