import { createLogger, type Logger } from '@district/runtime';
import { MemoryStore } from './memory-store.ts';
import { RedisStore } from './redis-store.ts';
import type { CacheStore } from './store.ts';
import { TwoTierCache } from './two-tier-cache.ts';

export interface CacheOptions {
  /** Redis for the shared store (every instance sees every entry); an in-process LRU when absent. */
  redisUrl?: string;
  /**
   * Namespace of every key and of the invalidation channel, e.g. "district:prod:tax". Two
   * deployments (or two test runs) on one Redis never see each other's entries.
   */
  prefix: string;
  /** In-process tier in front of the shared store (defaults: DEFAULT_LOCAL_TTL_MS, DEFAULT_LOCAL_MAX_ENTRIES). */
  local?: { ttlMs?: number; maxEntries?: number };
  /** Bound of the in-process shared store when there is no Redis (default DEFAULT_MEMORY_MAX_ENTRIES). */
  memoryMaxEntries?: number;
  /** Bounds on Redis calls (defaults: REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS, REDIS_MAX_RETRIES_PER_REQUEST). */
  redis?: { commandTimeoutMs?: number; connectTimeoutMs?: number; maxRetriesPerRequest?: number };
  /**
   * A store to share instead of creating one; the cache does not close it. Two caches over one
   * MemoryStore behave like two instances over one Redis (that is how the tests run both ways).
   */
  store?: CacheStore;
  logger?: Logger;
  /** Clock for ages and expiry (tests pass a fake one). */
  now?: () => number;
  /** Which loader failures may be answered with a stale copy; default: DepartmentUnavailableError only. */
  serveStaleOn?: (error: unknown) => boolean;
}

const PREFIX = /^[A-Za-z0-9][A-Za-z0-9:._-]*$/;

/**
 * The one way to build a cache. Options are checked here, at start-up: a bad prefix or URL fails
 * the boot, not the first request. Redis is connected in the background; until it is ready (and
 * whenever it is down) reads go through to the departments, so a service may await
 * `cache.ready(ms)` at boot but need not.
 */
export function createCache(options: CacheOptions): TwoTierCache {
  if (!PREFIX.test(options.prefix ?? '')) {
    throw new TypeError(`cache prefix must be letters, digits and : . _ - (e.g. "district:prod"), got ${JSON.stringify(options.prefix)}`);
  }
  if (options.redisUrl !== undefined && !/^rediss?:\/\//.test(options.redisUrl)) {
    throw new TypeError('REDIS_URL must start with redis:// or rediss://');
  }
  const logger = options.logger ?? createLogger('cache');
  const store =
    options.store ??
    (options.redisUrl
      ? new RedisStore({ url: options.redisUrl, prefix: options.prefix, logger, ...options.redis })
      : new MemoryStore({ maxEntries: options.memoryMaxEntries, now: options.now }));
  return new TwoTierCache({
    store,
    ownsStore: options.store === undefined,
    logger,
    localTtlMs: options.local?.ttlMs,
    localMaxEntries: options.local?.maxEntries,
    now: options.now,
    serveStaleOn: options.serveStaleOn,
  });
}
