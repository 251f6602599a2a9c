import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../src/stack.ts';

/**
 * Dashboards kept warm (CACHE_REFRESH, #17): the department subgraphs read the records dashboards
 * read again shortly before they expire, so a dashboard opened after their time to live is still
 * answered from the cache; with two instances sharing Redis one of them does it (a lease), within
 * the department's refresh budget. Time to live here is seconds (the policies below), not minutes.
 * Backend calls are the stand-ins' own counts (what /__sim/stats serves).
 */
const TTL_MS = 8_000;
const policy = { ttlMs: TTL_MS, staleIfErrorMs: 600_000 };
const POLICIES = {
  MARKET_CACHE_POLICIES: JSON.stringify({ search: policy, registration: policy }),
  TAX_CACHE_POLICIES: JSON.stringify({ DJXX: policy, XYDJ: policy, QSXX: policy }),
  MEDICAL_INSURANCE_CACHE_POLICIES: JSON.stringify({ employer: policy }),
  REAL_ESTATE_CACHE_POLICIES: JSON.stringify({ holdings: policy }),
};
/**
 * The gateway's response cache off: these tests are about the department caches and their
 * refresher. With it on (the default) a repeat dashboard is answered by the gateway without asking
 * the subgraphs at all (test/e2e/caching/response-cache.test.ts covers that, and its asOf), so it
 * would not show whether the department caches were kept warm past their time to live.
 */
const WARM = {
  GATEWAY_RESPONSE_CACHE: 'false', CACHE_REFRESH: 'true', ...POLICIES,
  MARKET_REFRESH_PER_SECOND: '20', TAX_REFRESH_PER_SECOND: '20', MEDICAL_INSURANCE_REFRESH_PER_SECOND: '30', REAL_ESTATE_REFRESH_PER_SECOND: '20',
};

const DASHBOARD = /* GraphQL */ `
  query Dashboard($id: ID!) {
    building(id: $id) {
      name
      enterprises(first: 200) {
        totalCount
        edges { node {
          uscc registration { name status onAbnormalList }
          tax { status creditGrade { grade } hasArrears }
          medicalInsurance { status hasArrears }
          realEstate { hasMortgage hasSeizure }
        } }
      }
    }
  }`;
/** 石老人商务楼: 12 enterprises. */
const BUILDING = 'LS-B003';
const STAFF = { role: 'building-staff', buildings: [BUILDING], purpose: 'BUILDING_SERVICE', sub: 'LXE-0031' } as const;
const NO_CALLS = { market: 0, tax: 0, 'medical-insurance': 0, 'real-estate': 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dashboard = async (stack: Stack) => stack.query(DASHBOARD, { id: BUILDING }, await stack.authHeaders(STAFF as never));

describe('dashboards kept warm', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: WARM });
  });
  afterAll(() => stack?.stop());

  it('answers a dashboard opened after its records\' time to live from the cache, without a department call', async () => {
    const cold = await dashboard(stack);
    expect(cold.errors).toBeUndefined();
    expect(cold.data.building.enterprises.totalCount).toBe(12);
    stack.resetBackendStats();
    // Past the records' time to live: without the refresher every department would be asked again.
    await sleep(TTL_MS + 1_500);
    const refreshed = await stack.backendRequests();
    expect(refreshed['medical-insurance']).toBeGreaterThanOrEqual(12); // one call per employer, as a cold read
    stack.resetBackendStats();
    const warm = await dashboard(stack);
    expect(warm.errors).toBeUndefined();
    expect(await stack.backendRequests()).toEqual(NO_CALLS);
    expect(warm.data).toEqual(cold.data);
    // Fresh, not stale, and how fresh it is shown: per department, when the oldest copy served was read.
    const extensions = (warm as { extensions?: { stale?: unknown; asOf?: { department: string; asOf: string; ageSeconds: number }[] } }).extensions;
    expect(extensions?.stale).toBeUndefined();
    expect(extensions?.asOf?.map((n) => n.department).sort()).toEqual(['MARKET', 'MEDICAL_INSURANCE', 'REAL_ESTATE', 'TAX']);
    for (const notice of extensions!.asOf!) expect(notice.ageSeconds).toBeLessThan(TTL_MS / 1000);
  });
});

const shared = process.env.REDIS_URL ? describe : describe.skip;

shared('dashboards kept warm by two instances sharing Redis', () => {
  const prefix = `t:warm:${process.pid}:${Date.now().toString(36)}`;
  const BUDGET = 5;
  let a: Stack;
  let b: Stack;
  beforeAll(async () => {
    const env = { ...WARM, CACHE_PREFIX: prefix, MEDICAL_INSURANCE_REFRESH_PER_SECOND: String(BUDGET) };
    a = await startStack({ env });
    b = await startStack({ backends: a.backends, env });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('refreshes once, not once per instance, and never beyond the department\'s budget', async () => {
    expect((await dashboard(a)).errors).toBeUndefined();
    expect((await dashboard(b)).errors).toBeUndefined(); // the working set is shared: both instances noted it
    a.resetBackendStats();
    const samples: { at: number; calls: number }[] = [{ at: performance.now(), calls: 0 }];
    const windowMs = 2 * TTL_MS + 2_000;
    while (performance.now() - samples[0].at < windowMs) {
      await sleep(1_000);
      samples.push({ at: performance.now(), calls: (await a.backendRequests())['medical-insurance'] });
    }
    const refresherOf = (stack: Stack) => (stack.subgraphs['medical-insurance'] as unknown as { refresher: { refresher: { counts: { keys: number } } } }).refresher.refresher.counts;
    const counts = [refresherOf(a).keys, refresherOf(b).keys];
    // One instance refreshed the 12 employers, at least twice in the window; the other never did.
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(24);
    expect(Math.min(...counts)).toBe(0);
    const total = samples.at(-1)!.calls;
    // What one instance's refreshing costs: each employer at most once per 3/4 of its time to live.
    expect(total).toBeGreaterThanOrEqual(24);
    expect(total).toBeLessThanOrEqual(12 * (Math.floor(windowMs / (0.75 * TTL_MS)) + 1));
    // The budget holds in every sample: calls spaced 1/BUDGET s apart, so a window of t seconds holds at most BUDGET·t + 1.
    for (let i = 1; i < samples.length; i++) {
      const seconds = (samples[i].at - samples[i - 1].at) / 1000;
      expect(samples[i].calls - samples[i - 1].calls).toBeLessThanOrEqual(Math.floor(BUDGET * seconds) + 1);
    }
    expect(total).toBeLessThanOrEqual(Math.floor(BUDGET * (samples.at(-1)!.at - samples[0].at) / 1000) + 1);
  });
});
