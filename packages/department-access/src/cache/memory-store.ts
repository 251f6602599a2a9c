import { LRUCache } from 'lru-cache';
import { decodeEntry, encodeEntry, type CacheEntry } from './entry.ts';
import type { CacheStore, StoreListener, StoreWrite } from './store.ts';

/** Entries the in-process shared store holds before it evicts the least recently used. */
export const DEFAULT_MEMORY_MAX_ENTRIES = 10_000;

export interface MemoryStoreOptions {
  maxEntries?: number;
  /** Clock for expiry (tests pass a fake one). */
  now?: () => number;
}

/**
 * The shared store when no Redis is configured: one process, so "shared" means shared by the
 * caches created over it (tests create two to stand for two instances). It stores the same JSON
 * text Redis would, so both stores behave alike, and a caller mutating a value it was given
 * cannot change what the next caller reads.
 */
export class MemoryStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly lru: LRUCache<string, string>;
  private readonly listeners = new Set<StoreListener>();

  constructor(options: MemoryStoreOptions = {}) {
    const now = options.now ?? Date.now;
    this.lru = new LRUCache<string, string>({ max: options.maxEntries ?? DEFAULT_MEMORY_MAX_ENTRIES, perf: { now } });
  }

  async mget(ids: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    return ids.map((id) => decodeEntry(this.lru.get(id)));
  }

  async mset(writes: readonly StoreWrite[]): Promise<void> {
    for (const w of writes) this.lru.set(w.id, encodeEntry(w.entry), { ttl: Math.max(1, w.keepMs) });
  }

  async invalidate(ids: readonly string[], origin: string): Promise<void> {
    for (const id of ids) this.lru.delete(id);
    for (const l of this.listeners) l.invalidated([...ids], origin);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.clear();
    this.lru.clear();
  }
}
