import { postEntities, postSigned, uniqueCachePrefix, type GraphQLReply } from '@district/subgraph-kit/testing';
import { POLL } from '@district/runtime/polling';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { KIND } from './cache-policy.ts';
import { holderReply, replyXml, rightRecord, startBackend, startScriptedRegistry, startTestSubgraph, type Backend } from './test-kit.ts';

/**
 * The registry's reads through the cache, retries and circuit breaker (DepartmentReads), seen from
 * GraphQL, counting the calls that reach the registry. Each test starts a subgraph of its own, so
 * caches and circuits never leak between tests. Runs against real Redis when REDIS_URL is set.
 */

let registry: Backend;
beforeAll(async () => {
  registry = await startBackend();
});
afterAll(async () => {
  await registry?.sim.close();
});
beforeEach(() => registry.sim.resetStats());
afterEach(() => registry.sim.clearFaults());

async function subgraphOn(url: string, extra: Record<string, string> = {}) {
  const subgraph = await startTestSubgraph(url, extra);
  onTestFinished(() => subgraph.stop());
  return subgraph;
}

/** The reply without its raw text, so a whole answer can be compared. */
const answer = ({ text: _text, ...reply }: GraphQLReply) => reply;

async function holdings(subgraph: { url: string }, usccs: string[], selection = 'realEstate { registeredName currentUnitCount hasSeizure }') {
  return answer(await postEntities(subgraph.url, usccs, `uscc ${selection}`));
}

async function unit(subgraph: { url: string }, unitNo: string) {
  return answer(await postSigned(subgraph.url, 'query($n: ID!) { propertyUnit(unitNo: $n) { unitNo location seizures { kind } } }', { n: unitNo }));
}

const calls = () => registry.sim.stats().requests;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TROUBLED_UNIT = '370212001008GB00102F00011102';
const UNKNOWN_UNIT = '370212001008GB00102F00019999';

describe('the registry cache', () => {
  it('answers a repeated query from the cache with no registry call', async () => {
    const subgraph = await subgraphOn(registry.url);
    const first = await holdings(subgraph, [SAMPLE_USCC.troubled, SAMPLE_USCC.healthy]);
    expect(first.errors).toBeUndefined();
    await unit(subgraph, TROUBLED_UNIT);
    await unit(subgraph, UNKNOWN_UNIT);
    expect(calls()).toBe(3);

    registry.sim.resetStats();
    const again = await holdings(subgraph, [SAMPLE_USCC.troubled, SAMPLE_USCC.healthy]);
    expect(again.data).toEqual(first.data);
    expect(again.errors).toBeUndefined();
    expect(again.extensions?.stale).toBeUndefined();
    expect(again.extensions?.asOf).toEqual([expect.objectContaining({ department: 'REAL_ESTATE' })]); // fresh, and how fresh
    expect((await unit(subgraph, TROUBLED_UNIT)).data.propertyUnit).toMatchObject({ unitNo: TROUBLED_UNIT, seizures: [{ kind: 'RENEWED' }] });
    // "Not registered" is remembered too.
    expect((await unit(subgraph, UNKNOWN_UNIT)).data).toEqual({ propertyUnit: null });
    expect(calls()).toBe(0);
  });

  it('asks the registry only for the holders of a batch that are not cached', async () => {
    const subgraph = await subgraphOn(registry.url);
    await holdings(subgraph, [SAMPLE_USCC.troubled]);
    registry.sim.resetStats();
    const { data, errors } = await holdings(subgraph, [SAMPLE_USCC.troubled, SAMPLE_USCC.healthy, SAMPLE_USCC.deregistered]);
    expect(errors).toBeUndefined();
    expect(data._entities.map((e: any) => e.realEstate.currentUnitCount)).toEqual([2, 1, 0]);
    expect(calls()).toBe(1);
    expect(registry.sim.stats().byRoute).toEqual({ exchange: 1 });
  });

  it('makes one registry call for concurrent requests that miss the same holder', async () => {
    const subgraph = await subgraphOn(registry.url);
    registry.sim.setFaults({ latencyMs: 150, jitter: 0 });
    const answers = await Promise.all([1, 2, 3].map(() => holdings(subgraph, [SAMPLE_USCC.troubled])));
    expect(answers.map((a) => a.data._entities[0].realEstate.hasSeizure)).toEqual([true, true, true]);
    expect(calls()).toBe(1);
  });

  it('reads the registry on every query when CACHE_ENABLED=false', async () => {
    const subgraph = await subgraphOn(registry.url, { CACHE_ENABLED: 'false' });
    await holdings(subgraph, [SAMPLE_USCC.troubled]);
    const { data } = await holdings(subgraph, [SAMPLE_USCC.troubled]);
    expect(data._entities[0].realEstate.currentUnitCount).toBe(2);
    expect(calls()).toBe(2);
  });

  it('refuses at start-up a cache policy for a record kind the subgraph does not have, naming the variable', async () => {
    await expect(startTestSubgraph(registry.url, { REAL_ESTATE_CACHE_POLICIES: '{"parcels":{"ttlMs":1000,"staleIfErrorMs":0}}' }))
      .rejects.toThrow(/REAL_ESTATE_CACHE_POLICIES: names unknown record kind "parcels"; known: holdings, unit/);
  });

  it.runIf(process.env.REDIS_URL)('shares records between two instances on one Redis, and drops them in both on invalidation', async () => {
    const shared = { CACHE_PREFIX: uniqueCachePrefix() };
    const a = await subgraphOn(registry.url, shared);
    const b = await subgraphOn(registry.url, shared);
    await holdings(a, [SAMPLE_USCC.troubled]);
    expect(calls()).toBe(1);
    expect((await holdings(b, [SAMPLE_USCC.troubled])).data._entities[0].realEstate.currentUnitCount).toBe(2);
    expect(calls()).toBe(1);

    await a.reads.invalidate(KIND.holdings, [SAMPLE_USCC.troubled]);
    // b drops its in-process copy when the invalidation message arrives; its next read goes to the registry.
    await vi.waitFor(async () => {
      await holdings(b, [SAMPLE_USCC.troubled]);
      expect(calls()).toBe(2);
    }, POLL);
  });
});

describe('when the registry fails', () => {
  const tinyTtl = JSON.stringify({ holdings: { ttlMs: 50, staleIfErrorMs: 60_000 } });

  it('serves the last copy past its TTL during an outage, naming the department, its age and the reason in extensions.stale', async () => {
    const subgraph = await subgraphOn(registry.url, { REAL_ESTATE_CACHE_POLICIES: tinyTtl, REAL_ESTATE_RETRIES: '0' });
    const before = await holdings(subgraph, [SAMPLE_USCC.troubled]);
    await sleep(80); // past the 50 ms TTL
    registry.sim.setFaults({ outage: true });
    registry.sim.resetStats();

    const during = await holdings(subgraph, [SAMPLE_USCC.troubled, SAMPLE_USCC.healthy]);
    expect(calls()).toBe(1); // the refresh was tried
    expect(during.data._entities[0]).toEqual(before.data._entities[0]);
    expect(during.extensions?.stale).toEqual([{ department: 'REAL_ESTATE', ageSeconds: expect.any(Number), asOf: expect.any(String), reason: 'OUTAGE' }]);
    expect(Date.now() - Date.parse(during.extensions!.stale[0].asOf)).toBeGreaterThanOrEqual(50);
    // The holder that was never cached has nothing to fall back on: its fields fail, alone.
    expect(during.data._entities[1]).toEqual({ uscc: SAMPLE_USCC.healthy, realEstate: null });
    expect(during.errors).toEqual([expect.objectContaining({
      path: ['_entities', 1, 'realEstate'],
      extensions: expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'REAL_ESTATE', reason: 'OUTAGE' }),
    })]);

    registry.sim.clearFaults();
    const after = await holdings(subgraph, [SAMPLE_USCC.troubled]);
    expect(after.extensions?.stale).toBeUndefined();
  });

  it('answers null with DEPARTMENT_UNAVAILABLE, and no extensions.stale, when the registry is down and nothing is cached', async () => {
    const subgraph = await subgraphOn(registry.url, { REAL_ESTATE_RETRIES: '0' });
    registry.sim.setFaults({ outage: true });
    const { data, errors, extensions } = await holdings(subgraph, [SAMPLE_USCC.troubled]);
    expect(data._entities).toEqual([{ uscc: SAMPLE_USCC.troubled, realEstate: null }]);
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'REAL_ESTATE', reason: 'OUTAGE' }) })]);
    expect(extensions?.stale).toBeUndefined();
    expect((await unit(subgraph, TROUBLED_UNIT)).errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'REAL_ESTATE' }) })]);
  });

  it('retries a flapping registry to success, each attempt with a fresh SerialNo', async () => {
    // 5000 系统错误 twice, then the holder.
    let n = 0;
    const scripted = await startScriptedRegistry((_req, serialNo) => (++n <= 2
      ? { status: 500, body: replyXml(serialNo, '', '5000', '系统错误') }
      : { body: replyXml(serialNo, holderReply(SAMPLE_USCC.healthy, [rightRecord({ ZJH: SAMPLE_USCC.healthy })])) }));
    onTestFinished(() => scripted.close());
    const subgraph = await subgraphOn(scripted.url, { REAL_ESTATE_RETRY_BASE_MS: '5', REAL_ESTATE_RETRY_MAX_MS: '20' });

    const { data, errors } = await holdings(subgraph, [SAMPLE_USCC.healthy]);
    expect(errors).toBeUndefined();
    expect(data._entities[0].realEstate).toEqual({ registeredName: '青岛海岸线科技有限公司', currentUnitCount: 1, hasSeizure: false });
    expect(scripted.requests).toHaveLength(3);
    const serialNos = scripted.requests.map((r) => /<SerialNo>([^<]*)<\/SerialNo>/.exec(r.body)![1]);
    expect(new Set(serialNos).size).toBe(3);
    expect(serialNos.every((s) => /^ZWFW-CX-[0-9a-f-]{36}$/.test(s))).toBe(true);
  });

  it('gives up after the configured retries, and never retries a reply that does not validate', async () => {
    let n = 0;
    const scripted = await startScriptedRegistry((_req, serialNo) => (++n === 1
      ? { status: 500, body: replyXml(serialNo, '', '5000', '系统错误') }
      : { body: replyXml(serialNo, '<QLRLIST></QLRLIST>') })); // leaves out the holder asked for
    onTestFinished(() => scripted.close());
    const subgraph = await subgraphOn(scripted.url, { REAL_ESTATE_RETRIES: '3', REAL_ESTATE_RETRY_BASE_MS: '5', REAL_ESTATE_RETRY_MAX_MS: '20' });
    const { errors } = await holdings(subgraph, [SAMPLE_USCC.healthy]);
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'BAD_RESPONSE' }) })]);
    expect(scripted.requests).toHaveLength(2);
  });

  it('opens the circuit after the threshold, answers CIRCUIT_OPEN without calling the registry, and closes after the half-open pause', async () => {
    // A pause long enough that a slow machine cannot reach it between the checks of the open circuit.
    const subgraph = await subgraphOn(registry.url, { REAL_ESTATE_RETRIES: '0', REAL_ESTATE_BREAKER_THRESHOLD: '3', REAL_ESTATE_BREAKER_HALF_OPEN_MS: '2000' });
    registry.sim.setFaults({ outage: true });
    for (let i = 0; i < 3; i++) {
      expect((await holdings(subgraph, [SAMPLE_USCC.troubled])).errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'OUTAGE' });
    }
    expect(calls()).toBe(3);
    expect(subgraph.reads.resilience.circuit).toBe('open');

    const open = await holdings(subgraph, [SAMPLE_USCC.troubled]);
    expect(open.data._entities[0].realEstate).toBeNull();
    expect(open.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'REAL_ESTATE', reason: 'CIRCUIT_OPEN' });
    expect((await unit(subgraph, TROUBLED_UNIT)).errors![0].extensions).toMatchObject({ reason: 'CIRCUIT_OPEN' });
    expect(calls()).toBe(3);

    registry.sim.clearFaults();
    // Asked again until the half-open pause is over: each answer before that fails fast, without a registry call.
    const back = await vi.waitFor(async () => {
      const reply = await holdings(subgraph, [SAMPLE_USCC.troubled]);
      expect(reply.errors).toBeUndefined();
      return reply;
    }, { ...POLL, interval: 100 });
    expect(back.data._entities[0].realEstate.hasSeizure).toBe(true);
    expect(calls()).toBe(4);
    expect(subgraph.reads.resilience.circuit).toBe('closed');
  });
});
