import { randomUUID } from 'node:crypto';
import type { CacheEntry, CachePolicy, CacheResult, LoadOptions, TwoTierCache } from './cache/index.ts';
import { ownTopLevel } from './cache/entry.ts';
import { CombinedFetch, type FetchKinds, type KindRecords } from './combined-fetch.ts';
import type { Department } from '@district/domain';
import type { FreshnessReport } from './freshness.ts';
import type { DepartmentResilience } from './resilience.ts';
import type { ReadLog } from './refresh/read-log.ts';

export type { FetchKinds, KindRecords } from './combined-fetch.ts';

/**
 * The one path of a department read: cache first (per record kind, its own policy), then the
 * department behind retries and the circuit breaker, and a stale copy when the department fails
 * and a recent-enough one exists — reported in the request's FreshnessReport. DataLoader batch
 * functions call `batch` (one record kind) or `batchKinds` (several kinds of the same keys that
 * the department answers in one call); what they get back has one entry per key, in order: the
 * answer, null for "not found", or an Error for a key that could not be answered at all.
 */
export class DepartmentReads {
  /** The policy in force for each record kind, by kind name (the defaults with <PREFIX>_CACHE_POLICIES over them). */
  readonly policies: Readonly<Record<string, CachePolicy>>;
  private readonly wholeKinds: ReadonlySet<string>;
  /** Where reads of the kinds kept warm are noted (the refresher's working set). */
  private readonly readLogs = new Map<string, ReadLog>();

  constructor(
    readonly department: Department,
    private readonly cache: TwoTierCache | null,
    readonly resilience: DepartmentResilience,
    policies: Record<string, CachePolicy>,
    options: DepartmentReadsOptions = {},
  ) {
    this.policies = Object.freeze({ ...policies });
    this.wholeKinds = new Set(options.wholeKinds ?? []);
    for (const kind of this.wholeKinds) this.policy(kind);
  }

  /**
   * Notes in `log` every ordinary read of `kind` (not fresh reads: a refresh, or a precondition
   * check, says nothing of what users read). Noting is in memory, no round trip.
   */
  watch(kind: string, log: ReadLog): void {
    this.policy(kind);
    this.readLogs.set(kind, log);
  }

  /** The shared store's entries of `keys` (the refresher's look at their age); none without a cache. */
  async peek(kind: string, keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    if (!this.cache) return keys.map(() => undefined);
    const generation = this.wholeKinds.has(kind) ? await this.generation(kind) : null;
    return this.cache.peek(kind, generation === null ? keys : keys.map((k) => `${generation}/${k}`));
  }

  /** How this request reads the cache: past it when it must be fresh; telling its report how fresh what it found is. */
  private loadOptions(freshness?: FreshnessReport): LoadOptions {
    const department = this.department;
    return { fresh: freshness?.mustBeFresh === true, onCached: freshness && ((writtenAt) => freshness.served(department, writtenAt)) };
  }

  private noteReads(kinds: readonly string[], keys: readonly string[], freshness?: FreshnessReport): void {
    if (freshness?.mustBeFresh || !this.readLogs.size) return;
    for (const kind of kinds) this.readLogs.get(kind)?.note(keys);
  }

  /** The policy of `kind`; a kind without one is a programming error, thrown. */
  policy(kind: string): CachePolicy {
    const policy = this.policies[kind];
    if (!policy) throw new Error(`no cache policy for ${this.department} record kind "${kind}"`);
    return policy;
  }

  /**
   * One record kind. A value handed out is the caller's at its top level (ownTopLevel): a resolver
   * may return it from `__resolveReference` as it is, and DataLoader keeps that one copy for the
   * request. `fetch` may answer a key with an Error (say, a malformed record): that key alone
   * fails, and nothing is cached for it.
   */
  async batch<V>(
    kind: string,
    keys: readonly string[],
    fetch: (missing: string[]) => Promise<Map<string, V | null | Error>>,
    freshness?: FreshnessReport,
  ): Promise<Array<V | null | Error>> {
    const fetchGuarded = (missing: string[]) => this.resilience.read(() => fetch(missing));
    this.noteReads([kind], keys, freshness);
    if (!this.cache) {
      try {
        const found = await fetchGuarded([...keys]);
        return keys.map((k) => found.get(k) ?? null);
      } catch (error) {
        return keys.map(() => error as Error);
      }
    }
    const options = this.loadOptions(freshness);
    const generation = this.wholeKinds.has(kind) ? await this.generation(kind) : null;
    const results = generation === null
      ? await this.cache.loadMany<V>(kind, [...keys], fetchGuarded, this.policy(kind), options)
      : await this.cache.loadMany<V>(kind, keys.map((k) => `${generation}/${k}`), async (missing) => {
        const found = await fetchGuarded(missing.map((m) => m.slice(generation.length + 1)));
        return new Map(missing.map((m) => [m, found.get(m.slice(generation.length + 1)) ?? null]));
      }, this.policy(kind), options);
    return results.map((r) => {
      if (r instanceof Error) return r;
      if (r.stale) freshness?.record(this.department, r.stale);
      return ownTopLevel(r.value);
    });
  }

  /**
   * Several record kinds of the same keys, each cached under its own kind and policy, for a
   * department that answers any set of kinds for many keys in one call. The misses of all kinds
   * go in ONE guarded call per batch — `fetch(missing keys, the kinds any of them miss)` — so one
   * failed call counts once against the breaker and is retried once, not once per kind.
   * Each key gets every kind's record (null: not found), or the first Error among its kinds (the
   * call failed with no stale copy to serve, or `fetch` answered the key with an Error). The
   * records are the cache's own, frozen and shared: callers build their entity from them.
   */
  async batchKinds<K extends string, V>(
    kinds: readonly K[],
    keys: readonly string[],
    fetch: FetchKinds<K, V>,
    freshness?: FreshnessReport,
  ): Promise<Array<Record<K, V | null> | Error>> {
    const whole = kinds.find((kind) => this.wholeKinds.has(kind));
    if (whole) throw new Error(`${this.department} record kind "${whole}" is invalidated as a whole: read it with batch()`);
    const fetchGuarded: FetchKinds<K, V> = (missing, asked) => this.resilience.read(() => fetch(missing, asked));
    const unique = [...new Set(keys)];
    this.noteReads(kinds, unique, freshness);
    const answers = new Map<string, Record<K, V | null> | Error>();
    const cache = this.cache;
    if (!cache) {
      try {
        const found = await fetchGuarded(unique, [...kinds]);
        for (const key of unique) answers.set(key, recordsOf(kinds, found.get(key)));
      } catch (error) {
        for (const key of unique) answers.set(key, error as Error);
      }
      return keys.map((k) => answers.get(k)!);
    }
    const policies = kinds.map((kind) => this.policy(kind));
    const combined = new CombinedFetch(kinds, fetchGuarded);
    // Every loadMany is called in this one synchronous pass: all the flights this batch owns are
    // claimed before another request can claim one, so batches never wait on each other in a cycle.
    const options = this.loadOptions(freshness);
    const perKind = await Promise.all(kinds.map((kind, k) =>
      cache.loadMany<V>(kind, unique, (missing) => combined.fetch(kind, missing), policies[k], options).finally(() => combined.settled(kind))));
    unique.forEach((key, i) => {
      const parts = perKind.map((results) => results[i]);
      const failed = parts.find((p): p is Error => p instanceof Error);
      if (failed) return void answers.set(key, failed);
      const records = {} as Record<K, V | null>;
      kinds.forEach((kind, k) => {
        const part = parts[k] as CacheResult<V>;
        if (part.stale) freshness?.record(this.department, part.stale);
        records[kind] = part.value;
      });
      answers.set(key, records);
    });
    return keys.map((k) => answers.get(k)!);
  }

  /** After a write: every instance drops what the write made stale. */
  async invalidate(kind: string, keys: readonly string[]): Promise<void> {
    await this.cache?.invalidate(kind, [...keys]);
  }

  /**
   * After a write that may have made any record of `kind` stale (a registration shifts every
   * search page that lists it, and no key says which): every instance drops them all. The kind's
   * keys live under a generation, itself a cached record; dropping the generation (one key, one
   * invalidation message) leaves every old entry unreachable, to expire in the store.
   */
  async invalidateKind(kind: string): Promise<void> {
    if (!this.wholeKinds.has(kind)) throw new Error(`${this.department} record kind "${kind}" is not invalidated as a whole (DepartmentReadsOptions.wholeKinds)`);
    await this.cache?.invalidate(GENERATION_KIND, [kind]);
  }

  /** The current generation of a whole kind: any instance's, or a new one when none is cached. */
  private async generation(kind: string): Promise<string> {
    const { value } = await this.cache!.load<string>(GENERATION_KIND, kind, async () => randomUUID().slice(0, 8), GENERATION_POLICY);
    return value!;
  }
}

export interface DepartmentReadsOptions {
  /**
   * Record kinds a write invalidates as a whole (`invalidateKind`), because no key tells which of
   * their records it made stale: search pages. Read with `batch`; each read first looks up the
   * kind's generation (in-process after the first, so no extra round trip as a rule).
   */
  wholeKinds?: readonly string[];
}

/** Where the generations of whole kinds are cached; a name no department kind uses. */
const GENERATION_KIND = '@generation';
/** A generation outlives every entry under it (the longest stale-if-error of a whole kind is hours). */
const GENERATION_POLICY: CachePolicy = { ttlMs: 2 * 24 * 3_600_000, staleIfErrorMs: 0 };

/** Every asked kind of one key's answer, null where the department named none. */
function recordsOf<K extends string, V>(kinds: readonly K[], answer: KindRecords<K, V> | Error | undefined): Record<K, V | null> | Error {
  if (answer instanceof Error) return answer;
  return Object.fromEntries(kinds.map((kind) => [kind, answer?.[kind] ?? null])) as Record<K, V | null>;
}
