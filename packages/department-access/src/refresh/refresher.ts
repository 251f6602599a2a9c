import type { Logger } from '@district/runtime';
import type { Department } from '@district/domain';
import { freshForMs, type CacheEntry, type CachePolicy } from '../cache/entry.ts';
import { inRefreshLane, type RefreshBudget } from './budget.ts';
import type { RefreshLease } from './lease.ts';
import type { ReadLog } from './read-log.ts';

/**
 * One kind of record a dashboard reads, kept warm: its reads are noted in `log` (DepartmentReads
 * notes them), and a record read lately is read again past the cache shortly before it expires.
 */
export interface WarmRead {
  /** The record kind whose reads are noted and whose age says when to refresh. */
  kind: string;
  /** Keys refreshed together: what the department answers in one call (its batch size; 1 without a batch API). */
  batchSize: number;
  /** Reads `keys` past the cache, which writes their records anew (the department's loaders, fresh). */
  refresh(keys: string[]): Promise<unknown>;
}

/** What the refresher needs of DepartmentReads. */
export interface RefreshedReads {
  policy(kind: string): CachePolicy;
  /** The shared store's entries of `keys`, undefined where none. */
  peek(kind: string, keys: readonly string[]): Promise<Array<CacheEntry | undefined>>;
}

export interface RefresherOptions {
  department: Department;
  reads: RefreshedReads;
  warm: ReadonlyArray<WarmRead & { log: ReadLog }>;
  budget: RefreshBudget;
  lease: RefreshLease;
  logger: Logger;
  /** A record is refreshed once it has lived this share of its time to live (default REFRESH_AT). */
  refreshAt?: number;
  /** A key leaves the working set this long after its last read (CACHE_REFRESH_KEEP_MS). */
  keepMs: number;
  /** Keys of one kind looked at per round (default MAX_WARM_KEYS). */
  maxKeys?: number;
  /** Pause between rounds (default ROUND_INTERVAL_MS). */
  intervalMs?: number;
  /** Chunks in flight at once; the budget paces them whatever this is (default PARALLEL_CHUNKS). */
  parallel?: number;
  now?: () => number;
}

/** Refreshed once three quarters of the time to live have passed: time enough for a slow round. */
export const REFRESH_AT = 0.75;
/** More than the district's 18,717 enterprises in buildings. */
export const MAX_WARM_KEYS = 25_000;
export const ROUND_INTERVAL_MS = 1_000;
export const PARALLEL_CHUNKS = 4;

/** A chunk of keys due for refresh, of one warm read. */
interface Chunk {
  warm: WarmRead;
  keys: string[];
}

/**
 * Keeps a department's working set warm (预刷新): every round, on the instance holding the lease,
 * it takes the keys read lately (most recently read first), keeps those whose cached record is
 * missing or past `refreshAt` of its time to live, and reads them again in chunks of the
 * department's batch size, inside the refresh lane, so every call it makes waits for its turn of
 * the budget. A round takes at most about two seconds of budget, then the order is looked at
 * again: a key read meanwhile moves ahead of one nobody asked for since.
 */
export class CacheRefresher {
  /** Keys refreshed and chunks that failed, since start (tests and logs). */
  readonly counts = { rounds: 0, keys: 0, failedChunks: 0 };
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly now: () => number;

  constructor(private readonly o: RefresherOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.round();
        } catch (error) {
          this.o.logger.warn({ department: this.o.department, reason: (error as Error).message }, 'cache refresh round failed');
        }
        if (!this.running) break;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.o.intervalMs ?? ROUND_INTERVAL_MS).unref();
        });
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.o.lease.release();
    await Promise.allSettled(this.o.warm.map((w) => w.log.close()));
  }

  /** The keys due now, in chunks, most recently read first; at most `maxChunks`. */
  async due(maxChunks: number): Promise<Chunk[]> {
    const chunks: Chunk[] = [];
    const now = this.now();
    for (const warm of this.o.warm) {
      const keys = await warm.log.recent(this.o.maxKeys ?? MAX_WARM_KEYS, this.o.keepMs);
      if (!keys.length) continue;
      const policy = this.o.reads.policy(warm.kind);
      const entries = await this.o.reads.peek(warm.kind, keys);
      const due = keys.filter((_, i) => isDue(entries[i], policy, now, this.o.refreshAt ?? REFRESH_AT));
      for (let i = 0; i < due.length && chunks.length < maxChunks; i += warm.batchSize) chunks.push({ warm, keys: due.slice(i, i + warm.batchSize) });
    }
    return chunks;
  }

  /** One round: nothing unless this instance holds the lease. */
  async round(): Promise<void> {
    if (!(await this.o.lease.holds())) return;
    this.counts.rounds++;
    // About two seconds of budget per round (a chunk is at least one call).
    const chunks = await this.due(Math.max(1, Math.ceil(this.o.budget.perSecond * 2)));
    let next = 0;
    const worker = async () => {
      while (this.running && next < chunks.length) {
        const chunk = chunks[next++];
        try {
          await inRefreshLane(this.o.budget, () => chunk.warm.refresh(chunk.keys));
          this.counts.keys += chunk.keys.length;
        } catch (error) {
          this.counts.failedChunks++;
          this.o.logger.debug({ department: this.o.department, kind: chunk.warm.kind, keys: chunk.keys.length, reason: (error as Error).message }, 'cache refresh of a chunk failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.parallel ?? PARALLEL_CHUNKS, chunks.length) }, worker));
  }
}

/** Missing (never read into this store, or dropped by a write), or past `refreshAt` of its time to live. */
export function isDue(entry: CacheEntry | undefined, policy: CachePolicy, now: number, refreshAt: number): boolean {
  if (!entry) return true;
  return now - entry.writtenAt >= freshForMs(policy, entry.value) * refreshAt;
}
