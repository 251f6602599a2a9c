import { describe, expect, it } from 'vitest';
import { createClient, persistedIdOf } from './client.ts';
import { buildingDashboard, openEnterprise } from './screens.ts';
import { BuildingDashboardDocument } from './gql/graphql.ts';
import persisted from './gql/persisted-documents.json' with { type: 'json' };

/** A fetch that answers each request with the next answer and keeps what was sent. */
function fakeFetch(answers: Array<{ status?: number; body: object }>) {
  const sent: any[] = [];
  const f = (async (_url: string, init: RequestInit) => {
    sent.push(JSON.parse(String(init.body)));
    const a = answers.shift()!;
    return new Response(JSON.stringify(a.body), { status: a.status ?? 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { f, sent };
}

describe('the example client', () => {
  it('sends an operation by its persisted id alone, with its name and variables', async () => {
    const { f, sent } = fakeFetch([{ body: { data: { building: null } } }]);
    const request = createClient({ url: 'http://gateway/graphql', fetch: f, headers: () => ({ authorization: 'Bearer t' }) });
    expect(await buildingDashboard(request, 'LS-B001')).toBeNull();
    expect(sent).toEqual([{ operationName: 'BuildingDashboard', variables: { id: 'LS-B001', first: 20 }, extensions: { persistedQuery: { version: 1, sha256Hash: persistedIdOf(BuildingDashboardDocument) } } }]);
    expect(persistedIdOf(BuildingDashboardDocument)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends the normalized body once more when the gateway does not know the id (development)', async () => {
    const { f, sent } = fakeFetch([
      { body: { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] } },
      { body: { data: { building: { name: '石老人商务楼', staff: [], enterprises: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } } } },
    ]);
    const board = await buildingDashboard(createClient({ url: 'http://gateway/graphql', fetch: f }), 'LS-B003');
    expect(board).toEqual({ building: '石老人商务楼', total: 0, rows: [] });
    const id = persistedIdOf(BuildingDashboardDocument);
    expect(sent[1].query).toBe((persisted as Record<string, string>)[id]);
    expect(sent[1].extensions.persistedQuery.sha256Hash).toBe(id);
  });

  it('polls a submitted bundle until it is done', async () => {
    const bundle = (status: string) => ({ id: 'LS-20261101-000001', kind: 'OPEN_ENTERPRISE', status, reason: null, uscc: null, updatedAt: '2026-11-01T00:00:00Z', steps: [], results: {} });
    const { f, sent } = fakeFetch([
      { body: { data: { openEnterprise: bundle('SUBMITTED') } } },
      { body: { data: { bundle: bundle('RUNNING') } } },
      { body: { data: { bundle: bundle('COMPLETED') } } },
    ]);
    const form = { idempotencyKey: 'key-00000001', name: '青岛示例科技有限公司', registeredCapital: '1000000.00', address: '崂山区', businessScope: '软件开发', legalRepresentative: { name: '张三', idNumber: '370212198001011235', phone: '13800000001' } };
    const done = await openEnterprise(createClient({ url: 'http://gateway/graphql', fetch: f }), form);
    expect(done.bundle?.status).toBe('COMPLETED');
    expect(sent.map((s) => s.operationName)).toEqual(['OpenEnterprise', 'BundlePoll', 'BundlePoll']);
  });
});
