import DataLoader from 'dataloader';
import { isValidUscc } from '@district/domain';
import { type DepartmentReads, type FreshnessReport } from '@district/department-access';
import { MARKET_BATCH_LIMIT } from './codes.ts';
import { REGISTRY_LISTS, type MarketEnterprise, type RegistryList } from './domain.ts';
import type { MarketAdapter } from './adapter.ts';
import {
  REGISTRATION_KIND, parseRegistrationKey, partOf, recordOf, registrationKey, type RegistrationPart, type RegistrationRecord,
} from './cache-policy.ts';

/**
 * Per-request loader of registry records with their child lists, read through DepartmentReads:
 * the cache first (each record and each list is its own entry, cache-policy.ts), then the
 * registry behind retries and the circuit breaker, then a stale copy if the registry fails.
 *
 * Why one loader for every include set rather than one per set: the registry's batch call returns
 * the record and any lists in one reply, so everything asked for an enterprise in the same tick
 * (its registration, its building, its changes, annual reports, abnormal-list entries, events)
 * rides one call per 100 enterprises. Each USCC remembers which lists it was asked for; a batch
 * looks up exactly those parts, and whatever of them is missing from the cache, for every USCC of
 * the batch, is one registry call (the union of the missing lists). A USCC asked later for a list
 * it was not loaded with is loaded again, with everything it had, in the next batch (its cached
 * parts cost nothing). The `registration` resolver names the lists its selection needs up front
 * (selection.ts), so they ride the same call as the record instead of a second round.
 *
 * A list that could neither be read nor served stale while its record could (the record was
 * cached, the registry is down) is the Error in the list's place: that field alone is null with
 * it (listOf, failedList). A record that could not be read makes the whole enterprise the Error.
 */
interface Entry {
  lists: Set<RegistryList>;
  /** Set once the batch carrying this entry has gone out; until then lists may still be added. */
  dispatched: boolean;
  value: Promise<MarketEnterprise | null>;
}

export interface RegistryReadDeps {
  adapter: Pick<MarketAdapter, 'getEnterprises'>;
  reads: DepartmentReads;
  /** This request's report of stale copies served (extensions.stale). */
  freshness?: FreshnessReport;
}

export class RegistryLoader {
  private readonly entries = new Map<string, Entry>();
  private readonly loader: DataLoader<string, MarketEnterprise | null>;

  constructor(deps: RegistryReadDeps) {
    this.loader = new DataLoader<string, MarketEnterprise | null>(
      (usccs) => {
        const asked = usccs.map((uscc) => {
          const entry = this.entries.get(uscc)!;
          entry.dispatched = true;
          return { uscc, lists: [...entry.lists] };
        });
        return readRegistrations(deps, asked);
      },
      { maxBatchSize: MARKET_BATCH_LIMIT },
    );
  }

  /** The enterprise with at least these lists, or null when the registry has none under this USCC. */
  load(uscc: string, lists: readonly RegistryList[] = []): Promise<MarketEnterprise | null> {
    const entry = this.entries.get(uscc);
    if (entry && !entry.dispatched) {
      for (const l of lists) entry.lists.add(l);
      return entry.value;
    }
    if (entry && lists.every((l) => entry.lists.has(l))) return entry.value;
    const next: Entry = { lists: new Set([...(entry?.lists ?? []), ...lists]), dispatched: false, value: undefined! };
    this.entries.set(uscc, next);
    this.loader.clear(uscc);
    next.value = this.loader.load(uscc);
    return next.value;
  }

  /** Records that came from elsewhere (search results): no lookup for them unless a list is needed. */
  prime(enterprise: MarketEnterprise): void {
    if (this.entries.has(enterprise.uscc)) return;
    const lists = new Set(REGISTRY_LISTS.filter((l) => enterprise[l] !== undefined));
    this.entries.set(enterprise.uscc, { lists, dispatched: true, value: Promise.resolve(enterprise) });
  }
}

/**
 * One batch (at most MARKET_BATCH_LIMIT USCCs): one answer per USCC, in order. A malformed USCC is
 * null without a lookup (it cannot be registered, and must not become a cache key).
 */
export async function readRegistrations(
  deps: RegistryReadDeps,
  asked: ReadonlyArray<{ uscc: string; lists: readonly RegistryList[] }>,
): Promise<Array<MarketEnterprise | null | Error>> {
  const keys = [...new Set(asked.filter((a) => isValidUscc(a.uscc)).flatMap((a) => [registrationKey(a.uscc), ...a.lists.map((l) => registrationKey(a.uscc, l))]))];
  const parts = keys.length
    ? await deps.reads.batch<RegistrationPart>(REGISTRATION_KIND, keys, (missing) => fetchParts(deps.adapter, missing), deps.freshness)
    : [];
  const byKey = new Map(keys.map((k, i) => [k, parts[i]]));
  return asked.map(({ uscc, lists }) => {
    const record = byKey.get(registrationKey(uscc));
    if (record === undefined || record === null || record instanceof Error) return record ?? null;
    const enterprise: Record<string, unknown> = { ...(record as RegistrationRecord) };
    // null: the record was there but the registry no longer returned the enterprise for its list; nothing to list.
    for (const l of lists) enterprise[l] = byKey.get(registrationKey(uscc, l)) ?? [];
    return enterprise as unknown as MarketEnterprise;
  });
}

/**
 * The cache's misses, records and lists of up to 100 USCCs, in one registry call. Called again
 * by DepartmentReads for each retry, so each attempt is a new adapter call, signed afresh.
 */
async function fetchParts(adapter: Pick<MarketAdapter, 'getEnterprises'>, missing: string[]): Promise<Map<string, RegistrationPart | null>> {
  const wanted = missing.map(parseRegistrationKey);
  const usccs = [...new Set(wanted.map((w) => w.uscc))];
  const lists = REGISTRY_LISTS.filter((l) => wanted.some((w) => w.list === l));
  const found = await adapter.getEnterprises(usccs, lists);
  return new Map(missing.map((key, i) => {
    const e = found.get(wanted[i].uscc);
    return [key, e ? partOf(e, wanted[i].list) : null];
  }));
}

/**
 * Puts records read elsewhere (a search page just fetched from the registry) into the cache, so a
 * later request's `registration` of a listed enterprise needs no lookup. Records already fresh in
 * the cache are left as they are. Best effort: a failure here costs a later lookup, nothing more.
 */
export async function primeRegistrations(reads: DepartmentReads, records: readonly MarketEnterprise[]): Promise<void> {
  const byKey = new Map(records.map((e) => [registrationKey(e.uscc), recordOf(e)]));
  if (byKey.size === 0) return;
  await reads
    .batch<RegistrationPart>(REGISTRATION_KIND, [...byKey.keys()], async (missing) => new Map(missing.map((k) => [k, byKey.get(k) ?? null])))
    .catch(() => undefined);
}

/** A list of a loaded enterprise: undefined when it was not loaded with it; throws the Error when it could not be read. */
export function listOf<K extends RegistryList>(e: MarketEnterprise, name: K): MarketEnterprise[K] {
  const value = e[name] as unknown;
  if (value instanceof Error) throw value;
  return value as MarketEnterprise[K];
}

/** The first list of a loaded enterprise that could not be read, if any. */
export function failedList(e: MarketEnterprise): Error | undefined {
  for (const l of REGISTRY_LISTS) {
    const value = e[l] as unknown;
    if (value instanceof Error) return value;
  }
  return undefined;
}
