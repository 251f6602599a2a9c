import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { BACKENDS } from '@district/parts';
import { deriveTaxpayer } from '@district/backends/tax/records';
import { deriveActivity } from '@district/backends/tax/activity';
import { deriveEmployer } from '@district/backends/medical-insurance/records';
import { deriveHoldings } from '@district/backends/real-estate/records';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';

/**
 * 楼宇统计 through the whole stack. Every count of a building of 210 enterprises is compared with
 * the same count made from the district dataset itself (as each stand-in derives its records from
 * it), and its backend calls, counted by the stand-ins' /__sim/stats, with the dashboard's
 * (schema/operations/BuildingDashboard.graphql) paged through the same building. Then one
 * department down, and the callers who may not see a building's numbers.
 *
 * Department caches are off (CACHE_ENABLED=false), so both the dashboard and the statistics read
 * the systems themselves and their costs compare; the statistics' own cache stays on.
 */
const BUILDING = 'LS-B002';
const STATS = `query Stats($id: ID!) { building(id: $id) { name stats {
  enterpriseCount byRegistrationStatus { status label count } insuredHeadcount taxArrearsCount insuranceArrearsCount
  seizureCount mortgageCount abnormalListCount openRequestCount overdueRequestCount visitsLast30Days asOf
  freshness { department asOf stale unavailable }
} } }`;
const DASHBOARD = readFileSync(new URL('../../../schema/operations/BuildingDashboard.graphql', import.meta.url), 'utf8');

describe('Building.stats through the whole stack', () => {
  let stack: Stack;
  let services: RunningServices;
  const run = `${process.pid}-${Date.now().toString(36)}`;
  let n = 0;
  const staff = { role: 'building-staff', buildings: [BUILDING], purpose: 'BUILDING_SERVICE', sub: 'LXE-0021' };
  const as = async (claims: Record<string, unknown>, requestId = `st-${run}-${n++}`) => ({ ...(await stack.authHeaders(claims as any)), 'x-request-id': requestId });

  /** Requests each stand-in served since the last reset, as its /__sim/stats says. */
  const simStats = async () => Object.fromEntries(await Promise.all(BACKENDS.map(async (b) => {
    const body = (await (await fetch(`${stack.backends.urls[b.name]}/__sim/stats`)).json()) as { requests: number };
    return [b.name, body.requests] as const;
  })));
  const resetSimStats = () => Promise.all(BACKENDS.map((b) => fetch(`${stack.backends.urls[b.name]}/__sim/stats/reset`, { method: 'POST' })));

  beforeAll(async () => {
    stack = await startStack({
      env: {
        CACHE_ENABLED: 'false',
        // An outage is an outage: no retries to wait for.
        ...Object.fromEntries(['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE'].flatMap((d) => [[`${d}_RETRIES`, '0'], [`${d}_BREAKER_HALF_OPEN_MS`, '200']])),
      },
    });
    services = stack.subgraphs.services as RunningServices;
  }, 120_000);
  afterAll(async () => stack?.stop());

  it('counts a building of 210 enterprises as the dataset does, at no more backend calls than the dashboard, then from its cache', async () => {
    const dataset = stack.backends.dataset;
    const here = dataset.enterprises.filter((e) => e.buildingId === BUILDING);
    expect(here.length).toBeGreaterThanOrEqual(200);

    // The building's own activity: three requests raised (one of them now past its limit), two visits, one of them 40 days ago.
    const raised: string[] = [];
    for (const e of here.filter((x) => x.status === 'EXISTING').slice(0, 3)) {
      const res = await stack.query('mutation($input: RaiseRequestInput!) { raiseRequest(input: $input) { id } }',
        { input: { idempotencyKey: `st-raise-${run}-${raised.length}`, uscc: e.uscc, category: 'TAX', title: '发票额度' } }, await as(staff));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      raised.push(res.data.raiseRequest.id);
    }
    await services.db.query(`UPDATE request SET due_at = now() - interval '1 hour' WHERE id = $1`, [raised[0]]);
    for (const [i, daysAgo] of [[0, 1], [1, 40]]) {
      const res = await stack.query('mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id } }', {
        input: { idempotencyKey: `st-visit-${run}-${i}`, uscc: here.find((x) => x.status === 'EXISTING')!.uscc, visitedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), met: '行政主管', topics: ['POLICY'] },
      }, await as(staff));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    }

    await resetSimStats();
    const started = Date.now();
    const res = await stack.query(STATS, { id: BUILDING }, await as(staff));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const statsCalls = await simStats();
    const stats = res.data.building.stats;

    // Expected, from the dataset as each stand-in derives its records from it.
    const count = (p: (e: (typeof here)[number]) => boolean) => here.filter(p).length;
    const employer = (e: (typeof here)[number]) => deriveEmployer(e, dataset);
    const holdings = (e: (typeof here)[number]) => deriveHoldings(e, dataset);
    const statuses = ['EXISTING', 'REVOKED_NOT_DEREGISTERED', 'REVOKED_DEREGISTERED', 'DEREGISTERED', 'ANNULLED', 'MOVED_OUT', 'MOVED_IN', 'LIQUIDATING'];
    expect(stats).toMatchObject({
      enterpriseCount: here.length,
      abnormalListCount: count((e) => !!e.trouble.abnormalList && !e.trouble.abnormalList.removedOn),
      taxArrearsCount: count((e) => {
        if (!deriveTaxpayer(e, dataset)) return false;
        const a = deriveActivity(e, dataset);
        return a.arrears.length > 0 || a.arrearsTotal.hj !== '0.00';
      }),
      insuranceArrearsCount: count((e) => (employer(e)?.arrears.length ?? 0) > 0),
      insuredHeadcount: here.reduce((sum, e) => sum + (employer(e) ? employer(e)!.psn_cnt_in_service + employer(e)!.psn_cnt_retired : 0), 0),
      mortgageCount: count((e) => holdings(e).mortgages.some((m) => m.state === '现势')),
      seizureCount: count((e) => holdings(e).seizures.some((s) => s.state === '现势')),
      openRequestCount: 3,
      overdueRequestCount: 1,
      visitsLast30Days: 1,
    });
    expect(stats.byRegistrationStatus.map((s: any) => [s.status, s.count])).toEqual(statuses.map((s) => [s, count((e) => e.status === s)]));
    expect(stats.byRegistrationStatus.find((s: any) => s.status === 'EXISTING').label).toBe('存续');
    // Numbers worth a chart: the building has troubles of every kind.
    for (const k of ['taxArrearsCount', 'insuranceArrearsCount', 'mortgageCount', 'insuredHeadcount']) expect(stats[k], k).toBeGreaterThan(0);
    expect(stats.freshness.map((f: any) => f.department)).toEqual(['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE']);
    for (const f of stats.freshness) {
      expect(f).toMatchObject({ stale: false, unavailable: false });
      expect(Date.parse(f.asOf)).toBeGreaterThanOrEqual(started - 1_000);
    }
    expect(stats.asOf).toBe([...stats.freshness.map((f: any) => f.asOf)].sort()[0]);

    // The dashboard over the same building, every page.
    await resetSimStats();
    let after: string | null = null;
    let listed = 0;
    do {
      const page: any = await stack.query(DASHBOARD, { id: BUILDING, first: 200, after }, await as(staff));
      expect(page.errors, JSON.stringify(page.errors)).toBeUndefined();
      listed += page.data.building.enterprises.edges.length;
      after = page.data.building.enterprises.pageInfo.hasNextPage ? page.data.building.enterprises.pageInfo.endCursor : null;
    } while (after);
    expect(listed).toBe(here.length);
    const dashboardCalls = await simStats();
    for (const b of BACKENDS) expect(statsCalls[b.name], b.name).toBeLessThanOrEqual(dashboardCalls[b.name]);
    expect(statsCalls['medical-insurance']).toBeGreaterThan(0);

    // Asked again within the cache's TTL: the departments are not asked at all, the activity is live.
    await stack.query('mutation($input: RaiseRequestInput!) { raiseRequest(input: $input) { id } }',
      { input: { idempotencyKey: `st-raise-${run}-again`, uscc: here.filter((x) => x.status === 'EXISTING')[3].uscc, category: 'POLICY', title: '政策咨询' } }, await as(staff));
    await resetSimStats();
    const again = await stack.query(STATS, { id: BUILDING }, await as(staff));
    expect(again.errors).toBeUndefined();
    expect(Object.values(await simStats()).reduce((a, b) => a + b, 0)).toBe(0);
    expect(again.data.building.stats).toMatchObject({ ...stats, openRequestCount: 4 });
  }, 180_000);

  it('refuses another building\'s staff and an enterprise with FORBIDDEN, on the access record, the building itself still answered', async () => {
    const others = [
      [`st-other-building-${run}`, { role: 'building-staff', buildings: ['LS-B003'], purpose: 'BUILDING_SERVICE', sub: 'LXE-0031' }],
      [`st-enterprise-${run}`, { role: 'enterprise', uscc: '91370212MA3C12346X', purpose: 'SELF_SERVICE', sub: 'ent-healthy' }],
    ] as const;
    for (const [requestId, who] of others) {
      const res = await stack.query(STATS, { id: BUILDING }, await as(who, requestId));
      expect(res.status).toBe(200);
      expect(res.errors?.[0]).toMatchObject({ path: ['building', 'stats'], extensions: { code: 'FORBIDDEN' } });
      expect(res.data.building).toEqual({ name: '崂山科创中心', stats: null });
      // The gateway writes the record after answering: wait for it.
      await vi.waitFor(async () => {
        const record = await services.db.query<any>('SELECT who, role, outcome, fields FROM access_record WHERE client_request_id = $1', [requestId]);
        expect(record, requestId).toEqual([expect.objectContaining({ who: who.sub, role: who.role, outcome: 'DENIED', fields: expect.arrayContaining(['Building.stats']) })]);
      }, POLL);
    }
  });

  it('answers with a department down: its counts null and marked unavailable, the rest counted; without the registry, null with its outage', async () => {
    // A building not counted before in this run, so nothing of it is cached.
    const building = 'LS-B003';
    stack.backends.sims.tax.setFaults({ outage: true });
    try {
      const res = await stack.query(STATS, { id: building }, await as({ ...staff, buildings: [building] }));
      expect(res.status).toBe(200);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const stats = res.data.building.stats;
      const here = stack.backends.dataset.enterprises.filter((e) => e.buildingId === building);
      expect(stats.enterpriseCount).toBe(here.length);
      expect(stats.taxArrearsCount).toBeNull();
      expect(stats.insuredHeadcount).toEqual(expect.any(Number));
      expect(stats.mortgageCount).toEqual(expect.any(Number));
      expect(stats.freshness.find((f: any) => f.department === 'TAX')).toEqual({ department: 'TAX', asOf: null, stale: false, unavailable: true });
      expect(stats.freshness.filter((f: any) => f.unavailable).map((f: any) => f.department)).toEqual(['TAX']);
      expect(stats.asOf).not.toBeNull();
    } finally {
      stack.backends.sims.tax.setFaults({ outage: false });
    }
    // Without the registry there is no list to count: stats null with the outage, the building still answered.
    stack.backends.sims.market.setFaults({ outage: true });
    try {
      const res = await stack.query(STATS, { id: 'LS-B001' }, await as({ ...staff, buildings: ['LS-B001'] }));
      expect(res.status).toBe(200);
      expect(res.data.building).toEqual({ name: '金岭国际大厦', stats: null });
      expect(res.errors?.[0]).toMatchObject({ path: ['building', 'stats'], extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET' } });
    } finally {
      stack.backends.sims.market.setFaults({ outage: false });
    }
    // An answer missing a department is not cached: with tax back (once its breaker lets a call
    // through), the next one counts it.
    await vi.waitFor(async () => {
      const back = await stack.query(STATS, { id: building }, await as({ ...staff, buildings: [building] }));
      expect(back.errors).toBeUndefined();
      expect(back.data.building.stats.taxArrearsCount).toEqual(expect.any(Number));
      expect(back.data.building.stats.freshness.every((f: any) => !f.unavailable)).toBe(true);
    }, POLL);
  });
});
