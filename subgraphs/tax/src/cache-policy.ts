import type { CachePolicy } from '@district/department-access';
import type { QueryKind } from './codes.ts';
import type { Taxpayer, TaxpayerBlocks } from './domain.ts';

/**
 * What this subgraph caches of the 税务 bus, and for how long: one record per (纳税人识别号, query
 * kind), the kinds being the combined query's own (DJXX, XYDJ, SBXX, JKXX, QSXX, FPED). The cache
 * kind is the query kind's code, so TAX_CACHE_POLICIES is keyed the same way, e.g.
 *   TAX_CACHE_POLICIES='{"QSXX":{"ttlMs":60000,"staleIfErrorMs":86400000}}'
 * (read once, with the other cache settings, by the template, from config.ts).
 * Keys are the USCC (the bus's 纳税人识别号 is the USCC); values are JSON (CachedBlock below).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A "not found" (新办 not yet confirmed, or never registered here) is kept only minutes: the
 * clerk who has just confirmed a new taxpayer at the counter expects to see it right away.
 */
const NOT_FOUND_TTL_MS = 5 * MINUTE;

/**
 * When the bus is down, any copy younger than a day is better than an empty field, as long as the
 * answer says how old it is (extensions.stale): a dashboard shows "as of 10:42".
 */
const STALE_IF_ERROR_MS = DAY;

/** 登记信息: status, authority, addresses change rarely (a 非正常户 designation, a move): hours. */
export const REGISTRATION_POLICY: CachePolicy = { ttlMs: 2 * HOUR, staleIfErrorMs: STALE_IF_ERROR_MS, negativeTtlMs: NOT_FOUND_TTL_MS };
/**
 * 纳税信用等级: rated once a year (published in April), a direct downgrade to D is rare: a day.
 * A copy up to three days old is still almost surely right when the bus is down.
 */
export const CREDIT_POLICY: CachePolicy = { ttlMs: DAY, staleIfErrorMs: 3 * DAY, negativeTtlMs: NOT_FOUND_TTL_MS };
/** 申报: filed mostly in the first 15 days of a month, a few a day per taxpayer at most: an hour. */
export const DECLARATIONS_POLICY: CachePolicy = { ttlMs: HOUR, staleIfErrorMs: STALE_IF_ERROR_MS, negativeTtlMs: NOT_FOUND_TTL_MS };
/** 缴款: as declarations, an hour. */
export const PAYMENTS_POLICY: CachePolicy = { ttlMs: HOUR, staleIfErrorMs: STALE_IF_ERROR_MS, negativeTtlMs: NOT_FOUND_TTL_MS };
/**
 * 欠税: 滞纳金 accrues daily and a payment at the counter clears an arrear at once; the clerk
 * checks again right after the payer paid: minutes.
 */
export const ARREARS_POLICY: CachePolicy = { ttlMs: 5 * MINUTE, staleIfErrorMs: STALE_IF_ERROR_MS, negativeTtlMs: NOT_FOUND_TTL_MS };
/** 发票额度: "used" moves with every invoice issued, the line itself monthly: an hour. */
export const INVOICE_QUOTA_POLICY: CachePolicy = { ttlMs: HOUR, staleIfErrorMs: STALE_IF_ERROR_MS, negativeTtlMs: NOT_FOUND_TTL_MS };

/** The default policy of each record kind (TAX_CACHE_POLICIES may override any of them). */
export const TAX_CACHE_POLICIES: Record<QueryKind, CachePolicy> = {
  DJXX: REGISTRATION_POLICY,
  XYDJ: CREDIT_POLICY,
  SBXX: DECLARATIONS_POLICY,
  JKXX: PAYMENTS_POLICY,
  QSXX: ARREARS_POLICY,
  FPED: INVOICE_QUOTA_POLICY,
};

/** One cached (USCC, kind) record: the block, with the name and 数据截止日期 that came with it. */
export interface CachedBlock {
  name: string;
  asOf: string;
  block: TaxpayerBlocks[QueryKind];
}

export const blockOf = (t: Taxpayer, kind: QueryKind): CachedBlock => ({ name: t.name, asOf: t.asOf, block: t.blocks[kind] as TaxpayerBlocks[QueryKind] });
