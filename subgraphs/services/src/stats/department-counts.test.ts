import { describe, expect, it } from 'vitest';
import { createCache } from '@district/department-access';
import { createLogger } from '@district/runtime';
import type { CalledDepartment } from '../bundles/definitions.ts';
import type { DepartmentPost } from '../departments/subgraphs.ts';
import { BuildingCounts } from './building-stats.ts';
import { buildingCountsOver, PAGE_SIZE } from './department-counts.ts';

/**
 * The department counts against scripted department subgraphs: what is asked of each (the
 * registry a page at a time, one batched `_entities` read per department per page, as role system
 * through the caches), how answers add up, and what a failing, stale or broken department costs.
 */
type Call = { department: CalledDepartment; query: string; variables: any; caller: any };
const uscc = (i: number) => `9137021200000${String(i).padStart(5, '0')}`;

/** A building of `size` enterprises; enterprise i: status by i, every 3rd in tax arrears, every 4th mortgaged, … */
function departments(size: number, script: Partial<Record<CalledDepartment, (call: Call) => any>> = {}) {
  const calls: Call[] = [];
  const entity = (department: CalledDepartment, i: number) => ({
    TAX: { tax: i % 3 === 0 ? { hasArrears: true } : { hasArrears: false } },
    MEDICAL_INSURANCE: { medicalInsurance: i % 5 === 0 ? null : { hasArrears: i % 2 === 0, insuredCount: { total: 3 } } },
    REAL_ESTATE: { realEstate: { hasMortgage: i % 4 === 0, hasSeizure: i === 7 } },
    MARKET: {},
  })[department];
  const post: DepartmentPost = async (department, caller, query, vars) => {
    const variables = vars as any;
    const call = { department, query, variables, caller };
    calls.push(call);
    const scripted = script[department]?.(call);
    if (scripted) return scripted;
    if (department === 'MARKET') {
      const from = variables.after ? Number(variables.after) : 0;
      const to = Math.min(size, from + variables.first);
      const edges = Array.from({ length: to - from }, (_, k) => ({ node: { uscc: uscc(from + k), registration: { status: (from + k) % 10 === 0 ? 'DEREGISTERED' : 'EXISTING', onAbnormalList: (from + k) % 7 === 0 } } }));
      return { ok: true, status: 200, text: '', body: { data: { _entities: [{ enterprises: { totalCount: size, pageInfo: { hasNextPage: to < size, endCursor: String(to) }, edges } }] } } };
    }
    const index = (r: { uscc: string }) => Number(r.uscc.slice(-5));
    return { ok: true, status: 200, text: '', body: { data: { _entities: variables.r.map((r: any) => entity(department, index(r))) } } };
  };
  return { post, calls };
}
const expected = (size: number, p: (i: number) => boolean) => Array.from({ length: size }, (_, i) => i).filter(p).length;

describe('a building\'s department counts', () => {
  it('pages through the registry and reads each department once per page, with that page\'s enterprises, as role system through the caches', async () => {
    const { post, calls } = departments(450);
    const counts = await buildingCountsOver(post)('LS-B009', 'req-1');
    expect(calls.filter((c) => c.department === 'MARKET').map((c) => [c.variables.first, c.variables.after])).toEqual([[PAGE_SIZE, null], [PAGE_SIZE, '200'], [PAGE_SIZE, '400']]);
    for (const d of ['TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE'] as const) {
      expect(calls.filter((c) => c.department === d).map((c) => c.variables.r.length), d).toEqual([200, 200, 50]);
    }
    expect(calls[0].variables.r).toEqual([{ __typename: 'Building', id: 'LS-B009' }]);
    for (const c of calls) expect(c.caller).toEqual({ sub: 'building-stats', role: 'system', requestId: 'req-1' });
    expect(counts).toMatchObject({
      enterpriseCount: 450,
      abnormalListCount: expected(450, (i) => i % 7 === 0),
      taxArrearsCount: expected(450, (i) => i % 3 === 0),
      insuranceArrearsCount: expected(450, (i) => i % 5 !== 0 && i % 2 === 0),
      insuredHeadcount: 3 * expected(450, (i) => i % 5 !== 0),
      mortgageCount: expected(450, (i) => i % 4 === 0),
      seizureCount: 1,
    });
    expect(counts.byRegistrationStatus).toMatchObject({ EXISTING: 405, DEREGISTERED: 45, MOVED_IN: 0 });
    expect(counts.freshness.map((f) => [f.department, f.stale, f.unavailable])).toEqual([
      ['MARKET', false, false], ['TAX', false, false], ['MEDICAL_INSURANCE', false, false], ['REAL_ESTATE', false, false],
    ]);
  });

  it('nulls only the counts of a department that failed on any page, and marks it unavailable', async () => {
    let taxCalls = 0;
    const { post } = departments(250, {
      // The second page's tax read fails: a part of a count is no count.
      TAX: () => (++taxCalls === 2 ? { ok: true, status: 200, text: '', body: { data: { _entities: [] }, errors: [{ message: 'down', extensions: { code: 'DEPARTMENT_UNAVAILABLE', reason: 'OUTAGE' } }] } } : undefined),
      REAL_ESTATE: () => ({ ok: false, reason: 'TIMEOUT' }),
    });
    const counts = await buildingCountsOver(post)('LS-B009');
    expect(counts).toMatchObject({ taxArrearsCount: null, seizureCount: null, mortgageCount: null, insuredHeadcount: expect.any(Number), enterpriseCount: 250 });
    expect(counts.freshness.filter((f) => f.unavailable).map((f) => [f.department, f.asOf])).toEqual([['TAX', expect.any(String)], ['REAL_ESTATE', null]]);
  });

  it('uses a stale copy a department served, marked stale and dated when it was read', async () => {
    const { post } = departments(10, {
      MEDICAL_INSURANCE: (call) => ({
        ok: true, status: 200, text: '',
        body: { data: { _entities: call.variables.r.map(() => ({ medicalInsurance: { hasArrears: true, insuredCount: { total: 2 } } })) }, extensions: { stale: [{ department: 'MEDICAL_INSURANCE', asOf: '2026-12-07T01:00:00.000Z', ageSeconds: 600, reason: 'OUTAGE' }] } },
      }),
    });
    const counts = await buildingCountsOver(post)('LS-B009');
    expect(counts.insuredHeadcount).toBe(20);
    expect(counts.freshness.find((f) => f.department === 'MEDICAL_INSURANCE')).toEqual({ department: 'MEDICAL_INSURANCE', asOf: '2026-12-07T01:00:00.000Z', stale: true, unavailable: false });
  });

  it('has nothing to count without the registry: DEPARTMENT_UNAVAILABLE naming MARKET', async () => {
    const { post } = departments(10, { MARKET: () => ({ ok: false, reason: 'UNREACHABLE' }) });
    await expect(buildingCountsOver(post)('LS-B009')).rejects.toMatchObject({ extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET' } });
  });

  it('keeps a whole answer for the TTL and drops one missing a department at once', async () => {
    let down = true;
    const { post, calls } = departments(5, { TAX: () => (down ? { ok: false, reason: 'TIMEOUT' } : undefined) });
    const cache = createCache({ prefix: `t:stats:${process.pid}`, logger: createLogger('test', 'silent') });
    const counts = new BuildingCounts(buildingCountsOver(post), cache, 60_000);
    try {
      expect((await counts.get('LS-B009')).taxArrearsCount).toBeNull();
      down = false;
      expect((await counts.get('LS-B009')).taxArrearsCount).toBe(2);
      const asked = calls.length;
      expect((await counts.get('LS-B009')).taxArrearsCount).toBe(2);
      expect(calls.length).toBe(asked);
    } finally {
      await counts.close();
    }
  });
});
