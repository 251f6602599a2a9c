import { Redis } from 'ioredis';
import { DepartmentUnavailableError, type UnavailableReason } from '@district/domain';
import { createCache, type CacheOptions } from './create-cache.ts';
import { MemoryStore } from './memory-store.ts';
import type { TwoTierCache } from './two-tier-cache.ts';

/**
 * Set-up shared by the cache tests: each scenario runs against the in-process store and, when
 * REDIS_URL is set, against real Redis. With REDIS_URL set, an unreachable Redis fails the tests
 * (CI must not go green on the in-process half alone), so nothing here skips on a failed connect.
 */
export const REDIS_URL = process.env.REDIS_URL || undefined;

/** Unique per run, so parallel runs and deployments sharing a Redis never collide. */
export const RUN_PREFIX = `t:${process.pid}:${Date.now()}`;
let worlds = 0;
let unreachable: Error | undefined;

/** A clock the test moves by hand: ages and expiry without waiting. */
export function fakeClock(start = Date.UTC(2026, 0, 5, 2, 42)) {
  const clock = { t: start, now: () => clock.t, advance: (ms: number) => void (clock.t += ms) };
  return clock;
}

/** Instances sharing one store: caches over one MemoryStore, or caches with their own connections to one Redis prefix. */
export interface World {
  name: 'in-process' | 'redis';
  clock: ReturnType<typeof fakeClock>;
  /** A new instance (its own in-process tier); resolves once its store is ready. */
  instance(options?: Partial<CacheOptions>): Promise<TwoTierCache>;
  close(): Promise<void>;
}

export const WORLD_KINDS: Array<World['name']> = REDIS_URL ? ['in-process', 'redis'] : ['in-process'];

export function openWorld(name: World['name']): World {
  const clock = fakeClock();
  const prefix = `${RUN_PREFIX}:${++worlds}`;
  const shared = name === 'in-process' ? new MemoryStore({ now: clock.now }) : undefined;
  const caches: TwoTierCache[] = [];
  return {
    name,
    clock,
    async instance(options = {}) {
      const cache = createCache({ prefix, now: clock.now, ...(shared ? { store: shared } : { redisUrl: REDIS_URL }), ...options });
      caches.push(cache);
      if (name === 'redis' && unreachable) throw unreachable; // fail every Redis test, but wait only once
      try {
        await cache.ready(3_000);
      } catch (error) {
        unreachable = error as Error;
        throw error;
      }
      return cache;
    },
    async close() {
      await Promise.all(caches.map((c) => c.close()));
      await shared?.close();
    },
  };
}

/** A plain connection for looking inside Redis; it connects once or fails, never retries in the background. */
export async function adminClient(): Promise<Redis> {
  const redis = new Redis(REDIS_URL!, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {}); // connect() rejects with the same error
  await redis.connect();
  return redis;
}

/** Deletes every key this run wrote (SCAN, not KEYS: never block a shared Redis). */
export async function cleanRedis(prefix = RUN_PREFIX): Promise<void> {
  if (!REDIS_URL) return;
  const redis = await adminClient();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * A department stand-in behind a loader: records every call, can be made to fail or to hold its
 * answer until released (to keep a load in flight).
 */
export function fakeDepartment<V>(records: Record<string, V>) {
  const dept = {
    records,
    calls: [] as string[][],
    failure: undefined as UnavailableReason | undefined,
    gate: undefined as Promise<void> | undefined,
    hold() {
      let release!: () => void;
      dept.gate = new Promise<void>((r) => (release = r));
      return () => {
        dept.gate = undefined;
        release();
      };
    },
    fetch: async (keys: string[]): Promise<Map<string, V | null>> => {
      dept.calls.push([...keys]);
      const snapshot = { ...dept.records };
      await dept.gate;
      if (dept.failure) throw new DepartmentUnavailableError('TAX', dept.failure);
      return new Map(keys.filter((k) => k in snapshot).map((k) => [k, snapshot[k]]));
    },
    fetchOne: async (key: string): Promise<V | null> => (await dept.fetch([key])).get(key) ?? null,
  };
  return dept;
}
