import DataLoader from 'dataloader';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import { POLL } from '@district/runtime/polling';
import type { CachePolicy, CacheResult } from './entry.ts';
import { cleanRedis, fakeDepartment, openWorld, WORLD_KINDS, type World } from './test-kit.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const creditGrade: CachePolicy = { ttlMs: DAY, staleIfErrorMs: 7 * DAY };
const arrears: CachePolicy = { ttlMs: 5 * MINUTE, staleIfErrorMs: 60 * MINUTE, negativeTtlMs: MINUTE };

afterAll(() => cleanRedis());

describe.each(WORLD_KINDS)('two-tier cache over the %s store', (kind) => {
  let world: World;
  beforeEach(() => void (world = openWorld(kind)));
  afterEach(() => world.close());

  it('answers a second read from the cache without calling the department', async () => {
    const cache = await world.instance();
    const tax = fakeDepartment({ A: { grade: 'A' } });
    expect(await cache.load('creditGrade', 'A', tax.fetchOne, creditGrade)).toEqual({ value: { grade: 'A' } });
    expect(await cache.load('creditGrade', 'A', tax.fetchOne, creditGrade)).toEqual({ value: { grade: 'A' } });
    expect(tax.calls).toHaveLength(1);
    expect(cache.counters).toMatchObject({ misses: 1, hits: 1, localHits: 1, loads: 1 });
  });

  it('asks again once a record outlives its kind’s time to live, while longer-lived kinds stay cached', async () => {
    const cache = await world.instance();
    const tax = fakeDepartment({ A: 'value' });
    await cache.load('creditGrade', 'A', tax.fetchOne, creditGrade);
    await cache.load('arrears', 'A', tax.fetchOne, arrears);
    world.clock.advance(5 * MINUTE);
    await cache.load('creditGrade', 'A', tax.fetchOne, creditGrade);
    await cache.load('arrears', 'A', tax.fetchOne, arrears);
    expect(tax.calls).toEqual([['A'], ['A'], ['A']]);
  });

  it('makes one department call for ten concurrent misses of one key', async () => {
    const cache = await world.instance();
    const tax = fakeDepartment({ A: 1 });
    const release = tax.hold();
    const loads = Array.from({ length: 10 }, () => cache.load('arrears', 'A', tax.fetchOne, arrears));
    release();
    expect(await Promise.all(loads)).toEqual(Array(10).fill({ value: 1 }));
    expect(tax.calls).toHaveLength(1);
    expect(cache.counters.coalesced).toBe(9);
  });

  it('serves a DataLoader batch of 100 keys with one store read and one department call for the misses only', async () => {
    const records = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`E${i}`, { n: i }]));
    const tax = fakeDepartment(records);
    const warm = await world.instance();
    await warm.loadMany('taxpayer', ['E0', 'E1', 'E2'], tax.fetch, arrears);
    const cache = await world.instance();
    const mget = vi.spyOn(cache.store, 'mget');
    const loader = new DataLoader<string, CacheResult<{ n: number }>>((keys) => cache.loadMany('taxpayer', keys, tax.fetch, arrears));
    const answers = await Promise.all(Object.keys(records).map((k) => loader.load(k)));
    expect(answers.map((a) => a.value?.n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(mget).toHaveBeenCalledTimes(1);
    expect(tax.calls).toHaveLength(2);
    expect(tax.calls[1]).toEqual(Object.keys(records).slice(3));
  });

  it('shares a record one instance cached with another, which then needs no department call', async () => {
    const [a, b] = [await world.instance(), await world.instance()];
    const tax = fakeDepartment({ A: 'graded' });
    await a.load('creditGrade', 'A', tax.fetchOne, creditGrade);
    expect(await b.load('creditGrade', 'A', tax.fetchOne, creditGrade)).toEqual({ value: 'graded' });
    expect(tax.calls).toHaveLength(1);
    expect(b.counters.sharedHits).toBe(1);
  });

  it('drops every instance’s in-process copy when one instance invalidates after a write', async () => {
    const [a, b] = [await world.instance(), await world.instance()];
    const tax = fakeDepartment({ A: 'owes 100' });
    await a.load('arrears', 'A', tax.fetchOne, arrears);
    await b.load('arrears', 'A', tax.fetchOne, arrears); // now in b's in-process tier
    tax.records.A = 'paid';
    await a.invalidate('arrears', ['A']);
    expect(await a.load('arrears', 'A', tax.fetchOne, arrears)).toEqual({ value: 'paid' });
    // The clock stands still, so only the invalidation message can clear b's copy.
    await vi.waitFor(async () => expect(await b.load('arrears', 'A', tax.fetchOne, arrears)).toEqual({ value: 'paid' }), POLL);
    expect(b.counters.invalidationsReceived).toBe(1);
  });

  it('does not cache a load that was in flight when its record was invalidated', async () => {
    const cache = await world.instance();
    const tax = fakeDepartment({ A: 'before' });
    const release = tax.hold();
    const early = cache.load('arrears', 'A', tax.fetchOne, arrears);
    await vi.waitFor(() => expect(tax.calls).toHaveLength(1), POLL);
    tax.records.A = 'after';
    await cache.invalidate('arrears', ['A']);
    const late = cache.load('arrears', 'A', tax.fetchOne, arrears); // must not join the early load
    release();
    expect(await early).toEqual({ value: 'before' });
    expect(await late).toEqual({ value: 'after' });
    expect(await cache.load('arrears', 'A', tax.fetchOne, arrears)).toEqual({ value: 'after' });
    expect(tax.calls).toHaveLength(2);
  });

  it('serves a stale copy marked with its age and the department’s reason when the department is unavailable', async () => {
    const cache = await world.instance();
    const tax = fakeDepartment({ A: 'owes 100', B: 'owes 0' });
    await cache.loadMany('arrears', ['A', 'B'], tax.fetch, arrears);
    world.clock.advance(42 * MINUTE);
    tax.failure = 'TIMEOUT';
    const [a, c] = await cache.loadMany('arrears', ['A', 'C'], tax.fetch, arrears);
    expect(a).toEqual({ value: 'owes 100', stale: { ageMs: 42 * MINUTE, writtenAt: world.clock.t - 42 * MINUTE, reason: 'TIMEOUT', department: 'TAX' } });
    expect(c).toBeInstanceOf(DepartmentUnavailableError);
    expect(cache.counters).toMatchObject({ staleServed: 1, loadErrors: 1 });
  });

  it('passes the department’s error on when no copy is young enough to serve', async () => {
    const cache = await world.instance();
    const tax = fakeDepartment({ A: 'owes 100' });
    await cache.load('arrears', 'A', tax.fetchOne, arrears);
    world.clock.advance(61 * MINUTE);
    tax.failure = 'OUTAGE';
    await expect(cache.load('arrears', 'A', tax.fetchOne, arrears)).rejects.toMatchObject({ reason: 'OUTAGE', extensions: { code: 'DEPARTMENT_UNAVAILABLE' } });
  });

  it('never hides a business refusal behind a stale copy', async () => {
    const cache = await world.instance();
    const tax = fakeDepartment({ A: 'owes 100' });
    await cache.load('arrears', 'A', tax.fetchOne, arrears);
    world.clock.advance(6 * MINUTE);
    const refusal = new DepartmentRejectedError('TAX', '纳税人状态异常');
    await expect(cache.load('arrears', 'A', () => Promise.reject(refusal), arrears)).rejects.toBe(refusal);
  });

  it('caches "not found" too, for the policy’s negative time to live', async () => {
    const cache = await world.instance();
    const tax = fakeDepartment<string>({});
    expect(await cache.load('arrears', 'X', tax.fetchOne, arrears)).toEqual({ value: null });
    expect(await cache.load('arrears', 'X', tax.fetchOne, arrears)).toEqual({ value: null });
    expect(tax.calls).toHaveLength(1);
    world.clock.advance(MINUTE);
    await cache.load('arrears', 'X', tax.fetchOne, arrears);
    expect(tax.calls).toHaveLength(2);
  });

  it('answers a key the loader maps to an Error with that error, and caches nothing for it', async () => {
    const cache = await world.instance();
    const malformed = new DepartmentUnavailableError('TAX', 'BAD_RESPONSE');
    const calls: string[][] = [];
    const fetch = async (keys: string[]) => (calls.push(keys), new Map<string, string | Error>(keys.map((k) => [k, k === 'B' ? malformed : `${k}-value`])));
    const [a, b] = await cache.loadMany('taxpayer', ['A', 'B'], fetch, arrears);
    expect(a).toEqual({ value: 'A-value' });
    expect(b).toBe(malformed);
    await cache.loadMany('taxpayer', ['A', 'B'], fetch, arrears);
    expect(calls).toEqual([['A', 'B'], ['B']]);
  });

  it('hands out frozen JSON copies, so one caller’s edit cannot reach the next', async () => {
    const cache = await world.instance();
    const when = new Date(Date.UTC(2026, 0, 5));
    const { value } = await cache.load('taxpayer', 'A', async () => ({ since: when, tags: ['x'] }), arrears);
    expect(value).toEqual({ since: '2026-01-05T00:00:00.000Z', tags: ['x'] });
    expect(() => (value as { tags: string[] }).tags.push('y')).toThrow(TypeError);
  });

  it('reads fresh past both tiers when asked to, caching the answer for ordinary reads', async () => {
    const [a, b] = [await world.instance(), await world.instance()];
    const registry = fakeDepartment({ N: 'free' });
    await a.load('search', 'N', registry.fetchOne, arrears);
    await b.load('search', 'N', registry.fetchOne, arrears); // in both tiers now
    registry.records.N = 'taken';
    expect(await b.load('search', 'N', registry.fetchOne, arrears)).toEqual({ value: 'free' });
    expect(await b.load('search', 'N', registry.fetchOne, arrears, { fresh: true })).toEqual({ value: 'taken' });
    expect(registry.calls).toHaveLength(2);
    expect(b.counters.bypassed).toBe(1);
    // What the fresh read found is what the next ordinary reads get, here and elsewhere.
    expect(await b.load('search', 'N', registry.fetchOne, arrears)).toEqual({ value: 'taken' });
    expect(await (await world.instance()).load('search', 'N', registry.fetchOne, arrears)).toEqual({ value: 'taken' });
    expect(registry.calls).toHaveLength(2);
  });

  it('makes one call for concurrent fresh reads of a key, and never answers one from an ordinary flight', async () => {
    const cache = await world.instance();
    const registry = fakeDepartment({ N: 'free' });
    await cache.load('search', 'N', registry.fetchOne, arrears);
    registry.records.N = 'taken';
    const release = registry.hold();
    const fresh = Array.from({ length: 5 }, () => cache.load('search', 'N', registry.fetchOne, arrears, { fresh: true }));
    const ordinary = cache.load('search', 'N', registry.fetchOne, arrears);
    release();
    expect(await Promise.all(fresh)).toEqual(Array(5).fill({ value: 'taken' }));
    expect(await ordinary).toEqual({ value: 'free' });
    expect(registry.calls).toHaveLength(2);
  });

  it('serves no stale copy to a fresh read when the department fails', async () => {
    const cache = await world.instance();
    const registry = fakeDepartment({ N: 'free' });
    await cache.load('search', 'N', registry.fetchOne, arrears);
    registry.failure = 'OUTAGE';
    world.clock.advance(10 * MINUTE);
    await expect(cache.load('search', 'N', registry.fetchOne, arrears)).resolves.toMatchObject({ value: 'free', stale: { reason: 'OUTAGE' } });
    await expect(cache.load('search', 'N', registry.fetchOne, arrears, { fresh: true })).rejects.toBeInstanceOf(DepartmentUnavailableError);
  });
});

describe('stale-if-error when the shared store fails too', () => {
  it('serves the in-process copy, past its TTL, when both the department and the store fail', async () => {
    const { MemoryStore } = await import('./memory-store.ts');
    const { TwoTierCache } = await import('./two-tier-cache.ts');
    let t = Date.UTC(2026, 0, 5);
    const store = new MemoryStore({ now: () => t });
    const logger = { info() {}, warn() {}, error() {}, debug() {} } as any;
    const cache = new TwoTierCache({ store, ownsStore: true, logger, now: () => t, localTtlMs: 5_000 });
    const short: CachePolicy = { ttlMs: 1_000, staleIfErrorMs: MINUTE };
    const tax = fakeDepartment({ A: 'owes 100' });
    await cache.load('arrears', 'A', tax.fetchOne, short);
    t += 2_000;
    tax.failure = 'OUTAGE';
    vi.spyOn(store, 'mget').mockRejectedValue(new Error('store unreachable'));
    const answer = await cache.load('arrears', 'A', tax.fetchOne, short);
    expect(answer).toMatchObject({ value: 'owes 100', stale: { ageMs: 2_000, reason: 'OUTAGE' } });
    await cache.close();
  });
});
