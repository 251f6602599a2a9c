import type { CachePolicy } from '@district/department-access';
import { REGISTRY_LISTS, type EnterpriseSearch, type MarketEnterprise, type RegistryList } from './domain.ts';

/**
 * What this subgraph caches of the 市场监管 registry, under which keys, and for how long. Two
 * record kinds; MARKET_CACHE_POLICIES overrides either by name, e.g.
 *   MARKET_CACHE_POLICIES='{"registration":{"ttlMs":60000,"staleIfErrorMs":86400000}}'
 * Values are JSON (the cache stores JSON copies): the domain objects below hold only strings,
 * numbers, booleans, arrays and plain objects.
 *
 * `registration`: one enterprise's 登记信息 and each of its child lists, cached per include. The
 * registry answers a batch of up to 100 USCCs with the record and whichever lists were asked for,
 * in one call; caching each list as its own entry (key `<uscc>:<list>`, the record itself under
 * `<uscc>`) means a list is fetched only when it is asked for and missing, a record a search
 * brought in serves `registration { name }` without a lookup, and nothing is fetched that nobody
 * asked for. They are one kind, not five, so that one DataLoader batch is one `reads.batch`: its
 * misses, record and lists together, are one registry call under one retry and breaker count (five
 * kinds would be five reads, and a failing registry would be retried and counted five times over).
 * The price is one TTL for the record and its lists.
 *
 * `search`: one registry search page, keyed by the normalised filter and the registry's page
 * (page number and size); its records also prime `registration`.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const REGISTRATION_KIND = 'registration';
export const SEARCH_KIND = 'search';

/**
 * 登记信息 and its lists change rarely: a registration act (变更, 吊销, 注销) or, for the lists, a
 * filed annual report or an abnormal-list decision, a few times a year per enterprise. Ten
 * minutes keeps a change made at the 市场监管 counter visible the same morning; the 经营异常名录
 * entries (the most time-sensitive list, which a clerk acts on) are why it is not hours.
 * A "not found" is kept two minutes only: a USCC the registry does not know yet may be one being
 * registered right now, and the clerk who just registered it expects to see it.
 * When the registry is down, a copy up to a day old is served, marked stale (extensions.stale).
 */
export const REGISTRATION_POLICY: CachePolicy = { ttlMs: 10 * MINUTE, staleIfErrorMs: DAY, negativeTtlMs: 2 * MINUTE };

/**
 * Search pages see new registrations (a 设立 in a building adds a row, shifts every later row and
 * bumps totalCount), so they are fresh only for half a minute: long enough to page through a list
 * and for a dashboard's refreshes, short enough that a new enterprise shows up within a minute.
 * When the registry is down, a page up to an hour old beats an empty list; longer than that its
 * total and rows drift, and every distinct filter page would sit in Redis for a day.
 */
export const SEARCH_POLICY: CachePolicy = { ttlMs: 30 * SECOND, staleIfErrorMs: HOUR };

/** The default policy of each record kind (MARKET_CACHE_POLICIES may override either). */
export const MARKET_CACHE_POLICIES: Record<string, CachePolicy> = {
  [REGISTRATION_KIND]: REGISTRATION_POLICY,
  [SEARCH_KIND]: SEARCH_POLICY,
};

// ---------------------------------------------------------------------------------------------
// registration: keys and values

/** The registry's record without its child lists (登记信息): what a search returns, too. */
export type RegistrationRecord = Omit<MarketEnterprise, RegistryList>;
/** One cached part of a registration: the record, or one of its lists. */
export type RegistrationPart = RegistrationRecord | NonNullable<MarketEnterprise[RegistryList]>;

/** `<uscc>` for the record, `<uscc>:<list>` for one of its lists. */
export const registrationKey = (uscc: string, list?: RegistryList): string => (list ? `${uscc}:${list}` : uscc);

export function parseRegistrationKey(key: string): { uscc: string; list?: RegistryList } {
  const [uscc, list] = key.split(':');
  return list ? { uscc, list: list as RegistryList } : { uscc };
}

/** Every part of one enterprise: what a write to it makes stale (reads.invalidate(REGISTRATION_KIND, ...)). */
export const registrationKeys = (uscc: string): string[] => [registrationKey(uscc), ...REGISTRY_LISTS.map((l) => registrationKey(uscc, l))];

/** The record alone, lists dropped. */
export function recordOf(e: MarketEnterprise): RegistrationRecord {
  const { changes: _c, branches: _b, annualReports: _a, abnormalEntries: _e, ...record } = e;
  return record;
}

/** The value of one part, from an enterprise the registry returned with (at least) that list. */
export const partOf = (e: MarketEnterprise, list?: RegistryList): RegistrationPart => (list ? (e[list] ?? []) : recordOf(e));

// ---------------------------------------------------------------------------------------------
// search: keys and values

/** The registry page a search page key stands for. */
export interface SearchPageSpec {
  search: EnterpriseSearch;
  /** 1-based, as the registry counts. */
  page: number;
  pageSize: number;
}

/**
 * The normalised filter and the registry page, in a fixed order, e.g.
 * `building=LS-B001&status=EXISTING&page=1&size=100`. Two filters that mean the same (the same
 * conditions given in another order, a keyword with surrounding spaces) share a key; the resolvers
 * already trimmed the keyword and dropped empty conditions.
 */
/** The page a key names (searchPageKey read back): the refresher reads a page again from its key alone. */
export function searchPageSpecOf(key: string): SearchPageSpec {
  const params = new URLSearchParams(key);
  const search: EnterpriseSearch = {};
  if (params.has('building')) search.buildingCode = params.get('building')!;
  if (params.has('keyword')) search.keyword = params.get('keyword')!;
  if (params.has('status')) search.status = params.get('status') as EnterpriseSearch['status'];
  if (params.has('type')) search.typeCode = params.get('type')!;
  return { search, page: Number(params.get('page')), pageSize: Number(params.get('size')) };
}

export function searchPageKey({ search, page, pageSize }: SearchPageSpec): string {
  const params = new URLSearchParams();
  if (search.buildingCode) params.set('building', search.buildingCode);
  if (search.keyword) params.set('keyword', search.keyword.trim());
  if (search.status) params.set('status', search.status);
  if (search.typeCode) params.set('type', search.typeCode);
  params.set('page', String(page));
  params.set('size', String(pageSize));
  return params.toString();
}
