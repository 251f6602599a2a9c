/** @district/department-access: Reaching a department system: the HTTP transport, retries and circuit breaker, the two-tier cache, batched reads and their freshness, and each department's cache and resilience settings. */
export { CombinedFetch } from './combined-fetch.ts';
export type { FetchKinds, KindRecords } from './combined-fetch.ts';
export { DEFAULT_REFRESH_KEEP_MS, DEFAULT_REFRESH_PER_SECOND, departmentReadSettingsSchema, readDepartmentReadSettings, readDepartmentReads } from './department-config.ts';
export type { DepartmentReadSettings, RefreshSettings } from './department-config.ts';
export { CacheRefresher, MemoryReadLog, REFRESH_LEASE_MS, RedisLease, RedisReadLog, RefreshBudget, alwaysHeld, inRefreshLane, isDue, startCacheRefresher } from './refresh/index.ts';
export type { ReadLog, RefreshLease, RefreshedReads, RunningRefresher, WarmRead } from './refresh/index.ts';
export { DepartmentReads } from './department-reads.ts';
export type { DepartmentReadsOptions } from './department-reads.ts';
export { FreshnessReport, freshnessPlugin } from './freshness.ts';
export type { CachedNotice, StaleNotice } from './freshness.ts';
export { batchLoader } from './loader.ts';
export { DEFAULT_RESILIENCE, DepartmentResilience } from './resilience.ts';
export type { ResilienceSettings } from './resilience.ts';
export { BackendTransport } from './transport.ts';
export type { TransportOptions, TransportRequest, TransportResponse } from './transport.ts';
export { DEFAULT_LOCAL_MAX_ENTRIES, DEFAULT_LOCAL_TTL_MS, DEFAULT_MEMORY_MAX_ENTRIES, MAX_PENDING_INVALIDATIONS, MemoryStore, REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_TIMEOUT_MS, REDIS_MAX_RECONNECT_DELAY_MS, REDIS_MAX_RETRIES_PER_REQUEST, RedisStore, TwoTierCache, createCache, defaultServeStaleOn } from './cache/index.ts';
export type { CacheCounters, CacheEntry, CacheOptions, CachePolicy, CacheResult, CacheStore, LoadOptions, MemoryStoreOptions, RedisStoreOptions, StaleInfo, StoreListener, StoreWrite, TwoTierCacheOptions } from './cache/index.ts';
