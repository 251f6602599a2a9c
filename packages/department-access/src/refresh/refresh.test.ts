import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@district/runtime';
import { createCache, type CachePolicy, type TwoTierCache } from '../cache/index.ts';
import { cleanRedis, fakeClock, REDIS_URL, RUN_PREFIX } from '../cache/test-kit.ts';
import { DepartmentReads } from '../department-reads.ts';
import { FreshnessReport } from '../freshness.ts';
import { DepartmentResilience } from '../resilience.ts';
import { BackendTransport } from '../transport.ts';
import { inRefreshLane, RefreshBudget } from './budget.ts';
import { alwaysHeld, RedisLease } from './lease.ts';
import { MemoryReadLog, RedisReadLog } from './read-log.ts';
import { CacheRefresher, isDue, type WarmRead } from './refresher.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const logger = createLogger('test', 'silent');
const POLICY: CachePolicy = { ttlMs: 4 * MINUTE, staleIfErrorMs: HOUR };

afterAll(() => cleanRedis());

describe('the refresh budget', () => {
  it('spaces calls evenly, so no one-second window holds more than the budget', async () => {
    const clock = fakeClock(0);
    const budget = new RefreshBudget(5, clock.now, async (ms) => clock.advance(ms));
    const at: number[] = [];
    for (let i = 0; i < 12; i++) {
      await budget.take();
      at.push(clock.now());
    }
    expect(at).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2200]);
    for (const start of at) expect(at.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(5);
  });

  it('lets the next call go at once after an idle spell, without saving up a burst', async () => {
    const clock = fakeClock(0);
    const budget = new RefreshBudget(2, clock.now, async (ms) => clock.advance(ms));
    await budget.take();
    clock.advance(10_000);
    const at: number[] = [];
    for (let i = 0; i < 3; i++) {
      await budget.take();
      at.push(clock.now());
    }
    expect(at).toEqual([10_000, 10_500, 11_000]);
  });

  it('refuses a budget that is not more than zero', () => {
    expect(() => new RefreshBudget(0)).toThrow(/perSecond > 0/);
  });
});

describe('the refresh lane at the transport', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('paces the department calls of a refresh, and leaves a user\'s calls unpaced', async () => {
    const seen: number[] = [];
    server = createServer((_, res) => { seen.push(Date.now()); res.end('{}'); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = new BackendTransport({ department: 'TAX', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 5_000, maxConcurrent: 8 });
    try {
      const call = () => transport.request({ method: 'GET', path: '/' });
      const budget = new RefreshBudget(20); // one call every 50 ms
      // A user's calls, beside a refresh lane that exists: none of them takes a turn of the budget.
      // (Counted, not timed: on a loaded machine 8 local calls can take longer than 350 ms.)
      await Promise.all(Array.from({ length: 8 }, call));
      expect(budget.granted).toBe(0);
      const started = performance.now();
      await inRefreshLane(budget, () => Promise.all(Array.from({ length: 8 }, call)));
      const paced = performance.now() - started;
      expect(budget.granted).toBe(8);
      expect(paced).toBeGreaterThanOrEqual(7 * 50 - 5);
      const refreshCalls = seen.slice(8);
      for (const t of refreshCalls) expect(refreshCalls.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(20);
    } finally {
      await transport.close();
    }
  });
});

describe('the working set', () => {
  it('lists the most recently read first, a key read again moving ahead', async () => {
    const clock = fakeClock();
    const log = new MemoryReadLog(100, clock.now);
    for (const key of ['A', 'B', 'C']) {
      log.note([key]);
      clock.advance(1_000);
    }
    log.note(['A']);
    expect(await log.recent(10, HOUR)).toEqual(['A', 'C', 'B']);
    expect(await log.recent(2, HOUR)).toEqual(['A', 'C']);
  });

  it('forgets keys not read within the keeping time, and beyond its size the least recently read', async () => {
    const clock = fakeClock();
    const log = new MemoryReadLog(3, clock.now);
    log.note(['old']);
    clock.advance(2 * HOUR);
    log.note(['A', 'B', 'C']);
    expect(await log.recent(10, HOUR)).toEqual(['C', 'B', 'A']);
    log.note(['D']);
    expect(await log.recent(10, 3 * HOUR)).toEqual(['D', 'C', 'B']);
  });
});

/** A department answering every key with `<key>@<call number>`, recording each call's keys. */
function department() {
  const dept = {
    calls: [] as string[][],
    fetch: async (missing: string[]) => {
      dept.calls.push([...missing]);
      return new Map(missing.map((k) => [k, `${k}@${dept.calls.length}`]));
    },
  };
  return dept;
}

describe('the refresher', () => {
  const caches: TwoTierCache[] = [];
  afterEach(async () => { await Promise.all(caches.splice(0).map((c) => c.close())); });

  function setUp(options: { perSecond?: number; batchSize?: number } = {}) {
    const clock = fakeClock();
    const cache = createCache({ prefix: `${RUN_PREFIX}:refresher:${caches.length}`, logger, now: clock.now });
    caches.push(cache);
    const reads = new DepartmentReads('MEDICAL_INSURANCE', cache, new DepartmentResilience('MEDICAL_INSURANCE', { retries: 0, retryBaseMs: 1, retryMaxMs: 1, breakerThreshold: 5, breakerHalfOpenMs: 50, retryTimeouts: false }), { employer: POLICY });
    const dept = department();
    const log = new MemoryReadLog(1_000, clock.now);
    reads.watch('employer', log);
    const read = (keys: string[], freshness?: FreshnessReport) => reads.batch<string>('employer', keys, dept.fetch, freshness);
    const warm: WarmRead = { kind: 'employer', batchSize: options.batchSize ?? 1, refresh: (keys) => read(keys, new FreshnessReport({ fresh: true })) };
    const refresher = new CacheRefresher({
      department: 'MEDICAL_INSURANCE', reads, warm: [{ ...warm, log }], budget: new RefreshBudget(options.perSecond ?? 100), lease: alwaysHeld,
      logger, keepMs: HOUR, parallel: 1, now: clock.now,
    });
    // round() is what the loop runs; the tests drive it by hand, on the fake clock.
    (refresher as unknown as { running: boolean }).running = true;
    return { clock, dept, read, refresher, log };
  }

  it('reads again, most recently read first, the records past three quarters of their time to live', async () => {
    const { clock, dept, read, refresher } = setUp();
    for (const key of ['A', 'B', 'C']) {
      await read([key]);
      clock.advance(MINUTE);
    }
    await read(['A']); // from the cache, and now the most recently read
    dept.calls.length = 0;
    // A and B were written 3 and 2 minutes ago: B is not due yet (3 of 4 minutes is the mark).
    await refresher.round();
    expect(dept.calls).toEqual([['A']]);
    clock.advance(MINUTE);
    await refresher.round();
    expect(dept.calls).toEqual([['A'], ['B']]);
    clock.advance(MINUTE);
    dept.calls.length = 0;
    await refresher.round();
    expect(dept.calls).toEqual([['C']]);
  });

  it('answers a read after the time to live from what it refreshed, without a department call', async () => {
    const { clock, dept, read, refresher } = setUp();
    await read(['A', 'B']);
    clock.advance(3.5 * MINUTE);
    await refresher.round();
    clock.advance(MINUTE); // 4.5 minutes after the first read: past its TTL
    dept.calls.length = 0;
    expect(await read(['A', 'B'])).toEqual(['A@3', 'B@2']); // read together, B listed first (the later of a tie)
    expect(dept.calls).toEqual([]);
  });

  it('refreshes in chunks of the department\'s batch size, the most recent chunk first', async () => {
    const { clock, dept, read, refresher } = setUp({ batchSize: 2 });
    for (const key of ['A', 'B', 'C', 'D', 'E']) await read([key]);
    clock.advance(3.5 * MINUTE);
    dept.calls.length = 0;
    await refresher.round();
    expect(dept.calls).toEqual([['E', 'D'], ['C', 'B'], ['A']]);
  });

  it('shows how fresh an answer from the cache is: when the oldest copy it was served was read', async () => {
    const { clock, read } = setUp();
    const first = new FreshnessReport();
    await read(['A'], first);
    expect(first.servedFromCache).toEqual([]); // read from the department for this answer
    const readAt = clock.now();
    clock.advance(MINUTE);
    await read(['B']);
    const second = new FreshnessReport();
    await read(['A', 'B'], second);
    expect(second.servedFromCache).toEqual([{ department: 'MEDICAL_INSURANCE', asOf: new Date(readAt).toISOString(), ageSeconds: expect.any(Number) }]);
  });

  it('takes about two seconds of budget a round, then looks at the order again', async () => {
    const { clock, dept, read, refresher } = setUp({ perSecond: 2 });
    for (const key of ['A', 'B', 'C', 'D', 'E', 'F']) await read([key]);
    clock.advance(3.5 * MINUTE);
    dept.calls.length = 0;
    await refresher.round();
    expect(dept.calls).toEqual([['F'], ['E'], ['D'], ['C']]);
  });

  it('does not count its own reads, nor a fresh read, as reads of the working set', async () => {
    const { read, log } = setUp();
    await read(['A'], new FreshnessReport({ fresh: true }));
    expect(await log.recent(10, HOUR)).toEqual([]);
  });

  it('refreshes nothing on an instance that does not hold the lease', async () => {
    const { clock, dept, read, refresher } = setUp();
    await read(['A']);
    clock.advance(3.5 * MINUTE);
    dept.calls.length = 0;
    (refresher as unknown as { o: { lease: unknown } }).o.lease = { holds: async () => false, release: async () => undefined };
    await refresher.round();
    expect(dept.calls).toEqual([]);
  });

  it('counts a missing record as due, a "not found" by its own shorter time to live', () => {
    const policy: CachePolicy = { ttlMs: 4 * MINUTE, staleIfErrorMs: HOUR, negativeTtlMs: MINUTE };
    expect(isDue(undefined, policy, 0, 0.75)).toBe(true);
    expect(isDue({ value: null, writtenAt: 0 }, policy, 45_000, 0.75)).toBe(true);
    expect(isDue({ value: 'x', writtenAt: 0 }, policy, 45_000, 0.75)).toBe(false);
  });
});

const withRedis = REDIS_URL ? describe : describe.skip;

withRedis('the refresher across instances sharing Redis', () => {
  const clients: Redis[] = [];
  afterAll(() => { for (const c of clients) c.disconnect(); });
  const client = () => {
    const c = new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };

  it('gives the lease to one instance at a time, and to another once the holder lets go', async () => {
    const key = `${RUN_PREFIX}:lease`;
    const a = new RedisLease(client(), key, 'a', 5_000);
    const b = new RedisLease(client(), key, 'b', 5_000);
    expect(await a.holds()).toBe(true);
    expect(await b.holds()).toBe(false);
    expect(await a.holds()).toBe(true);
    await a.release();
    expect(await b.holds()).toBe(true);
    expect(await a.holds()).toBe(false);
  });

  it('hands the lease over when its holder stops renewing it', async () => {
    const key = `${RUN_PREFIX}:lease-expiring`;
    const a = new RedisLease(client(), key, 'a', 150);
    const b = new RedisLease(client(), key, 'b', 150);
    expect(await a.holds()).toBe(true);
    expect(await b.holds()).toBe(false);
    await new Promise((r) => setTimeout(r, 250));
    expect(await b.holds()).toBe(true);
  });

  it('shares one working set: what any instance read, most recently read first', async () => {
    const key = `${RUN_PREFIX}:reads`;
    const clock = fakeClock();
    const a = new RedisReadLog(client(), key, 100, 60_000, clock.now);
    const b = new RedisReadLog(client(), key, 100, 60_000, clock.now);
    a.note(['A']);
    clock.advance(1_000);
    b.note(['B']);
    clock.advance(1_000);
    a.note(['A2']);
    await b.flush();
    expect(await a.recent(10, HOUR)).toEqual(['A2', 'B', 'A']);
    await a.close();
    await b.close();
  });
});
