import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createRedis, type Logger } from '@district/runtime';
import type { Department } from '@district/domain';
import type { DepartmentReads } from '../department-reads.ts';
import type { RefreshSettings } from '../department-config.ts';
import { RefreshBudget } from './budget.ts';
import { alwaysHeld, RedisLease, type RefreshLease } from './lease.ts';
import { MemoryReadLog, RedisReadLog, type ReadLog } from './read-log.ts';
import { CacheRefresher, MAX_WARM_KEYS, type WarmRead } from './refresher.ts';

export { RefreshBudget, inRefreshLane, refreshTurn } from './budget.ts';
export { alwaysHeld, RedisLease, type RefreshLease } from './lease.ts';
export { MemoryReadLog, RedisReadLog, type ReadLog } from './read-log.ts';
export { CacheRefresher, isDue, MAX_WARM_KEYS, PARALLEL_CHUNKS, REFRESH_AT, ROUND_INTERVAL_MS, type RefreshedReads, type RefresherOptions, type WarmRead } from './refresher.ts';

/** A lease outlives a few rounds; a dead holder's is taken over within it. */
export const REFRESH_LEASE_MS = 10_000;
/** How often an instance sends the reads it noted to the shared working set. */
export const READ_LOG_FLUSH_MS = 500;

export interface RunningRefresher {
  refresher: CacheRefresher;
  budget: RefreshBudget;
  stop(): Promise<void>;
}

/**
 * Wires a department subgraph's refresher: reads of the `warm` kinds noted into the working set
 * (shared through Redis, or this process's own), one lease per department and deployment, the
 * budget, and the loop started. Every instance notes reads; only the lease holder refreshes, so
 * N instances make the calls of one, within one budget. Without REDIS_URL there is one instance
 * (production refuses that anyway), which holds the lease.
 */
export function startCacheRefresher(o: {
  department: Department;
  /** The cache prefix of the subgraph's records (`<CACHE_PREFIX>:<subgraph>`). */
  prefix: string;
  redisUrl?: string;
  settings: RefreshSettings;
  reads: DepartmentReads;
  warm: readonly WarmRead[];
  logger: Logger;
  intervalMs?: number;
}): RunningRefresher {
  const redis = o.redisUrl
    ? createRedis(o.redisUrl, { connectionName: `${o.prefix}:refresh`, maxRetriesPerRequest: 1, commandTimeout: 2_000, connectTimeout: 2_000 })
    : undefined;
  redis?.on('error', () => undefined); // the cache's own connection reports Redis trouble; here a failed call only skips a round
  const logOf = (kind: string): ReadLog => redis
    ? new RedisReadLog(redis, `${o.prefix}:refresh:reads:${kind}`, MAX_WARM_KEYS, READ_LOG_FLUSH_MS)
    : new MemoryReadLog(MAX_WARM_KEYS);
  const warm = o.warm.map((w) => ({ ...w, log: logOf(w.kind) }));
  for (const w of warm) o.reads.watch(w.kind, w.log);
  const lease: RefreshLease = redis
    ? new RedisLease(redis, `${o.prefix}:refresh:lease`, `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`, REFRESH_LEASE_MS)
    : alwaysHeld;
  const budget = new RefreshBudget(o.settings.perSecond);
  const refresher = new CacheRefresher({
    department: o.department, reads: o.reads, warm, budget, lease, logger: o.logger, keepMs: o.settings.keepMs, intervalMs: o.intervalMs,
  });
  refresher.start();
  o.logger.info({ department: o.department, perSecond: budget.perSecond, kinds: warm.map((w) => w.kind), shared: Boolean(redis) }, 'keeping the working set warm');
  return {
    refresher,
    budget,
    async stop() {
      await refresher.stop();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
