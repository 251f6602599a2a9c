import { afterAll, describe, expect, it } from 'vitest';
import { buildUscc, DepartmentUnavailableError } from '@district/domain';
import { createCache, DepartmentReads, DepartmentResilience, FreshnessReport, type TwoTierCache } from '@district/department-access';
import { createLogger } from '@district/runtime';
import { MARKET_CACHE_POLICIES } from './cache-policy.ts';
import type { MarketEnterprise, RegistryList } from './domain.ts';
import { listOf, RegistryLoader } from './registry-loader.ts';

/** A fake registry that records each batch call: which USCCs and which lists. */
function fakeAdapter(unknown: string[] = []) {
  const calls: { usccs: string[]; lists: RegistryList[] }[] = [];
  const fake = {
    calls,
    /** When set, every call fails with it (after being counted). */
    failure: undefined as Error | undefined,
    async getEnterprises(usccs: readonly string[], lists: readonly RegistryList[] = []) {
      calls.push({ usccs: [...usccs], lists: [...lists].sort() });
      await new Promise((r) => setTimeout(r, 1));
      if (fake.failure) throw fake.failure;
      const found = new Map<string, MarketEnterprise>();
      for (const uscc of usccs) {
        if (unknown.includes(uscc)) continue;
        found.set(uscc, { uscc, name: `name of ${uscc}`, ...Object.fromEntries(lists.map((l) => [l, []])) } as unknown as MarketEnterprise);
      }
      return found;
    },
  };
  return fake;
}
const usccs = (n: number) => Array.from({ length: n }, (_, i) => buildUscc('9', '1', '370212', `MA${String(i).padStart(6, '0')}`));

const logger = createLogger('market-loader-test', 'silent');
const settings = { retries: 0, retryBaseMs: 1, retryMaxMs: 2, breakerThreshold: 100, breakerHalfOpenMs: 50, retryTimeouts: false };
const resilience = () => new DepartmentResilience('MARKET', settings);
/** The uncached path (CACHE_ENABLED=false): what batching alone does. */
const uncached = () => new DepartmentReads('MARKET', null, resilience(), MARKET_CACHE_POLICIES);

const caches: TwoTierCache[] = [];
afterAll(() => Promise.all(caches.map((c) => c.close())));
let worlds = 0;
/** One process's reads with a cache: Redis when the run has REDIS_URL, in-process otherwise. */
async function cached() {
  const cache = createCache({ prefix: `t:${process.pid}:${Date.now()}:loaders:${++worlds}`, redisUrl: process.env.REDIS_URL || undefined, logger });
  caches.push(cache);
  await cache.ready(2_000);
  return new DepartmentReads('MARKET', cache, resilience(), MARKET_CACHE_POLICIES);
}
/** A request's loader over a process's reads. */
const request = (adapter: ReturnType<typeof fakeAdapter>, reads: DepartmentReads, freshness?: FreshnessReport) => new RegistryLoader({ adapter, reads, freshness });

describe('registry loader batching', () => {
  it('asks for 250 enterprises in 3 calls of at most 100', async () => {
    const adapter = fakeAdapter();
    const loader = request(adapter, uncached());
    await Promise.all(usccs(250).map((u) => loader.load(u)));
    expect(adapter.calls.map((c) => c.usccs.length)).toEqual([100, 100, 50]);
  });

  it('fetches everything asked for one enterprise in the same tick in one call, the lists united', async () => {
    const adapter = fakeAdapter();
    const loader = request(adapter, uncached());
    const [u] = usccs(2).slice(1);
    const [a, b, c] = await Promise.all([loader.load(u), loader.load(u, ['changes']), loader.load(u, ['annualReports', 'abnormalEntries'])]);
    expect(adapter.calls).toEqual([{ usccs: [u], lists: ['abnormalEntries', 'annualReports', 'changes'] }]);
    expect(a).toBe(b);
    expect(c).toHaveProperty('annualReports');
  });

  it('fetches again only for a list it was not fetched with, keeping the lists it had', async () => {
    const adapter = fakeAdapter();
    const loader = request(adapter, uncached());
    const u = usccs(2)[1];
    await loader.load(u, ['changes']);
    await loader.load(u, ['changes']);
    await loader.load(u);
    expect(adapter.calls).toHaveLength(1);
    expect(await loader.load(u, ['branches'])).toHaveProperty('changes');
    expect(adapter.calls[1]).toEqual({ usccs: [u], lists: ['branches', 'changes'] });
  });

  it('answers primed records without a call until a list is needed, and null for unknown USCCs', async () => {
    const [unknown, known] = usccs(2);
    const adapter = fakeAdapter([unknown]);
    const loader = request(adapter, uncached());
    loader.prime({ uscc: known } as MarketEnterprise);
    expect(await loader.load(known)).toEqual({ uscc: known });
    expect(adapter.calls).toHaveLength(0);
    expect(await loader.load(unknown)).toBeNull();
    await loader.load(known, ['changes']);
    expect(adapter.calls.map((c) => c.usccs)).toEqual([[unknown], [known]]);
  });

  it('answers a malformed USCC with null without asking the registry or the cache', async () => {
    const adapter = fakeAdapter();
    const loader = request(adapter, await cached());
    expect(await loader.load('91370212MA3C12346Y', ['changes'])).toBeNull();
    expect(adapter.calls).toHaveLength(0);
  });
});

describe('registry loader over the cache', () => {
  it('answers a later request from the cache, record and lists, without a call', async () => {
    const adapter = fakeAdapter();
    const reads = await cached();
    const [u] = usccs(1);
    const first = await request(adapter, reads).load(u, ['changes', 'annualReports']);
    const again = await request(adapter, reads).load(u, ['changes']);
    expect(adapter.calls).toHaveLength(1);
    expect(again).toEqual({ uscc: u, name: `name of ${u}`, changes: [] });
    expect(first).toMatchObject({ changes: [], annualReports: [] });
  });

  it('fetches only what is missing from the cache, for every enterprise of a batch in one call', async () => {
    const adapter = fakeAdapter();
    const reads = await cached();
    const [u1, u2, u3] = usccs(3);
    await request(adapter, reads).load(u1, ['changes']);
    const loader = request(adapter, reads);
    await Promise.all([loader.load(u1, ['changes', 'branches']), loader.load(u2), loader.load(u3, ['changes'])]);
    expect(adapter.calls.slice(1)).toEqual([{ usccs: [u1, u2, u3], lists: ['branches', 'changes'] }]);
  });

  it('remembers that the registry does not know a USCC, without asking again', async () => {
    const [unknown] = usccs(1);
    const adapter = fakeAdapter([unknown]);
    const reads = await cached();
    expect(await request(adapter, reads).load(unknown, ['changes'])).toBeNull();
    expect(await request(adapter, reads).load(unknown, ['changes'])).toBeNull();
    expect(await request(adapter, reads).load(unknown)).toBeNull();
    expect(adapter.calls).toHaveLength(1);
  });

  it('makes one call for two requests missing the same enterprise at the same time', async () => {
    const adapter = fakeAdapter();
    const reads = await cached();
    const [u] = usccs(1);
    const [a, b] = await Promise.all([request(adapter, reads).load(u, ['changes']), request(adapter, reads).load(u, ['changes'])]);
    expect(adapter.calls).toHaveLength(1);
    expect(a).toEqual(b);
  });

  it('nulls only a list it could not read when the registry is down and the record is cached', async () => {
    const adapter = fakeAdapter();
    const reads = await cached();
    const [u] = usccs(1);
    await request(adapter, reads).load(u);
    adapter.failure = new DepartmentUnavailableError('MARKET', 'OUTAGE');
    const freshness = new FreshnessReport();
    const e = (await request(adapter, reads, freshness).load(u, ['changes']))!;
    expect(e.name).toBe(`name of ${u}`);
    expect(() => listOf(e, 'changes')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', reason: 'OUTAGE' }) }));
    expect(freshness.all).toEqual([]); // the record was fresh, not stale
  });
});
