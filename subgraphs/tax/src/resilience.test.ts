import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { POLL } from '@district/runtime/polling';
import { SAMPLE_USCC } from '@district/dataset';
import { QUERY_KINDS } from './codes.ts';
import { entities, fakeBus, forward, sleep, startBackend, startTestSubgraph } from './test-kit.ts';

/** How the subgraph behaves when the 税务 bus fails: stale copies, retries, the circuit breaker. Calls counted at the stand-in. */

let backend: Awaited<ReturnType<typeof startBackend>>;
const started: RunningSubgraph[] = [];
beforeAll(async () => { backend = await startBackend(); });
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await backend?.close();
});
afterEach(() => { backend.sim.clearFaults(); backend.sim.resetStats(); });

async function subgraphOn(url: string, env: Record<string, string> = {}) {
  const s = await startTestSubgraph(url, env);
  started.push(s);
  return s;
}

/** Every record kind with the same tiny policy, via TAX_CACHE_POLICIES. */
const policies = (ttlMs: number, staleIfErrorMs: number) =>
  JSON.stringify(Object.fromEntries(QUERY_KINDS.map((k) => [k, { ttlMs, staleIfErrorMs }])));

const DASHBOARD = 'tax { name status creditGrade { grade } hasArrears }';
const calls = () => backend.sim.stats().requests;

describe('stale-if-error', () => {
  it('serves the last copy when the bus is down after its TTL, and says so in extensions.stale', async () => {
    const subgraph = await subgraphOn(backend.url, { TAX_CACHE_POLICIES: policies(1, 60_000), TAX_RETRIES: '0' });
    const fresh = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    expect(fresh.errors).toBeUndefined();
    await sleep(20); // past the 1 ms TTL
    backend.sim.setFaults({ outage: true });
    const r = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual(fresh.data);
    expect(r.extensions.stale).toEqual([{ department: 'TAX', ageSeconds: expect.any(Number), asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), reason: 'OUTAGE' }]);
    expect(r.extensions.stale[0].ageSeconds).toBeGreaterThanOrEqual(0);
  });

  it('answers null with DEPARTMENT_UNAVAILABLE for an enterprise it has no copy of, next to one it has', async () => {
    const subgraph = await subgraphOn(backend.url, { TAX_CACHE_POLICIES: policies(1, 60_000), TAX_RETRIES: '0' });
    await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    await sleep(20);
    backend.sim.setFaults({ outage: true });
    const r = await entities(subgraph.url, [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled], DASHBOARD);
    expect(r.data._entities[0].tax).toMatchObject({ name: '青岛海岸线科技有限公司', status: 'NORMAL' });
    expect(r.data._entities[1]).toEqual({ uscc: SAMPLE_USCC.troubled, tax: null });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ path: ['_entities', 1, 'tax'], extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason: 'OUTAGE' } });
    expect(r.extensions.stale).toMatchObject([{ department: 'TAX', reason: 'OUTAGE' }]);
  });

  it('does not serve a copy older than its stale-if-error window', async () => {
    const subgraph = await subgraphOn(backend.url, { TAX_CACHE_POLICIES: policies(1, 50), TAX_RETRIES: '0' });
    await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    await sleep(120);
    backend.sim.setFaults({ outage: true });
    const r = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    expect(r.data._entities[0].tax).toBeNull();
    expect(r.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason: 'OUTAGE' });
    expect(r.extensions?.stale).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries a transient 系统异常 to success, each attempt with its own 交易流水号', async () => {
    let n = 0;
    const bus = await fakeBus((req) => (++n === 1
      ? { body: { head: { rtnCode: '999', rtnMsg: '系统异常' }, body: null } }
      : forward(backend.url, req)));
    try {
      const subgraph = await subgraphOn(bus.url, { TAX_RETRIES: '2', TAX_RETRY_BASE_MS: '1', TAX_RETRY_MAX_MS: '5' });
      const r = await entities(subgraph.url, [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled], DASHBOARD);
      expect(r.errors).toBeUndefined();
      expect(r.data._entities.map((e: any) => e.tax.status)).toEqual(['NORMAL', 'NORMAL']);
      expect(bus.requests).toHaveLength(2);
      const seqs = bus.requests.map((q) => JSON.parse(q.body).head.tranSeq);
      expect(new Set(seqs).size).toBe(2);
    } finally {
      await bus.close();
    }
  });

  it('gives up after TAX_RETRIES extra attempts while the bus keeps failing', async () => {
    const subgraph = await subgraphOn(backend.url, { TAX_RETRIES: '2', TAX_RETRY_BASE_MS: '1', TAX_RETRY_MAX_MS: '5' });
    backend.sim.setFaults({ errorRate: 1 });
    const r = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    expect(r.data._entities[0].tax).toBeNull();
    expect(r.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason: 'ERROR', nativeCode: '999' });
    expect(calls()).toBe(3);
  });

  it('recovers within its retries when the injected errors are cleared meanwhile', async () => {
    const subgraph = await subgraphOn(backend.url, { TAX_RETRIES: '3', TAX_RETRY_BASE_MS: '150', TAX_RETRY_MAX_MS: '300' });
    backend.sim.setFaults({ errorRate: 1 });
    const pending = entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    await vi.waitFor(() => expect(backend.sim.stats().rejected.injectedError).toBeGreaterThan(0), { ...POLL, interval: 2 });
    backend.sim.clearFaults();
    const r = await pending;
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0].tax.status).toBe('NORMAL');
    expect(calls()).toBeGreaterThanOrEqual(2);
    expect(backend.sim.stats().rejected.injectedError).toBe(calls() - 1);
  });

  it('does not retry a call that timed out: a slow bus stays slow', async () => {
    const subgraph = await subgraphOn(backend.url, { TAX_TIMEOUT_MS: '100', TAX_RETRIES: '2', TAX_RETRY_BASE_MS: '1' });
    backend.sim.setFaults({ latencyMs: 400, jitter: 0 });
    const r = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    expect(r.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason: 'TIMEOUT' });
    expect(calls()).toBe(1);
  });
});

describe('the circuit breaker', () => {
  // A pause long enough that a slow machine cannot reach it between the checks of the open circuit.
  const BREAKER = { TAX_RETRIES: '0', TAX_BREAKER_THRESHOLD: '3', TAX_BREAKER_HALF_OPEN_MS: '2000' };

  it('opens after TAX_BREAKER_THRESHOLD failures, answers CIRCUIT_OPEN without calling the bus, and closes again after the pause', async () => {
    const subgraph = await subgraphOn(backend.url, { ...BREAKER, CACHE_ENABLED: 'false' });
    backend.sim.setFaults({ outage: true });
    for (let i = 0; i < 3; i++) {
      const r = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
      expect(r.errors![0].extensions).toMatchObject({ reason: 'OUTAGE' });
    }
    expect(calls()).toBe(3);
    const open = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    expect(open.data._entities[0].tax).toBeNull();
    expect(open.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason: 'CIRCUIT_OPEN' });
    expect(calls()).toBe(3);

    backend.sim.clearFaults();
    // Asked again until the half-open pause is over: each answer before that fails fast, without a bus call.
    const back = await vi.waitFor(async () => {
      const r = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
      expect(r.errors).toBeUndefined();
      return r;
    }, { ...POLL, interval: 100 });
    expect(back.data._entities[0].tax.status).toBe('NORMAL');
    expect(calls()).toBe(4);
  });

  it('serves cached copies marked CIRCUIT_OPEN while the circuit is open', async () => {
    const subgraph = await subgraphOn(backend.url, { ...BREAKER, TAX_CACHE_POLICIES: policies(1, 60_000) });
    const fresh = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    backend.sim.setFaults({ outage: true });
    for (let i = 0; i < 3; i++) await entities(subgraph.url, [SAMPLE_USCC.troubled], DASHBOARD);
    backend.sim.resetStats();
    await sleep(5);
    const r = await entities(subgraph.url, [SAMPLE_USCC.healthy], DASHBOARD);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual(fresh.data);
    expect(r.extensions.stale).toMatchObject([{ department: 'TAX', reason: 'CIRCUIT_OPEN' }]);
    expect(calls()).toBe(0);
  });
});
