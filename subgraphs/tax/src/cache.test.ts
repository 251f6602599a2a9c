import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { SAMPLE_USCC } from '@district/dataset';
import { uniqueCachePrefix } from '@district/subgraph-kit/testing';
import { entities, fakeBus, forward, startBackend, startTestSubgraph } from './test-kit.ts';

/** Cached (USCC, kind) records, counted at the stand-in and at a forwarding bus that shows what each call asked. */

let backend: Awaited<ReturnType<typeof startBackend>>;
let usccs: string[];
const started: RunningSubgraph[] = [];
beforeAll(async () => {
  backend = await startBackend();
  usccs = backend.dataset.enterprises.slice(0, 200).map((e) => e.uscc);
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await backend?.close();
});
beforeEach(() => backend.sim.resetStats());

async function subgraphOn(url: string, env: Record<string, string> = {}) {
  const s = await startTestSubgraph(url, env);
  started.push(s);
  return s;
}

/** A bus in front of the stand-in that records what every call asked for. */
async function recordingBus() {
  const bus = await fakeBus((req) => forward(backend.url, req));
  const asked = () => bus.requests.map((r) => {
    const body = JSON.parse(r.body).body as { cxlxList: string[]; nsrsbhList: string[] };
    return { kinds: body.cxlxList, ids: body.nsrsbhList.length };
  });
  return { ...bus, asked };
}

const DASHBOARD = 'tax { status creditGrade { grade } hasArrears arrearsTotal }';

describe('the tax record cache', () => {
  it('answers a repeated query from the cache, with no call to the bus', async () => {
    const subgraph = await subgraphOn(backend.url);
    const first = await entities(subgraph.url, usccs.slice(0, 120), DASHBOARD);
    expect(backend.sim.stats().requests).toBe(3);
    backend.sim.resetStats();
    const again = await entities(subgraph.url, usccs.slice(0, 120), DASHBOARD);
    expect(backend.sim.stats().requests).toBe(0);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(again.extensions?.stale).toBeUndefined();
  });

  it('costs ceil(N / 50) calls for a dashboard on a cold cache, then asks only for the kinds not cached yet', async () => {
    const bus = await recordingBus();
    try {
      const subgraph = await subgraphOn(bus.url);
      await entities(subgraph.url, usccs, DASHBOARD);
      expect(bus.asked()).toEqual(Array(4).fill({ kinds: ['DJXX', 'XYDJ', 'QSXX'], ids: 50 }));
      bus.requests.splice(0);
      // Status and credit grade are cached; the invoice quota is not: one call per 50 for 发票额度 alone.
      const more = await entities(subgraph.url, usccs, 'tax { status creditGrade { grade } invoiceQuota { remaining } }');
      expect(more.errors).toBeUndefined();
      expect(bus.asked()).toEqual(Array(4).fill({ kinds: ['FPED'], ids: 50 }));
      bus.requests.splice(0);
      await entities(subgraph.url, usccs, 'tax { statusLabel arrearsTotal invoiceQuota { total } } taxEvents { kind }');
      expect(bus.asked()).toEqual([]);
    } finally {
      await bus.close();
    }
  });

  it('makes one call for the same enterprises asked by concurrent requests', async () => {
    const subgraph = await subgraphOn(backend.url);
    const answers = await Promise.all([1, 2, 3, 4].map(() => entities(subgraph.url, usccs.slice(0, 50), DASHBOARD)));
    expect(backend.sim.stats().requests).toBe(1);
    for (const a of answers) expect(a.data).toEqual(answers[0].data);
  });

  it('remembers that the bureau does not know a taxpayer, answering null again without a call', async () => {
    const subgraph = await subgraphOn(backend.url);
    const first = await entities(subgraph.url, [SAMPLE_USCC.newlyOpened], 'tax { status }');
    expect(first.data._entities[0].tax).toBeNull();
    backend.sim.resetStats();
    const again = await entities(subgraph.url, [SAMPLE_USCC.newlyOpened], 'tax { status }');
    expect(again.data._entities[0].tax).toBeNull();
    expect(again.errors).toBeUndefined();
    expect(backend.sim.stats().requests).toBe(0);
  });

  it('never caches a record the bus sent malformed: the next query asks for that taxpayer again', async () => {
    let corrupt = true;
    const bus = await fakeBus(async (req) => {
      const reply = await forward(backend.url, req);
      const list = (reply.body as any).body.nsrList as any[];
      if (corrupt) for (const r of list) if (r.nsrsbh === SAMPLE_USCC.troubled) delete r.nsrmc;
      return reply;
    });
    try {
      const subgraph = await subgraphOn(bus.url);
      const two = [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled];
      const first = await entities(subgraph.url, two, 'tax { status }');
      expect(first.data._entities.map((e: any) => e.tax)).toEqual([{ status: 'NORMAL' }, null]);
      expect(first.errors).toHaveLength(1);
      expect(first.errors![0]).toMatchObject({ path: ['_entities', 1, 'tax'], extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason: 'BAD_RESPONSE' } });
      corrupt = false;
      bus.requests.splice(0);
      const again = await entities(subgraph.url, two, 'tax { status }');
      expect(again.errors).toBeUndefined();
      expect(again.data._entities[1].tax).toEqual({ status: expect.any(String) });
      expect(bus.requests.map((r) => JSON.parse(r.body).body.nsrsbhList)).toEqual([[SAMPLE_USCC.troubled]]);
    } finally {
      await bus.close();
    }
  });

  it('asks the bus every time when CACHE_ENABLED=false', async () => {
    const subgraph = await subgraphOn(backend.url, { CACHE_ENABLED: 'false' });
    await entities(subgraph.url, usccs.slice(0, 60), DASHBOARD);
    await entities(subgraph.url, usccs.slice(0, 60), DASHBOARD);
    expect(backend.sim.stats().requests).toBe(4);
  });

  it.runIf(process.env.REDIS_URL)('serves a record cached by one instance to another sharing the same Redis, without a call', async () => {
    const shared = { CACHE_PREFIX: uniqueCachePrefix() };
    const [a, b] = [await subgraphOn(backend.url, shared), await subgraphOn(backend.url, shared)];
    const first = await entities(a.url, usccs.slice(0, 50), DASHBOARD);
    expect(backend.sim.stats().requests).toBe(1);
    const second = await entities(b.url, usccs.slice(0, 50), DASHBOARD);
    expect(backend.sim.stats().requests).toBe(1);
    expect(second.data).toEqual(first.data);
  });
});
