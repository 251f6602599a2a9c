export { createCache, type CacheOptions } from './create-cache.ts';
export { TwoTierCache, DEFAULT_LOCAL_TTL_MS, DEFAULT_LOCAL_MAX_ENTRIES, type LoadOptions, type TwoTierCacheOptions } from './two-tier-cache.ts';
export { defaultServeStaleOn } from './entry.ts';
export type { CacheEntry, CachePolicy, CacheResult, StaleInfo } from './entry.ts';
export type { CacheCounters } from './counters.ts';
export type { CacheStore, StoreListener, StoreWrite } from './store.ts';
export { MemoryStore, DEFAULT_MEMORY_MAX_ENTRIES, type MemoryStoreOptions } from './memory-store.ts';
export {
  RedisStore, REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS, REDIS_MAX_RETRIES_PER_REQUEST, REDIS_MAX_RECONNECT_DELAY_MS,
  type RedisStoreOptions,
} from './redis-store.ts';
export { MAX_PENDING_INVALIDATIONS } from './guarded-store.ts';
