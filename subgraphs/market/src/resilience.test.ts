import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { postSigned, signedHeaders } from '@district/subgraph-kit/testing';
import { POLL } from '@district/runtime/polling';
import { enterpriseReps, entitiesQuery, flakyFront, startTestStack, type FlakyFront, type TestStack, type TestStackOptions } from './test-kit.ts';

/**
 * The subgraph when the registry fails: stale copies (stale-if-error), errors naming the
 * department, retries of transient failures with a fresh signature, and the circuit breaker.
 * Each scenario has its own stack: breaker state and cached copies are per process.
 */

/** Backoff of a few milliseconds, so retries do not slow the tests down. */
const FAST_RETRIES = { MARKET_RETRY_BASE_MS: '5', MARKET_RETRY_MAX_MS: '20' };

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});
async function stackWith(options: TestStackOptions): Promise<TestStack> {
  const stack = await startTestStack({ ...options, env: { ...FAST_RETRIES, ...options.env } });
  stacks.push(stack);
  return stack;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const registrationOf = (uscc: string, selection = 'name') => `{ enterprise(uscc: "${uscc}") { uscc registration { ${selection} } } }`;

describe('market subgraph when the registry is down', () => {
  it('serves the last copy past its TTL, marked stale in extensions.stale with the department, its age and the reason', async () => {
    const stack = await stackWith({ env: { MARKET_CACHE_POLICIES: JSON.stringify({ registration: { ttlMs: 100, staleIfErrorMs: 60_000 } }) } });
    const query = registrationOf(SAMPLE_USCC.healthy, 'name status changes { item on }');
    const askedAt = Date.now();
    const fresh = await stack.gql(query);
    const readAt = Date.now();
    expect(fresh.errors).toBeUndefined();
    expect((fresh as any).extensions?.stale).toBeUndefined();
    await sleep(150); // past the 100 ms TTL
    stack.sim.setFaults({ outage: true });
    stack.sim.resetStats();

    const stale = await stack.gql(query);
    const servedAt = Date.now();
    expect(stale.errors).toBeUndefined();
    expect(stale.data).toEqual(fresh.data);
    const notices = (stale as any).extensions.stale;
    expect(notices).toEqual([{ department: 'MARKET', ageSeconds: expect.any(Number), asOf: expect.any(String), reason: 'OUTAGE' }]);
    // The copy is the one read above, however slow the machine: bounds from our own clock, not a guessed margin.
    expect(Date.parse(notices[0].asOf)).toBeGreaterThanOrEqual(askedAt);
    expect(Date.parse(notices[0].asOf)).toBeLessThanOrEqual(readAt);
    expect(notices[0].ageSeconds).toBeLessThanOrEqual(Math.round((servedAt - askedAt) / 1000));
    expect(stack.calls().requests).toBe(3); // the refresh, retried twice, before the copy was served
  });

  it('keeps what the stale record answers when a list it never had cannot be read, and names the list in the error', async () => {
    const stack = await stackWith({ env: { MARKET_CACHE_POLICIES: JSON.stringify({ registration: { ttlMs: 100, staleIfErrorMs: 60_000 } }) } });
    await stack.gql(`{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { building { id } registration { name } } }`);
    await sleep(150);
    stack.sim.setFaults({ outage: true });
    const res = await stack.gql(`{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { uscc building { id } registration { name annualReports { year } } } }`);
    // annualReports is non-null in the schema, so its failure nulls the registration; the enterprise and its building stay.
    expect(res.data.enterprise).toEqual({ uscc: SAMPLE_USCC.healthy, building: { id: 'LS-B001' }, registration: null });
    expect(res.errors).toEqual([expect.objectContaining({ path: ['enterprise', 'registration', 'annualReports'], extensions: expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', reason: 'OUTAGE' }) })]);
    expect((res as any).extensions.stale).toEqual([expect.objectContaining({ department: 'MARKET', reason: 'OUTAGE' })]);
  });

  it('nulls only the registry’s fields when nothing is cached, naming the department, and the events list with them', async () => {
    const stack = await stackWith({ env: { MARKET_BREAKER_THRESHOLD: '50' } });
    stack.sim.setFaults({ outage: true });
    const res = await stack.gql(entitiesQuery('uscc registration { name } marketEvents { kind }'), { reps: enterpriseReps([SAMPLE_USCC.healthy]) });
    expect(res.data._entities).toEqual([{ uscc: SAMPLE_USCC.healthy, registration: null, marketEvents: null }]);
    expect(res.errors!.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', reason: 'OUTAGE', nativeCode: 'E5030' }),
      expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET' }),
    ]);
    expect((res as any).extensions?.stale).toBeUndefined();
    expect(stack.calls().requests).toBe(3); // one read, tried three times
  });

  it('answers an enterprise it cannot look up by its USCC, for the other departments, saying it is unconfirmed', async () => {
    const stack = await stackWith({ env: { MARKET_BREAKER_THRESHOLD: '50' } });
    stack.sim.setFaults({ outage: true });
    // Nothing of the registry selected (as when the gateway asks only for the key): still told.
    const entry = await stack.gql(`{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { uscc } }`);
    expect(entry.data).toEqual({ enterprise: { uscc: SAMPLE_USCC.healthy } });
    expect(entry.errors).toEqual([{
      message: expect.stringMatching(/unavailable \(outage\): whether the enterprise is registered could not be checked/),
      path: ['enterprise'],
      extensions: expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', reason: 'OUTAGE' }),
    }]);
    expect(JSON.stringify(entry)).not.toContain('127.0.0.1');
    // The registry's own fields are null with the outage, under an alias too.
    const fields = await stack.gql(`{ e: enterprise(uscc: "${SAMPLE_USCC.healthy}") { uscc registration { name } } }`);
    expect(fields.data).toEqual({ e: { uscc: SAMPLE_USCC.healthy, registration: null } });
    expect(fields.errors!.map((e) => [e.path, e.extensions.code, e.extensions.department])).toEqual([
      [['e', 'registration'], 'DEPARTMENT_UNAVAILABLE', 'MARKET'],
      [['e'], 'DEPARTMENT_UNAVAILABLE', 'MARKET'],
    ]);
    expect(stack.calls().requests).toBe(6); // two reads, each tried three times
  });

  it('refuses building staff an enterprise it cannot place in their buildings, with the outage', async () => {
    const stack = await stackWith({ env: { MARKET_BREAKER_THRESHOLD: '50' } });
    stack.sim.setFaults({ outage: true });
    const staff = { role: 'building-staff' as const, buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' as const };
    const res = await postSigned(stack.subgraph.url, `{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { uscc } }`, undefined, staff);
    expect(res.data).toEqual({ enterprise: null });
    expect(res.errors!.map((e) => [e.path, e.extensions.code, e.extensions.department])).toEqual([[['enterprise'], 'DEPARTMENT_UNAVAILABLE', 'MARKET']]);
  });

  it('tells only the operation that got an unconfirmed enterprise, in a batched request', async () => {
    const stack = await stackWith({ env: { MARKET_BREAKER_THRESHOLD: '50' } });
    stack.sim.setFaults({ outage: true });
    const res = await fetch(stack.subgraph.url, {
      method: 'POST',
      headers: await signedHeaders(),
      body: JSON.stringify([{ query: `{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { uscc } }` }, { query: '{ __typename }' }]),
    });
    const [first, second] = await res.json();
    expect(first.data).toEqual({ enterprise: { uscc: SAMPLE_USCC.healthy } });
    expect(first.errors.map((e: any) => e.path)).toEqual([['enterprise']]);
    expect(second).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('market subgraph when the registry fails for a moment', () => {
  it('retries a failed read as a new, freshly signed call, which the registry accepts although it saw the first', async () => {
    let front!: FlakyFront;
    const stack = await stackWith({ front: async (url) => (front = await flakyFront(url, { failFirst: 1, forwardFailed: true })) });
    const res = await stack.gql(registrationOf(SAMPLE_USCC.healthy));
    expect(res).toEqual({ data: { enterprise: { uscc: SAMPLE_USCC.healthy, registration: { name: '青岛海岸线科技有限公司' } } } });
    expect(front.seen.map((s) => s.failed)).toEqual([true, false]);
    expect(front.seen[1].nonce).not.toBe(front.seen[0].nonce);
    expect(stack.calls()).toEqual({ requests: 2, byRoute: { 'enterprise.batch': 2 } });
  });

  it('retries a search page twice and answers it on the third call', async () => {
    let front!: FlakyFront;
    const stack = await stackWith({ front: async (url) => (front = await flakyFront(url, { failFirst: 2 })) });
    const res = await stack.gql('{ enterprises(first: 5, filter: { building: "LS-B003" }) { totalCount edges { node { uscc } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.enterprises.totalCount).toBe(12);
    expect(front.seen.map((s) => s.failed)).toEqual([true, true, false]);
    expect(new Set(front.seen.map((s) => s.nonce)).size).toBe(3);
  });

  it('answers with the error once the retries are spent, and succeeds on the next request', async () => {
    let front!: FlakyFront;
    const stack = await stackWith({ front: async (url) => (front = await flakyFront(url, { failFirst: 3 })) });
    const failed = await stack.gql(registrationOf(SAMPLE_USCC.healthy));
    expect(failed.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', reason: 'ERROR', nativeCode: 'E5000' });
    expect(front.seen).toHaveLength(3);
    const ok = await stack.gql(registrationOf(SAMPLE_USCC.healthy));
    expect(ok.errors).toBeUndefined();
    expect(front.seen).toHaveLength(4);
  });
});

describe('market subgraph circuit breaker', () => {
  it('opens after the threshold, answers CIRCUIT_OPEN without calling the registry, and closes after the half-open pause', async () => {
    // A pause long enough that a slow machine cannot reach it between the checks of the open circuit.
    const stack = await stackWith({ env: { MARKET_RETRIES: '0', MARKET_BREAKER_THRESHOLD: '2', MARKET_BREAKER_HALF_OPEN_MS: '2000' } });
    const [a, b, c, d] = stack.dataset.enterprises.slice(0, 4).map((e) => e.uscc);
    stack.sim.setFaults({ outage: true });
    for (const uscc of [a, b]) {
      expect((await stack.gql(registrationOf(uscc))).errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', reason: 'OUTAGE' });
    }
    expect(stack.calls().requests).toBe(2);

    const open = await stack.gql(registrationOf(c));
    expect(open.data.enterprise).toEqual({ uscc: c, registration: null });
    expect(open.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MARKET', reason: 'CIRCUIT_OPEN' });
    stack.sim.clearFaults();
    expect((await stack.gql(registrationOf(c))).errors![0].extensions).toMatchObject({ reason: 'CIRCUIT_OPEN' });
    expect(stack.calls().requests).toBe(2); // failing fast: the registry was not asked

    // Asked again until the pause is over: each answer before that fails fast, without a registry call.
    const probe = await vi.waitFor(async () => {
      const res = await stack.gql(registrationOf(c));
      expect(res.errors).toBeUndefined();
      return res;
    }, { ...POLL, interval: 100 });
    expect(probe.data.enterprise.registration.name).toBe(stack.dataset.enterprises[2].name);
    expect((await stack.gql(registrationOf(d))).errors).toBeUndefined();
    expect(stack.calls().requests).toBe(4);
  });
});
