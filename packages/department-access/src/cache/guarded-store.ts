import type { Logger } from '@district/runtime';
import type { CacheEntry } from './entry.ts';
import type { CacheStore, StoreWrite } from './store.ts';

/** Invalidations that failed while the store was down, retried when it is back (beyond this, logged as lost). */
export const MAX_PENDING_INVALIDATIONS = 10_000;

/**
 * The shared store as the cache uses it: no operation ever throws. Without the cache a request
 * costs a department call, never an error, so a failure is counted (every time) and logged (once
 * per outage: an outage at 1,000 requests a second is one line, not a thousand).
 */
export class GuardedStore {
  private down = false;
  private readonly pending = new Set<string>();

  constructor(
    readonly store: CacheStore,
    private readonly counters: { errors: number },
    private readonly logger: Logger,
    /** The owning cache's instance id: its own invalidation messages are ignored on receipt. */
    private readonly origin: string,
  ) {}

  /**
   * Entries in the ids' order; all undefined when the store fails (every key becomes a miss).
   * Deletes that failed earlier are retried first, and a record still awaiting its delete is a
   * miss: this instance never reads back a copy it knows a write made stale.
   */
  async mget(ids: string[]): Promise<Array<CacheEntry | undefined>> {
    if (this.pending.size > 0) await this.flushPending();
    try {
      const entries = await this.store.mget(ids);
      this.ok();
      return this.pending.size === 0 ? entries : entries.map((e, i) => (this.pending.has(ids[i]) ? undefined : e));
    } catch (error) {
      this.failed('mget', error);
      return ids.map(() => undefined);
    }
  }

  /** A failed write only means the next reader asks the department again. */
  async mset(writes: StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    try {
      await this.store.mset(writes);
      this.ok();
    } catch (error) {
      this.failed('mset', error);
    }
  }

  /**
   * A failed invalidation would leave the old record in the shared store for its whole TTL once
   * the store is back (a day, for a credit grade), so it is kept and retried on recovery.
   */
  async invalidate(ids: string[]): Promise<void> {
    try {
      await this.store.invalidate(ids, this.origin);
      this.ok();
    } catch (error) {
      this.failed('invalidate', error);
      for (const id of ids) this.pending.add(id);
      if (this.pending.size > MAX_PENDING_INVALIDATIONS) {
        this.logger.error({ pending: this.pending.size }, 'too many invalidations pending; shared copies may be served stale until they expire');
        this.pending.clear();
      }
    }
  }

  /** Retries the invalidations that failed; called when the store is known to be back. */
  async flushPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending.clear();
    await this.invalidate(ids);
  }

  get pendingInvalidations(): number {
    return this.pending.size;
  }

  private failed(operation: string, error: unknown): void {
    this.counters.errors++;
    if (this.down) return;
    this.down = true;
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ operation, store: this.store.kind, err: { message } }, 'shared cache unavailable; reading through to the departments');
  }

  private ok(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ store: this.store.kind }, 'shared cache available again');
    void this.flushPending();
  }
}
