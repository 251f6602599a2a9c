import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { metrics, type Logger } from '@district/runtime';
import { assertPolicy, defaultServeStaleOn, entryId, isFresh, jsonCopy, keepForMs, staleAnswer, type CacheEntry, type CachePolicy, type CacheResult } from './entry.ts';
import { newCounters, type CacheCounters } from './counters.ts';
import { GuardedStore } from './guarded-store.ts';
import { SingleFlight, type Flight } from './single-flight.ts';
import type { CacheStore, StoreWrite } from './store.ts';

/** The in-process tier is short-lived: it only saves the round trip for records read again at once. */
export const DEFAULT_LOCAL_TTL_MS = 5_000;
export const DEFAULT_LOCAL_MAX_ENTRIES = 1_000;

export interface TwoTierCacheOptions {
  store: CacheStore;
  /** Whether close() also closes the store (false when the caller shares one store between caches). */
  ownsStore: boolean;
  logger: Logger;
  localTtlMs?: number;
  localMaxEntries?: number;
  now?: () => number;
  /** Which loader failures may be answered with a stale copy; default: DepartmentUnavailableError only. */
  serveStaleOn?: (error: unknown) => boolean;
}

type Loaded = CacheResult<unknown>;

/** How a read treats what is cached. */
export interface LoadOptions {
  /**
   * Read past both tiers: every key is asked of the loader now (what a precondition check needs:
   * what the department holds now, not what it held within a TTL). Fresh reads of one key still
   * share one load (their own single flight: never one that may answer from the cache), the
   * answer is cached for later ordinary reads, and there is no stale copy when the loader fails.
   */
  fresh?: boolean;
  /**
   * Told the time each fresh copy this read found in either tier was written (when the department
   * was read for it): how fresh an answer from the cache is. Not for copies loaded by this read,
   * nor for those it got by joining another read's load.
   */
  onCached?: (writtenAt: number) => void;
}

/**
 * A small in-process tier in front of the shared store, with single flight, stale-if-error and
 * invalidation broadcast. The store is used through GuardedStore, so a Redis outage turns reads
 * into misses (counted, logged once) and never fails a request.
 */
export class TwoTierCache {
  readonly instanceId = randomUUID();
  readonly counters: CacheCounters = newCounters();
  private readonly shared: GuardedStore;
  private readonly local: LRUCache<string, CacheEntry>;
  private readonly flights = new SingleFlight<Loaded>();
  /** Loads for fresh reads: kept apart, since an ordinary flight may settle from the shared store. */
  private readonly freshFlights = new SingleFlight<Loaded>();
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  private readonly serveStaleOn: (error: unknown) => boolean;

  constructor(private readonly options: TwoTierCacheOptions) {
    this.shared = new GuardedStore(options.store, this.counters, options.logger, this.instanceId);
    this.now = options.now ?? Date.now;
    this.serveStaleOn = options.serveStaleOn ?? defaultServeStaleOn;
    this.local = new LRUCache<string, CacheEntry>({
      max: options.localMaxEntries ?? DEFAULT_LOCAL_MAX_ENTRIES,
      ttl: options.localTtlMs ?? DEFAULT_LOCAL_TTL_MS,
      perf: { now: this.now },
    });
    this.unsubscribe = options.store.subscribe({
      invalidated: (ids, origin) => {
        if (origin === this.instanceId) return; // dropped locally when sent
        this.counters.invalidationsReceived += ids.length;
        this.dropLocal(ids);
      },
      resynced: () => {
        this.local.clear();
        void this.shared.flushPending();
      },
    });
  }

  /**
   * Read-through for a batch, the shape a DataLoader batch function needs: fresh copies from
   * either tier, every miss in one `fetchMissing` call, one answer per key in the keys' order.
   * A key `fetchMissing` leaves out (or maps to null) is cached as "not found"; a key it maps to
   * an Error (a record the department sent malformed) gets that error and nothing is cached for it,
   * so the next read asks again. When it throws, each key is served its stale copy if one is young
   * enough, or else gets the error in its place, so the keys that were cached still resolve
   * (DataLoader hands each caller its own error).
   */
  loadMany<V>(
    kind: string,
    keys: readonly string[],
    fetchMissing: (missing: string[]) => Promise<Map<string, V | null | Error>>,
    policy: CachePolicy,
    options: LoadOptions = {},
  ): Promise<Array<CacheResult<V> | Error>> {
    try {
      assertPolicy(kind, policy);
    } catch (error) {
      return Promise.reject(error); // a rejection like every other failure, not a synchronous throw
    }
    const now = this.now();
    const answers = new Map<string, Promise<Loaded | Error>>();
    const owned = new Map<string, Flight<Loaded>>();
    // Local copies past their TTL: still a stale copy to serve if the department fails and the
    // shared store cannot be read either (stale-if-error must not hinge on Redis answering).
    const localStale = new Map<string, CacheEntry>();
    const fresh = options.fresh === true;
    const flights = fresh ? this.freshFlights : this.flights;
    // From here to fill() nothing awaits: checking for a flight and claiming one is atomic.
    for (const key of keys) {
      if (answers.has(key)) continue;
      const id = entryId(kind, key);
      const local = fresh ? undefined : this.local.get(id);
      if (local && isFresh(local, policy, now)) {
        this.counters.hits++;
        this.counters.localHits++;
        metrics.cacheLookups.inc({ kind, tier: 'memory', result: 'hit' });
        options.onCached?.(local.writtenAt);
        answers.set(key, Promise.resolve({ value: local.value }));
        continue;
      }
      if (local) localStale.set(key, local);
      const running = flights.get(id);
      if (running) {
        this.counters.coalesced++;
        answers.set(key, running.promise);
        continue;
      }
      const flight = flights.claim(id);
      owned.set(key, flight);
      answers.set(key, flight.promise);
    }
    if (owned.size > 0) void this.fill(kind, owned, fetchMissing as (m: string[]) => Promise<Map<string, unknown>>, policy, localStale, fresh, options.onCached);
    return Promise.all(keys.map((k) => answers.get(k)!)) as Promise<Array<CacheResult<V> | Error>>;
  }

  /** One key; the loader's error is thrown when there is no stale copy to serve. */
  async load<V>(kind: string, key: string, fetchOne: (key: string) => Promise<V | null>, policy: CachePolicy, options: LoadOptions = {}): Promise<CacheResult<V>> {
    const [answer] = await this.loadMany<V>(kind, [key], async ([k]) => new Map([[k, await fetchOne(k)]]), policy, options);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  private async fill(
    kind: string, owned: Map<string, Flight<Loaded>>, fetchMissing: (m: string[]) => Promise<Map<string, unknown>>, policy: CachePolicy,
    localStale: Map<string, CacheEntry>, fresh: boolean, onCached?: (writtenAt: number) => void,
  ): Promise<void> {
    const keys = [...owned.keys()];
    try {
      if (fresh) this.counters.bypassed += keys.length;
      // A fresh read does not look in the shared store: not for an answer, nor for a stale copy.
      const shared = fresh ? keys.map(() => undefined) : await this.shared.mget(keys.map((k) => entryId(kind, k)));
      const now = this.now();
      const missing: string[] = [];
      const old = new Map<string, CacheEntry>();
      keys.forEach((key, i) => {
        const entry = shared[i];
        if (entry && isFresh(entry, policy, now)) {
          this.counters.hits++;
          this.counters.sharedHits++;
          metrics.cacheLookups.inc({ kind, tier: this.options.store.kind, result: 'hit' });
          if (!owned.get(key)!.invalidated) this.local.set(entryId(kind, key), entry);
          onCached?.(entry.writtenAt);
          owned.get(key)!.settle({ value: entry.value });
        } else {
          if (!fresh) {
            this.counters.misses++;
            metrics.cacheLookups.inc({ kind, tier: this.options.store.kind, result: 'miss' });
          }
          missing.push(key);
          const mine = localStale.get(key);
          const newest = entry && mine ? (entry.writtenAt >= mine.writtenAt ? entry : mine) : (entry ?? mine);
          if (newest) old.set(key, newest);
        }
      });
      if (missing.length === 0) return;

      let found: Map<string, unknown>;
      try {
        this.counters.loads++;
        found = await fetchMissing(missing);
      } catch (error) {
        this.counters.loadErrors++;
        this.serveStale(kind, missing, old, owned, policy, error);
        return;
      }
      const writtenAt = this.now();
      const writes: StoreWrite[] = [];
      const results = new Map<string, Loaded | Error>();
      for (const key of missing) {
        const answer = found.get(key);
        if (answer instanceof Error) {
          results.set(key, answer);
          continue;
        }
        const value = jsonCopy(answer ?? null);
        const entry: CacheEntry = { value, writtenAt };
        if (!owned.get(key)!.invalidated) {
          this.local.set(entryId(kind, key), entry);
          writes.push({ id: entryId(kind, key), entry, keepMs: keepForMs(policy, value) });
        }
        results.set(key, { value });
      }
      // Written before anyone is answered: another instance asked right after must find it.
      await this.shared.mset(writes);
      for (const [key, result] of results) owned.get(key)!.settle(result);
    } catch (error) {
      // Store failures are absorbed above, so only a bug (say, a value JSON cannot hold) lands here.
      for (const flight of owned.values()) flight.settle(asError(error));
    } finally {
      for (const [key, flight] of owned) {
        flight.settle(new Error(`cache load of ${kind} ended without an answer`));
        (fresh ? this.freshFlights : this.flights).release(entryId(kind, key), flight);
      }
    }
  }

  private serveStale(kind: string, missing: string[], old: Map<string, CacheEntry>, owned: Map<string, Flight<Loaded>>, policy: CachePolicy, error: unknown): void {
    const now = this.now();
    const allowed = this.serveStaleOn(error);
    for (const key of missing) {
      const answer = allowed ? staleAnswer(old.get(key), policy, now, error) : undefined;
      if (answer) {
        this.counters.staleServed++;
        metrics.cacheLookups.inc({ kind, tier: this.options.store.kind, result: 'stale' });
      }
      owned.get(key)!.settle(answer ?? asError(error));
    }
  }

  /**
   * After a write: drops the records here and in the shared store, and tells every other instance
   * to drop its in-process copy. Never throws: the write already happened at the department, and
   * failing its response would invite a retry; a failed delete is retried when the store is back.
   */
  async invalidate(kind: string, keys: readonly string[]): Promise<void> {
    const ids = [...new Set(keys.map((k) => entryId(kind, k)))];
    if (ids.length === 0) return;
    this.counters.invalidations += ids.length;
    this.dropLocal(ids);
    await this.shared.invalidate(ids);
    // Again: a read here may have copied the shared record into this tier before the delete landed.
    this.dropLocal(ids);
  }

  private dropLocal(ids: readonly string[]): void {
    for (const id of ids) {
      this.local.delete(id);
      this.flights.invalidate(id);
      this.freshFlights.invalidate(id);
    }
  }

  /**
   * The shared store's entries of `keys` as they are, fresh or not, without loading anything or
   * counting a lookup: the refresher reads their age to tell which are about to expire.
   */
  peek(kind: string, keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    return this.shared.mget(keys.map((k) => entryId(kind, k)));
  }

  /** The shared store (its `kind` says which; health checks and tests look at it). */
  get store(): CacheStore {
    return this.options.store;
  }

  /** Resolves once the shared store accepts commands (a service may await it at boot, with a budget). */
  ready(timeoutMs: number): Promise<void> {
    return this.options.store.ready(timeoutMs);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.local.clear();
    if (this.options.ownsStore) await this.options.store.close();
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
