import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTEXT_HEADER, createContextSigner, metrics } from '@district/runtime';
import { systemCaller } from '@district/domain';
import { readGatewayConfig } from '@district/gateway/config';
import { POLL } from '@district/runtime/polling';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';

/**
 * The gateway's response and entity cache (GATEWAY_RESPONSE_CACHE, gateway/src/response-cache)
 * through the whole stack: a warm repeat asks no subgraph, a caller whose grant differs never gets
 * another's cached answer, a department write through a bundle invalidates it on every gateway
 * instance sharing Redis, a subgraph outage still serves the expired copy marked stale, and every
 * read answered from it is in the access record.
 *
 * Subgraph calls are counted where the gateway makes them (its subgraph-call histogram, in this
 * process), backend calls on the stand-ins.
 */
/** On by default; said here so these tests do not hang on the default. */
const CACHED = { GATEWAY_RESPONSE_CACHE: 'true' };

/** Calls the gateways of this process made to each subgraph so far. */
async function subgraphCalls(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await metrics.subgraphCallDuration.get()).values) {
    if (v.metricName?.endsWith('_count')) out[String(v.labels.subgraph)] = (out[String(v.labels.subgraph)] ?? 0) + v.value;
  }
  return out;
}

/** Subgraph calls made while `run` ran (one request at a time in these tests). */
async function callsDuring<T>(run: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const before = await subgraphCalls();
  const result = await run();
  const after = await subgraphCalls();
  const calls: Record<string, number> = {};
  for (const [name, n] of Object.entries(after)) if (n - (before[name] ?? 0) > 0) calls[name] = n - (before[name] ?? 0);
  return { result, calls };
}

/** What building staff open all day: department fields only (services' own fields are not cached). */
const DASHBOARD = `query($uscc: ID!) { enterprise(uscc: $uscc) {
  uscc registration { name status } tax { status hasArrears creditGrade { grade } } medicalInsurance { status hasArrears } realEstate { hasMortgage hasSeizure }
} }`;

describe('one gateway with the response cache', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: CACHED });
  });
  afterAll(() => stack?.stop());

  it('answers a warm repeat with no subgraph call and the same answer, and says how fresh it is', async () => {
    const readFrom = Date.now();
    const cold = await callsDuring(() => stack.query(DASHBOARD, { uscc: SAMPLE_USCC.troubled }));
    const readUntil = Date.now();
    expect(cold.result.errors).toBeUndefined();
    expect(Object.keys(cold.calls).sort()).toEqual(['market', 'medical-insurance', 'real-estate', 'tax']);
    // Read from the departments for this very answer: nothing to say about a cached copy.
    expect(cold.result.extensions?.asOf).toBeUndefined();
    stack.resetBackendStats();
    const warm = await callsDuring(() => stack.query(DASHBOARD, { uscc: SAMPLE_USCC.troubled }));
    expect(warm.result.data).toEqual(cold.result.data);
    expect(warm.result.errors).toBeUndefined();
    expect(warm.calls).toEqual({});
    expect(await stack.backendRequests()).toEqual({ market: 0, tax: 0, 'medical-insurance': 0, 'real-estate': 0 });
    // Served by the gateway alone, yet as a department cache's answer would be: per department it
    // served, when its data was read — during the cold request — and nothing stale.
    expect(warm.result.extensions?.stale).toBeUndefined();
    const asOf = warm.result.extensions?.asOf as { department: string; asOf: string; ageSeconds: number }[];
    expect(asOf.map((n) => n.department).sort()).toEqual(['MARKET', 'MEDICAL_INSURANCE', 'REAL_ESTATE', 'TAX']);
    for (const n of asOf) {
      expect(Date.parse(n.asOf)).toBeGreaterThanOrEqual(readFrom - 1_000); // whole milliseconds, other processes' clocks alike
      expect(Date.parse(n.asOf)).toBeLessThanOrEqual(readUntil);
      expect(n.ageSeconds).toBeLessThanOrEqual(Math.ceil((Date.now() - readFrom) / 1000));
    }
  });

  it('asks the subgraph only for the entities it does not hold', async () => {
    const one = `query($uscc: ID!) { enterprise(uscc: $uscc) { uscc tax { status } } }`;
    await stack.query(one, { uscc: SAMPLE_USCC.renamed });
    const building = `{ building(id: "LS-B001") { enterprises(first: 5) { edges { node { uscc tax { status } } } } } }`;
    const first = await callsDuring(() => stack.query(building));
    expect(first.result.errors).toBeUndefined();
    const warm = await callsDuring(() => stack.query(building));
    expect(warm.result.data).toEqual(first.result.data);
    // services owns building(id:) and is not cached; market's list and tax's entities are.
    expect(warm.calls).toEqual({ services: 1 });
  });

  it('never gives a caller the cached answer of a wider grant: unmasked vs masked personal data', async () => {
    const query = `query($uscc: ID!) { enterprise(uscc: $uscc) { registration { legalRepresentative { name idNumber } } } }`;
    const self = await stack.query(query, { uscc: SAMPLE_USCC.healthy }, await stack.authHeaders({ role: 'enterprise', uscc: SAMPLE_USCC.healthy, purpose: 'SELF_SERVICE', sub: 'ent-1' }));
    expect(self.errors).toBeUndefined();
    expect(self.data.enterprise.registration.legalRepresentative.idNumber).toBe('37021219820315201X');
    const window = await stack.query(query, { uscc: SAMPLE_USCC.healthy }, await stack.authHeaders({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING', sub: 'w-1' }));
    expect(window.errors).toBeUndefined();
    const masked = window.data.enterprise.registration.legalRepresentative;
    expect(masked.idNumber).not.toBe('37021219820315201X');
    expect(masked.idNumber).toContain('*');
    expect(masked.name).not.toBe(self.data.enterprise.registration.legalRepresentative.name);
  });

  it('never gives a purpose the cached answer of a wider one: amounts for deregistration, not for opening', async () => {
    const query = `query($uscc: ID!) { enterprise(uscc: $uscc) { tax { arrearsTotal } } }`;
    const wide = await stack.query(query, { uscc: SAMPLE_USCC.troubled }, await stack.authHeaders({ role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', sub: 'w-1' }));
    expect(wide.errors).toBeUndefined();
    expect(wide.data.enterprise.tax.arrearsTotal).toBeTruthy();
    const narrow = await stack.query(query, { uscc: SAMPLE_USCC.troubled }, await stack.authHeaders({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING', sub: 'w-1' }));
    expect(narrow.data.enterprise.tax.arrearsTotal).toBeNull();
    expect(narrow.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });

  it("never gives building staff the cached answer of another building's staff", async () => {
    const query = `query($uscc: ID!) { enterprise(uscc: $uscc) { registration { name } tax { hasArrears } } }`;
    const own = await stack.query(query, { uscc: SAMPLE_USCC.healthy }, await stack.authHeaders({ role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE', sub: 'b-1' }));
    expect(own.errors).toBeUndefined();
    expect(own.data.enterprise.registration.name).toBe('青岛海岸线科技有限公司');
    const other = await stack.query(query, { uscc: SAMPLE_USCC.healthy }, await stack.authHeaders({ role: 'building-staff', buildings: ['LS-B002'], purpose: 'BUILDING_SERVICE', sub: 'b-2' }));
    expect(JSON.stringify(other.data ?? null)).not.toContain('青岛海岸线科技有限公司');
    expect(other.data?.enterprise?.tax?.hasArrears ?? null).toBeNull();
    expect(other.errors?.length).toBeGreaterThan(0);
  });

  it('never gives an enterprise the cached answer about another enterprise', async () => {
    const query = `query($uscc: ID!) { enterprise(uscc: $uscc) { registration { name } tax { status } } }`;
    const self = await stack.query(query, { uscc: SAMPLE_USCC.healthy }, await stack.authHeaders({ role: 'enterprise', uscc: SAMPLE_USCC.healthy, purpose: 'SELF_SERVICE', sub: 'ent-1' }));
    expect(self.errors).toBeUndefined();
    const other = await stack.query(query, { uscc: SAMPLE_USCC.healthy }, await stack.authHeaders({ role: 'enterprise', uscc: SAMPLE_USCC.troubled, purpose: 'SELF_SERVICE', sub: 'ent-2' }));
    expect(other.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(JSON.stringify(other.data ?? null)).not.toContain('青岛海岸线科技有限公司');
  });

  it('records every read answered from the cache in the access record, as an uncached read', async () => {
    const services = stack.subgraphs.services as RunningServices;
    const headers = async (id: string) => ({ ...(await stack.authHeaders({ role: 'window-staff', purpose: 'ENTERPRISE_CHANGE', sub: 'w-9', caseId: 'BG-2026-0009' })), 'x-request-id': id });
    const tag = `cache-audit-${Date.now()}`;
    const cold = await stack.query(DASHBOARD, { uscc: SAMPLE_USCC.newlyOpened }, await headers(`${tag}-1`));
    expect(cold.errors).toBeUndefined();
    const warm = await callsDuring(async () => stack.query(DASHBOARD, { uscc: SAMPLE_USCC.newlyOpened }, await headers(`${tag}-2`)));
    expect(warm.calls).toEqual({});
    const rows = await vi.waitFor(async () => {
      const r = await services.db.query<any>('SELECT client_request_id, who, role, purpose, case_id, subjects, departments, fields, outcome FROM access_record WHERE client_request_id LIKE $1 ORDER BY seq', [`${tag}-%`]);
      expect(r).toHaveLength(2);
      return r;
    }, POLL);
    const [first, second] = rows.map(({ client_request_id: _, ...rest }: any) => rest);
    expect(second).toEqual(first);
    expect(second).toMatchObject({ who: 'w-9', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE', case_id: 'BG-2026-0009', subjects: [SAMPLE_USCC.newlyOpened], outcome: 'OK' });
    expect(second.departments).toEqual(expect.arrayContaining(['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE']));
  });
});

describe('a subgraph outage', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Entries fresh one second, then kept an hour for outages.
    stack = await startStack({ env: { ...CACHED, GATEWAY_RESPONSE_CACHE_MAX_TTL_S: '1' } });
  });
  afterAll(() => stack?.stop());

  it('still serves the expired copy, marked stale', async () => {
    const query = `query($uscc: ID!) { enterprise(uscc: $uscc) { uscc registration { name } tax { status hasArrears } } }`;
    const before = await stack.query(query, { uscc: SAMPLE_USCC.troubled });
    expect(before.errors).toBeUndefined();
    expect(before.extensions?.stale).toBeUndefined();
    await stack.subgraphs.tax.stop();
    // Past the entry's one second of freshness (a time to live, nothing to poll for).
    await new Promise((r) => setTimeout(r, 1_100));
    const during = await stack.query(query, { uscc: SAMPLE_USCC.troubled });
    expect(during.errors).toBeUndefined();
    expect(during.data).toEqual(before.data);
    expect(during.extensions?.stale).toEqual([expect.objectContaining({ department: 'TAX', reason: 'UNREACHABLE' })]);
    expect(during.extensions!.stale[0].ageSeconds).toBeGreaterThanOrEqual(1);
  });
});

const shared = process.env.REDIS_URL ? describe : describe.skip;

shared('two gateway instances sharing Redis', () => {
  const prefix = `t:rcache:${process.pid}:${Date.now().toString(36)}`;
  let a: Stack;
  let b: Stack;
  beforeAll(async () => {
    const env = { ...CACHED, CACHE_PREFIX: prefix, BUNDLE_WORKER_INTERVAL_MS: '20', BUNDLE_BACKOFF_MS: '100' };
    a = await startStack({ env });
    b = await startStack({ backends: a.backends, env });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('drops on every instance what a department write that never passed a gateway changed', async () => {
    const query = `query($uscc: ID!) { enterprise(uscc: $uscc) { registration { name } } }`;
    const uscc = SAMPLE_USCC.renamed;
    const old = await a.query(query, { uscc });
    expect(old.errors).toBeUndefined();
    for (const stack of [a, b]) expect((await callsDuring(() => stack.query(query, { uscc }))).calls).toEqual({});

    // What the bundle worker does: the market's own mutation, called directly as role system.
    const newName = '青岛崂山直写失效科技有限公司';
    const sign = createContextSigner(readGatewayConfig({ ...a.env, ...a.routes }).contextKey);
    const res = await fetch(a.subgraphs.market.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: sign(systemCaller(`rcache-direct-${prefix}`), Date.now() + 10_000) },
      body: JSON.stringify({ query: 'mutation($input: MarketChangeInput!) { marketChange(input: $input) { uscc } }', variables: { input: { idempotencyKey: `rcache-direct-${prefix}`, uscc, name: newName } } }),
    }).then((r) => r.json());
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    // The market announced it on Redis; both instances drop the enterprise's entries as they hear it.
    for (const stack of [b, a]) {
      await vi.waitFor(async () => expect((await stack.query(query, { uscc })).data.enterprise.registration.name).toBe(newName), POLL);
    }
  });

  it('drops on every instance what a bundle submitted on one of them changes', async () => {
    const query = `query($uscc: ID!) { enterprise(uscc: $uscc) { registration { name } } }`;
    const uscc = SAMPLE_USCC.newlyOpened;
    const old = await a.query(query, { uscc });
    expect(old.errors).toBeUndefined();
    // Warm on the other instance too: the entries are in Redis.
    const warm = await callsDuring(() => b.query(query, { uscc }));
    expect(warm.result.data).toEqual(old.data);
    expect(warm.calls).toEqual({});

    const newName = '青岛崂山缓存失效科技有限公司';
    const window = await a.authHeaders({ role: 'window-staff', purpose: 'ENTERPRISE_CHANGE', sub: 'w-1' });
    const submitted = await a.query(`mutation($input: ChangeEnterpriseInput!) { changeEnterprise(input: $input) { id } }`, { input: { idempotencyKey: `rcache-${prefix}`, uscc, newName } }, window);
    expect(submitted.errors, JSON.stringify(submitted.errors)).toBeUndefined();
    await vi.waitFor(async () => {
      const res = await a.query(`query($id: ID!) { bundle(id: $id) { status } }`, { id: submitted.data.changeEnterprise.id }, window);
      expect(res.data.bundle.status).toBe('COMPLETED');
    }, POLL);
    // Both instances answer the new name at once: the market's invalidation reached both.
    for (const stack of [b, a]) {
      const res = await stack.query(query, { uscc });
      expect(res.data.enterprise.registration.name).toBe(newName);
    }
  });
});
