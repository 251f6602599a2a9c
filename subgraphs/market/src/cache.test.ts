import { postSigned, uniqueCachePrefix } from '@district/subgraph-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { enterpriseReps, entitiesQuery, startTestStack, startTestSubgraph, type TestStack, type TestStackOptions } from './test-kit.ts';

/**
 * What the cache saves at the registry (its request counter), against the in-process store, and
 * against Redis when REDIS_URL is set. Each scenario has its own stack, so its own cache namespace.
 */

const stacks: TestStack[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});
async function stackWith(options: TestStackOptions = {}): Promise<TestStack> {
  const stack = await startTestStack(options);
  stacks.push(stack);
  return stack;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FULL = `{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { uscc building { id } registration {
  name status legalRepresentative { name } changes { item on } annualReports { year filed } branches { uscc }
} } }`;
const BUILDING = `query($first: Int) { enterprises(first: $first, filter: { building: "LS-B003" }) {
  totalCount edges { node { uscc registration { name status } } } } }`;

describe('market subgraph cache', () => {
  it('answers a repeated query from the cache without calling the registry', async () => {
    const stack = await stackWith();
    const first = await stack.gql(FULL);
    expect(first.errors).toBeUndefined();
    expect(stack.calls().requests).toBe(1);
    stack.sim.resetStats();
    const again = await stack.gql(FULL);
    expect(again.data).toEqual(first.data);
    expect((again as { extensions?: { asOf?: unknown } }).extensions?.asOf).toEqual([expect.objectContaining({ department: 'MARKET' })]); // how fresh the cached copy is
    const events = await stack.gql(entitiesQuery('marketEvents { kind }'), { reps: enterpriseReps([SAMPLE_USCC.healthy]) });
    expect(events.errors).toBeUndefined();
    expect(stack.calls().requests).toBe(1); // marketEvents needs abnormal entries, the one list not read before
  });

  it('asks the registry once for concurrent requests missing the same enterprise', async () => {
    const stack = await stackWith({ settings: { latencyMs: 50 } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => stack.gql(FULL)));
    expect(answers.every((a) => a.errors === undefined && JSON.stringify(a) === JSON.stringify(answers[0]))).toBe(true);
    expect(stack.calls().requests).toBe(1);
  });

  it('answers a repeated search page from the cache, and the listed enterprises’ registrations in later requests', async () => {
    const stack = await stackWith();
    const page = await stack.gql(BUILDING, { first: 20 });
    expect(page.data.enterprises.totalCount).toBe(12);
    expect(stack.calls()).toEqual({ requests: 1, byRoute: { 'enterprise.search': 1 } });
    expect((await stack.gql(BUILDING, { first: 20 })).data).toEqual(page.data);
    const usccs = page.data.enterprises.edges.map((e: any) => e.node.uscc);
    const listed = await stack.gql(entitiesQuery('uscc registration { name status }'), { reps: enterpriseReps(usccs) });
    expect(listed.data._entities.map((e: any) => e.registration)).toEqual(page.data.enterprises.edges.map((e: any) => e.node.registration));
    expect(stack.calls().requests).toBe(1); // the search primed every registration
    await stack.gql(entitiesQuery('registration { changes { item } }'), { reps: enterpriseReps(usccs) });
    expect(stack.calls()).toEqual({ requests: 2, byRoute: { 'enterprise.search': 1, 'enterprise.batch': 1 } }); // the lists, all 12 in one call
  });

  it('asks the registry again for a search page once its short TTL has passed', async () => {
    const stack = await stackWith({ env: { MARKET_CACHE_POLICIES: JSON.stringify({ search: { ttlMs: 100, staleIfErrorMs: 60_000 } }) } });
    await stack.gql(BUILDING, { first: 20 });
    await stack.gql(BUILDING, { first: 20 });
    expect(stack.calls().requests).toBe(1);
    await sleep(150);
    await stack.gql(BUILDING, { first: 20 });
    expect(stack.calls().requests).toBe(2);
  });

  it('reads the registry for every request with CACHE_ENABLED=false', async () => {
    const stack = await stackWith({ env: { CACHE_ENABLED: 'false' } });
    await stack.gql(FULL);
    await stack.gql(FULL);
    await stack.gql(BUILDING, { first: 20 });
    await stack.gql(BUILDING, { first: 20 });
    expect(stack.calls()).toEqual({ requests: 4, byRoute: { 'enterprise.batch': 2, 'enterprise.search': 2 } });
  });

  it.skipIf(!process.env.REDIS_URL)('serves a record one instance read to another instance sharing its Redis, without a call', async () => {
    const prefix = uniqueCachePrefix();
    const stack = await stackWith({ env: { CACHE_PREFIX: prefix } });
    const first = await stack.gql(FULL);
    const other = await startTestSubgraph(stack.backendUrl, { CACHE_PREFIX: prefix });
    stops.push(other.stop);
    stack.sim.resetStats();
    const reply = await postSigned(other.url, FULL);
    expect(stack.calls().requests).toBe(0);
    expect(reply.data).toEqual(first.data);
    // The other instance's copy, and how fresh it is (extensions.asOf, as for a copy of its own).
    expect((reply as { extensions?: { asOf?: unknown } }).extensions?.asOf).toEqual([expect.objectContaining({ department: 'MARKET' })]);
  });
});
