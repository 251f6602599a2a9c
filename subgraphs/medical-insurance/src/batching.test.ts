import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { cleanCache, entities, startBackend, startTestSubgraph, watchInFlight, type Backend } from './test-kit.ts';

/**
 * The platform has no batch lookup and a rate limit: N enterprises cost exactly N calls of 1301,
 * and the process never has more than MEDICAL_INSURANCE_MAX_CONCURRENCY of them in flight. The
 * backend answers slowly here (25 ms) so that calls overlap and the cap is visible. Each test
 * starts a subgraph of its own, so its cache is empty and every count is the query's own.
 */

let backend: Backend;
let inFlight: ReturnType<typeof watchInFlight>;
const running: RunningSubgraph[] = [];
let usccs: string[];

beforeAll(async () => {
  backend = await startBackend({ latencyMs: 25, jitter: 0 });
  inFlight = watchInFlight(backend.sim.server);
  // 30 employers on file, some with arrears, some closed: the dashboard's usual mix.
  usccs = backend.dataset.enterprises.filter((e) => e.insured).slice(0, 30).map((e) => e.uscc);
});
afterAll(async () => {
  for (const s of running) await s.stop();
  await backend?.sim.close();
  await cleanCache();
});
beforeEach(() => {
  backend.sim.resetStats();
  inFlight.max = 0;
});

const subgraph = async (env: Record<string, string> = {}) => {
  const s = await startTestSubgraph(backend.url, env);
  running.push(s);
  return s;
};
const DASHBOARD = 'medicalInsurance { status insuredCount { total } hasArrears arrearsTotal } medicalInsuranceEvents { at kind }';

describe('calls per _entities fetch', () => {
  it('makes exactly one 1301 call per enterprise for 30 enterprises, dashboard fields and events included, with at most MEDICAL_INSURANCE_MAX_CONCURRENCY in flight', async () => {
    const s = await subgraph({ MEDICAL_INSURANCE_MAX_CONCURRENCY: '5' });
    const reply = await entities(s.url, usccs, DASHBOARD);
    expect(reply.errors).toBeUndefined();
    expect(reply.data._entities).toHaveLength(30);
    expect(reply.data._entities.every((e: any) => e.medicalInsurance !== null)).toBe(true);
    const stats = backend.sim.stats();
    expect(stats.requests).toBe(30);
    expect(stats.byRoute['infno.1301']).toBe(30);
    expect(Object.keys(stats.byRoute).filter((k) => k.startsWith('infno.'))).toEqual(['infno.1301']);
    expect(inFlight.max).toBe(5);
  });

  it('keeps to the default of 8 in flight', async () => {
    const s = await subgraph();
    await entities(s.url, usccs, 'medicalInsurance { status }');
    expect(backend.sim.stats().byRoute['infno.1301']).toBe(30);
    expect(inFlight.max).toBe(8);
  });

  it('shares the cap across concurrent requests, since it is process-wide', async () => {
    const s = await subgraph({ MEDICAL_INSURANCE_MAX_CONCURRENCY: '4' });
    const replies = await Promise.all([0, 10, 20].map((i) => entities(s.url, usccs.slice(i, i + 10), 'medicalInsurance { status }')));
    expect(replies.every((r) => r.errors === undefined)).toBe(true);
    expect(backend.sim.stats().byRoute['infno.1301']).toBe(30);
    expect(inFlight.max).toBe(4);
  });

  it('asks once for an enterprise named twice in one fetch', async () => {
    const s = await subgraph();
    const reply = await entities(s.url, [usccs[0], usccs[0], usccs[1]], 'medicalInsurance { employerNo }');
    expect(reply.data._entities[0]).toEqual(reply.data._entities[1]);
    expect(backend.sim.stats().byRoute['infno.1301']).toBe(2);
  });
});
