import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMarketRequest } from '@district/backends';
import { DEV_CREDENTIALS } from '@district/domain';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';
import { backendWrites, openingForm } from './forms.ts';

/**
 * NAME_TAKEN at once: a precondition check reads what the registry holds now, not the market
 * subgraph's 30-second search cache, and a registration through the graph drops the cached
 * searches it made stale. So the same name under a new idempotency key, right after the first
 * opening completed (well within the cache's TTL), is refused at submission with nothing stored.
 */
const OPEN = `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { id status } }`;
const BUNDLE = `query($id: ID!) { bundle(id: $id) { status reason results { uscc } } }`;
/** The page the precondition check reads too (first 100 of a keyword search), so both share a cache entry. */
const SEARCH = `query($k: String) { enterprises(first: 100, filter: { keyword: $k }) { totalCount edges { node { uscc registration { name } } } } }`;

describe('a name taken is refused at once', () => {
  let stack: Stack;
  let window: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack({ env: { BUNDLE_WORKER_INTERVAL_MS: '20' } });
    window = await stack.authHeaders({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING', sub: 'w-name' } as any);
  });
  afterAll(async () => stack?.stop());

  const stored = async (key: string) =>
    (await (stack.subgraphs.services as RunningServices).db.query('SELECT id FROM bundle WHERE idempotency_key = $1', [key])).length;

  async function completed(id: string) {
    const until = Date.now() + 20_000;
    for (;;) {
      const { data } = await stack.query(BUNDLE, { id }, window);
      if (data.bundle.status === 'COMPLETED') return data.bundle;
      if (data.bundle.status !== 'SUBMITTED' && data.bundle.status !== 'RUNNING') throw new Error(`bundle ${id} ended ${JSON.stringify(data.bundle)}`);
      if (Date.now() > until) throw new Error(`bundle ${id} not completed: ${JSON.stringify(data.bundle)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function refusedAsTaken(key: string, name: string) {
    stack.resetBackendStats();
    const res = await stack.query(OPEN, { input: openingForm(key, name) }, window);
    expect(res.data?.openEnterprise ?? null, JSON.stringify(res)).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', blockers: [{ department: 'MARKET', code: 'NAME_TAKEN' }] });
    expect(await stored(key)).toBe(0);
    expect(backendWrites(stack).marketEstablish).toBe(0);
  }

  it('refuses the same name under a new idempotency key right after the first opening completes', async () => {
    const name = '青岛崂山重名测试甲科技有限公司';
    const first = await stack.query(OPEN, { input: openingForm('e2e-name-first-1', name) }, window);
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    const started = Date.now();
    await completed(first.data.openEnterprise.id);
    await refusedAsTaken('e2e-name-again-1', name);
    // Inside the search cache's 30-second freshness: the refusal did not wait for it to expire.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('sees a name registered at the registry by another channel, whatever the search cache holds', async () => {
    const name = '青岛崂山重名测试乙科技有限公司';
    // A search cached while the name was free, the very page the precondition check reads …
    expect((await stack.query(SEARCH, { k: name })).data.enterprises.totalCount).toBe(0);
    // … then the 市场监管 counter registers it directly (no write through the graph invalidates anything).
    const body = JSON.stringify({
      entName: name, entType: '1130', regCap: '100', dom: '山东省青岛市崂山区海尔路8号', lerep: '李四', lerepCerNo: '370212198001011235', opScope: '软件开发',
    });
    const path = '/api/v1/enterprises';
    const res = await fetch(stack.backends.urls.market + path, {
      method: 'POST', body,
      headers: { ...signMarketRequest({ method: 'POST', pathWithQuery: path, body, ...DEV_CREDENTIALS.market }), 'content-type': 'application/json', 'Idempotency-Key': 'counter-0001' },
    });
    expect(res.status).toBe(200);
    // Ordinary reads may still show the cached page (nothing told the graph); the precondition check must not.
    expect((await stack.query(SEARCH, { k: name })).data.enterprises.totalCount).toBe(0);
    await refusedAsTaken('e2e-name-again-2', name);
  });

  it('drops cached searches a registration through the graph made stale', async () => {
    const name = '青岛崂山重名测试丙科技有限公司';
    expect((await stack.query(SEARCH, { k: name })).data.enterprises.totalCount).toBe(0);
    const opened = await stack.query(OPEN, { input: openingForm('e2e-name-first-3', name) }, window);
    const bundle = await completed(opened.data.openEnterprise.id);
    const after = await stack.query(SEARCH, { k: name });
    expect(after.data.enterprises).toMatchObject({ totalCount: 1, edges: [{ node: { uscc: bundle.results.uscc, registration: { name } } }] });
    // A search of another filter that the new enterprise joins, cached before, is dropped too.
    expect((await stack.query(SEARCH, { k: '重名测试丁' })).data.enterprises.totalCount).toBe(0);
    const other = await stack.query(OPEN, { input: openingForm('e2e-name-first-4', '青岛崂山重名测试丁科技有限公司') }, window);
    await completed(other.data.openEnterprise.id);
    expect((await stack.query(SEARCH, { k: '重名测试丁' })).data.enterprises.totalCount).toBe(1);
  });
});
