import { afterAll, describe, expect, it } from 'vitest';
import { createCache } from './create-cache.ts';
import type { CachePolicy } from './entry.ts';
import { MemoryStore } from './memory-store.ts';
import { adminClient, cleanRedis, fakeClock, fakeDepartment, REDIS_URL, RUN_PREFIX } from './test-kit.ts';

const policy: CachePolicy = { ttlMs: 60_000, staleIfErrorMs: 600_000 };

afterAll(() => cleanRedis());

describe('when Redis is down', () => {
  it('reads go through to the department, counted and without delay', async () => {
    // Port 1 refuses at once: the cache must not queue, retry or wait for a connection.
    const cache = createCache({ redisUrl: 'redis://127.0.0.1:1', prefix: `${RUN_PREFIX}:down` });
    const tax = fakeDepartment({ A: 'graded' });
    const started = Date.now();
    try {
      expect(await cache.load('creditGrade', 'A', tax.fetchOne, policy)).toEqual({ value: 'graded' });
      await cache.invalidate('creditGrade', ['A']);
      expect(await cache.load('creditGrade', 'A', tax.fetchOne, policy)).toEqual({ value: 'graded' });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(cache.counters.errors).toBeGreaterThanOrEqual(3);
      expect(cache.store.kind).toBe('redis');
      await expect(cache.ready(100)).rejects.toThrow(/not ready within 100 ms/);
    } finally {
      await cache.close();
    }
  });

  it('retries a failed invalidation once the store answers again', async () => {
    class FlakyStore extends MemoryStore {
      down = false;
      override async mget(ids: readonly string[]) {
        if (this.down) throw new Error('connection refused');
        return super.mget(ids);
      }
      override async invalidate(ids: readonly string[], origin: string) {
        if (this.down) throw new Error('connection refused');
        return super.invalidate(ids, origin);
      }
    }
    const store = new FlakyStore();
    const [a, b] = [createCache({ prefix: 'flaky', store }), createCache({ prefix: 'flaky', store })];
    const tax = fakeDepartment({ A: 'owes 100' });
    await a.load('arrears', 'A', tax.fetchOne, policy);
    store.down = true;
    tax.records.A = 'paid';
    await a.invalidate('arrears', ['A']); // lost for now: the shared copy stays
    store.down = false;
    // a retries the delete before its next read; the broadcast that follows reaches b too.
    expect(await a.load('arrears', 'A', tax.fetchOne, policy)).toEqual({ value: 'paid' });
    expect(await b.load('arrears', 'A', tax.fetchOne, policy)).toEqual({ value: 'paid' });
    expect(tax.calls).toHaveLength(2);
    expect(a.counters.errors).toBe(1);
    await Promise.all([a.close(), b.close(), store.close()]);
  });
});

describe.runIf(REDIS_URL)('the Redis store', () => {
  it('keeps each entry under its prefix for its freshness plus its stale window', async () => {
    const prefix = `${RUN_PREFIX}:keep`;
    const cache = createCache({ redisUrl: REDIS_URL, prefix });
    try {
      await cache.ready(3_000);
      const redis = await adminClient();
      await cache.load('arrears', '91370212MA3C12346X', async () => ({ owed: '0.00' }), policy);
      const key = `${prefix}:arrears:91370212MA3C12346X`;
      expect(JSON.parse((await redis.get(key))!)).toMatchObject({ v: { owed: '0.00' }, at: expect.any(Number) });
      const pttl = await redis.pttl(key);
      expect(pttl).toBeGreaterThan(590_000);
      expect(pttl).toBeLessThanOrEqual(600_000);
      redis.disconnect();
    } finally {
      await cache.close();
    }
  });

  it('never shows one prefix’s entries or invalidations to another', async () => {
    const clock = fakeClock();
    const one = createCache({ redisUrl: REDIS_URL, prefix: `${RUN_PREFIX}:one`, now: clock.now });
    const two = createCache({ redisUrl: REDIS_URL, prefix: `${RUN_PREFIX}:two`, now: clock.now });
    try {
      await Promise.all([one.ready(3_000), two.ready(3_000)]);
      const tax = fakeDepartment({ A: 'graded' });
      await one.load('creditGrade', 'A', tax.fetchOne, policy);
      await two.load('creditGrade', 'A', tax.fetchOne, policy);
      await one.invalidate('creditGrade', ['A']);
      await new Promise((r) => setTimeout(r, 50));
      expect(tax.calls).toHaveLength(2);
      expect(two.counters.invalidationsReceived).toBe(0);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
