import { afterEach, describe, expect, it } from 'vitest';
import { createCache, type CachePolicy, type TwoTierCache } from './cache/index.ts';
import { fakeClock } from './cache/test-kit.ts';
import { DepartmentReads, type KindRecords } from './department-reads.ts';
import { DepartmentUnavailableError } from '@district/domain';
import { FreshnessReport } from './freshness.ts';
import { createLogger } from '@district/runtime';
import { DepartmentResilience } from './resilience.ts';

const MINUTE = 60_000;
const settings = { retries: 1, retryBaseMs: 1, retryMaxMs: 2, breakerThreshold: 5, breakerHalfOpenMs: 50, retryTimeouts: false };
/** Two kinds a department answers together: a registration kept an hour, arrears kept a minute. */
const POLICIES: Record<'reg' | 'arrears', CachePolicy> = {
  reg: { ttlMs: 60 * MINUTE, staleIfErrorMs: 24 * 60 * MINUTE },
  arrears: { ttlMs: MINUTE, staleIfErrorMs: 24 * 60 * MINUTE },
};
type Kind = keyof typeof POLICIES;

const caches: TwoTierCache[] = [];
afterEach(async () => { await Promise.all(caches.splice(0).map((c) => c.close())); });

function readsWith(options: { cached: boolean }) {
  const clock = fakeClock();
  const cache = options.cached ? createCache({ prefix: `t:${process.pid}:reads:${caches.length}`, logger: createLogger('test', 'silent'), now: clock.now }) : null;
  if (cache) caches.push(cache);
  const resilience = new DepartmentResilience('TAX', settings);
  return { clock, resilience, reads: new DepartmentReads('TAX', cache, resilience, POLICIES) };
}

/** A department answering any kinds of any keys in one call; records every call; `fail` makes the next calls throw. */
function combinedDepartment(records: Record<string, Record<Kind, string> | Error>) {
  const dept = {
    calls: [] as { keys: string[]; kinds: Kind[] }[],
    fail: false,
    fetch: async (missing: string[], kinds: Kind[]): Promise<Map<string, KindRecords<Kind, string> | Error>> => {
      dept.calls.push({ keys: [...missing], kinds: [...kinds] });
      if (dept.fail) throw new DepartmentUnavailableError('TAX', 'OUTAGE');
      return new Map(missing.filter((k) => k in records).map((k) => {
        const r = records[k];
        return [k, r instanceof Error ? r : Object.fromEntries(kinds.map((kind) => [kind, r[kind]]))];
      }));
    },
  };
  return dept;
}

describe('DepartmentReads.batchKinds', () => {
  it('reads the misses of several kinds in one call, then each kind under its own policy', async () => {
    const { reads, clock } = readsWith({ cached: true });
    const dept = combinedDepartment({ A: { reg: 'A-reg', arrears: 'A-owes' }, B: { reg: 'B-reg', arrears: 'B-owes' } });
    expect(await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A', 'B', 'X'], dept.fetch)).toEqual([
      { reg: 'A-reg', arrears: 'A-owes' }, { reg: 'B-reg', arrears: 'B-owes' }, { reg: null, arrears: null },
    ]);
    expect(dept.calls).toEqual([{ keys: ['A', 'B', 'X'], kinds: ['reg', 'arrears'] }]);
    clock.advance(2 * MINUTE); // arrears expired, registrations still fresh
    await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A', 'B'], dept.fetch);
    expect(dept.calls[1]).toEqual({ keys: ['A', 'B'], kinds: ['arrears'] });
    await reads.batchKinds<Kind, string>(['reg'], ['A', 'B'], dept.fetch);
    expect(dept.calls).toHaveLength(2);
  });

  it('makes one guarded call per batch: a failure is retried once for all kinds, and stale copies are reported', async () => {
    const { reads, clock } = readsWith({ cached: true });
    const dept = combinedDepartment({ A: { reg: 'A-reg', arrears: 'A-owes' } });
    await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A'], dept.fetch);
    clock.advance(2 * 60 * MINUTE); // both kinds past their TTL, within stale-if-error
    dept.fail = true;
    const freshness = new FreshnessReport();
    const [a, b] = await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A', 'B'], dept.fetch, freshness);
    expect(a).toEqual({ reg: 'A-reg', arrears: 'A-owes' });
    expect(b).toBeInstanceOf(DepartmentUnavailableError);
    expect(dept.calls.slice(1)).toEqual(Array(2).fill({ keys: ['A', 'B'], kinds: ['reg', 'arrears'] })); // the call and its one retry
    expect(freshness.all).toMatchObject([{ department: 'TAX', reason: 'OUTAGE' }]);
  });

  it('fails only the key the department answered with an Error, and caches nothing for it', async () => {
    const { reads } = readsWith({ cached: true });
    const malformed = new DepartmentUnavailableError('TAX', 'BAD_RESPONSE');
    const dept = combinedDepartment({ A: { reg: 'A-reg', arrears: 'A-owes' }, B: malformed });
    const [a, b] = await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A', 'B'], dept.fetch);
    expect(a).toEqual({ reg: 'A-reg', arrears: 'A-owes' });
    expect(b).toBe(malformed);
    await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A', 'B'], dept.fetch);
    expect(dept.calls[1]).toEqual({ keys: ['B'], kinds: ['reg', 'arrears'] });
  });

  it('without a cache, makes one guarded call for every kind of the batch', async () => {
    const { reads } = readsWith({ cached: false });
    const dept = combinedDepartment({ A: { reg: 'A-reg', arrears: 'A-owes' } });
    expect(await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A', 'X'], dept.fetch)).toEqual([{ reg: 'A-reg', arrears: 'A-owes' }, { reg: null, arrears: null }]);
    dept.fail = true;
    const answers = await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A', 'X'], dept.fetch);
    expect(answers.every((a) => a instanceof DepartmentUnavailableError)).toBe(true);
    expect(dept.calls).toHaveLength(3); // one, then one failed call and its retry
  });

  it('refuses a kind without a policy', async () => {
    const { reads } = readsWith({ cached: true });
    await expect(reads.batchKinds(['reg', 'credit'], ['A'], async () => new Map())).rejects.toThrow(/no cache policy for TAX record kind "credit"/);
  });
});

describe('DepartmentReads.batch', () => {
  it('hands out cached records whose top level the caller owns, the rest still frozen and shared', async () => {
    const { reads } = readsWith({ cached: true });
    const fetch = async (keys: string[]) => new Map(keys.map((k) => [k, { unitNo: k, rights: [{ holder: 'x' }] }]));
    const [first] = await reads.batch('reg', ['U1'], fetch);
    const [again] = await reads.batch('reg', ['U1'], fetch);
    for (const unit of [first, again] as Array<Record<string, any>>) {
      expect(Object.isFrozen(unit)).toBe(false);
      Object.defineProperty(unit, '__typename', { value: 'PropertyUnit' }); // what @apollo/subgraph does to an entity
      expect(() => unit.rights.push({ holder: 'y' })).toThrow(TypeError);
    }
    expect(first).not.toBe(again);
    expect((first as any).rights).toBe((again as any).rights);
  });

  it('exposes the policies in force by kind', () => {
    const { reads } = readsWith({ cached: false });
    expect(reads.policies.arrears).toBe(POLICIES.arrears);
    expect(reads.policy('reg')).toBe(POLICIES.reg);
    expect(() => reads.policy('credit')).toThrow(/no cache policy/);
  });
});

describe('DepartmentReads: fresh reads and kinds invalidated as a whole', () => {
  /** Two instances over one shared store, with `search` a kind a write invalidates as a whole. */
  function twoInstances() {
    const clock = fakeClock();
    const prefix = `t:${process.pid}:whole:${caches.length}`;
    const first = createCache({ prefix, logger: createLogger('test', 'silent'), now: clock.now });
    const second = createCache({ prefix, logger: createLogger('test', 'silent'), now: clock.now, store: first.store });
    caches.push(second, first);
    const policies = { ...POLICIES, search: { ttlMs: 30_000, staleIfErrorMs: 60 * MINUTE } };
    const make = (cache: TwoTierCache) => new DepartmentReads('MARKET', cache, new DepartmentResilience('MARKET', settings), policies, { wholeKinds: ['search'] });
    return { a: make(first), b: make(second) };
  }
  const registry = (pages: Record<string, string>) => {
    const dept = { pages, calls: [] as string[][], fetch: async (keys: string[]) => (dept.calls.push([...keys]), new Map(keys.map((k) => [k, dept.pages[k] ?? null]))) };
    return dept;
  };

  it('reads past the cache for a request whose report demands it, for batch and batchKinds alike', async () => {
    const { reads } = readsWith({ cached: true });
    const dept = combinedDepartment({ A: { reg: 'A-reg', arrears: 'A-owes' } });
    await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A'], dept.fetch);
    await reads.batch('reg', ['A'], async (keys) => new Map(keys.map((k) => [k, 'A-reg'])));
    await reads.batchKinds<Kind, string>(['reg', 'arrears'], ['A'], dept.fetch, new FreshnessReport({ fresh: true }));
    expect(dept.calls).toHaveLength(2);
    let asked = 0;
    await reads.batch('reg', ['A'], async (keys) => (asked++, new Map(keys.map((k) => [k, 'A-reg']))), new FreshnessReport({ fresh: true }));
    expect(asked).toBe(1);
  });

  it('grants fresh reads to a system caller that asks, and to nobody else', () => {
    expect(FreshnessReport.for({ sub: 's', role: 'system', requestId: 'r', fresh: true }).mustBeFresh).toBe(true);
    expect(FreshnessReport.for({ sub: 's', role: 'auditor', requestId: 'r', fresh: true }).mustBeFresh).toBe(false);
    expect(FreshnessReport.for({ sub: 's', role: 'system', requestId: 'r' }).mustBeFresh).toBe(false);
    expect(FreshnessReport.for(undefined).mustBeFresh).toBe(false);
  });

  it('drops every record of a whole kind on every instance after a write, and only that kind', async () => {
    const { a, b } = twoInstances();
    const dept = registry({ 'keyword=甲': 'none', 'building=LS-B001': '3 enterprises' });
    await a.batch('search', ['keyword=甲', 'building=LS-B001'], dept.fetch);
    await b.batch('search', ['keyword=甲', 'building=LS-B001'], dept.fetch);
    await b.batch('reg', ['A'], async (keys) => new Map(keys.map((k) => [k, 'A-reg'])));
    expect(dept.calls).toHaveLength(1); // b found a's pages in the shared store
    dept.pages = { 'keyword=甲': '1 enterprise', 'building=LS-B001': '4 enterprises' };
    await a.invalidateKind('search');
    expect(await b.batch('search', ['keyword=甲', 'building=LS-B001'], dept.fetch)).toEqual(['1 enterprise', '4 enterprises']);
    expect(await a.batch('search', ['keyword=甲'], dept.fetch)).toEqual(['1 enterprise']);
    expect(dept.calls).toHaveLength(2);
    let asked = 0;
    await b.batch('reg', ['A'], async (keys) => (asked++, new Map(keys.map((k) => [k, 'A-reg']))));
    expect(asked).toBe(0);
  });

  it('refuses to invalidate as a whole a kind not declared so, or to read a whole kind with batchKinds', async () => {
    const { a } = twoInstances();
    await expect(a.invalidateKind('reg')).rejects.toThrow(/not invalidated as a whole/);
    await expect(a.batchKinds(['search'] as any, ['A'], async () => new Map())).rejects.toThrow(/read it with batch/);
  });
});
