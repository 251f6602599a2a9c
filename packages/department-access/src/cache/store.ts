import type { CacheEntry } from './entry.ts';

/** One record to write, with how long the store must keep it (its freshness plus its stale window). */
export interface StoreWrite {
  id: string;
  entry: CacheEntry;
  keepMs: number;
}

/** What a store tells the caches that share it. */
export interface StoreListener {
  /** Another instance invalidated these ids: drop them from the in-process tier. */
  invalidated(ids: string[], origin: string): void;
  /**
   * The store was unreachable and is back: invalidations may have been missed meanwhile, so
   * anything held in front of the store can no longer be trusted.
   */
  resynced(): void;
}

/**
 * The shared cache store every instance reads and writes: Redis in deployments, an in-process
 * LRU when nothing is configured. Operations may reject (Redis down, a timeout); the two-tier
 * cache treats every rejection as "no cache", never as a failed request.
 */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** Entries for the ids, in their order; undefined where absent. One round trip. */
  mget(ids: readonly string[]): Promise<Array<CacheEntry | undefined>>;
  /** Writes all entries, each with its own expiry. One round trip. */
  mset(writes: readonly StoreWrite[]): Promise<void>;
  /** Deletes the ids, then tells every other cache sharing this store (`origin` names the sender). */
  invalidate(ids: readonly string[], origin: string): Promise<void>;
  /** Starts delivering invalidations and resyncs; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void;
  /** Resolves once the store accepts commands; rejects after `timeoutMs`. */
  ready(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}
