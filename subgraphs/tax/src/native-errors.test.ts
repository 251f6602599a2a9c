import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { SAMPLE_USCC } from '@district/dataset';
import { entities, fakeBus, okReply, startBackend, startTestSubgraph } from './test-kit.ts';

let backend: Awaited<ReturnType<typeof startBackend>>;
let subgraph: RunningSubgraph;
beforeAll(async () => {
  backend = await startBackend();
  // One call per failure and no breaker tripping between tests: this file is about how each failure
  // is reported; retries, the breaker and stale copies are resilience.test.ts's.
  subgraph = await startTestSubgraph(backend.url, { TAX_RETRIES: '0', TAX_BREAKER_THRESHOLD: '1000' });
});
afterAll(async () => {
  await subgraph?.stop();
  await backend?.close();
});
afterEach(() => backend.sim.clearFaults());

const TWO = [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled];

/** Both enterprises keep their key; their tax fields are null, each with an error naming the department and reason. */
function expectUnavailable(r: Awaited<ReturnType<typeof entities>>, reason: string, extra: Record<string, unknown> = {}) {
  expect(r.data._entities).toEqual(TWO.map((uscc) => ({ uscc, tax: null, taxEvents: null })));
  expect(r.errors!.length).toBeGreaterThan(0);
  for (const e of r.errors!) {
    expect(e.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason, ...extra });
    expect(e.extensions.stacktrace).toBeUndefined();
  }
}

describe('when the tax system fails, its fields are null with DEPARTMENT_UNAVAILABLE', () => {
  it('reports OUTAGE for the front proxy’s 503 page', async () => {
    backend.sim.setFaults({ outage: true });
    expectUnavailable(await entities(subgraph.url, TWO, 'tax { status } taxEvents { kind }'), 'OUTAGE', { httpStatus: 503 });
  });

  it('reports RATE_LIMITED for rtnCode 900', async () => {
    backend.sim.setFaults({ rateLimitPerSecond: 0.001 });
    expectUnavailable(await entities(subgraph.url, TWO, 'tax { status } taxEvents { kind }'), 'RATE_LIMITED', { nativeCode: '900' });
  });

  it('reports ERROR for rtnCode 999', async () => {
    backend.sim.setFaults({ errorRate: 1 });
    expectUnavailable(await entities(subgraph.url, TWO, 'tax { status } taxEvents { kind }'), 'ERROR', { nativeCode: '999' });
  });

  it('reports BAD_RESPONSE for a payload that does not parse', async () => {
    const bus = await fakeBus((_r, json) => okReply(json, { sjjzrq: '2026-11-01', nsrList: 'none' }));
    const sg = await startTestSubgraph(bus.url, { TAX_RETRIES: '0' });
    try {
      expectUnavailable(await entities(sg.url, TWO, 'tax { status } taxEvents { kind }'), 'BAD_RESPONSE');
    } finally {
      await sg.stop();
      await bus.close();
    }
  });

  it('reports UNREACHABLE when nothing listens at the backend address', async () => {
    const bus = await fakeBus(() => ({ body: {} }));
    await bus.close();
    const sg = await startTestSubgraph(bus.url, { TAX_RETRIES: '0' });
    try {
      expectUnavailable(await entities(sg.url, TWO, 'tax { status } taxEvents { kind }'), 'UNREACHABLE');
    } finally {
      await sg.stop();
    }
  });

  it('answers again as soon as the tax system is back', async () => {
    backend.sim.setFaults({ outage: true });
    await entities(subgraph.url, TWO, 'tax { status }');
    backend.sim.clearFaults();
    const r = await entities(subgraph.url, TWO, 'tax { status }');
    expect(r.errors).toBeUndefined();
    expect(r.data._entities.map((e: any) => e.tax.status)).toEqual(['NORMAL', 'NORMAL']);
  });
});
