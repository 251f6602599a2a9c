import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { enterpriseReps, entitiesQuery, startTestStack, type TestStack } from './test-kit.ts';

/**
 * What the gateway asks of this subgraph, and what it costs at the registry (its request counter).
 * The cache is off here: these counts are about batching and paging alone, whatever earlier tests
 * read (cache.test.ts counts what the cache saves).
 */

let stack: TestStack;
beforeAll(async () => void (stack = await startTestStack({ env: { CACHE_ENABLED: 'false' } })));
afterAll(() => stack.stop());
beforeEach(() => stack.sim.resetStats());

const BUILDING_PAGE = `query($id: ID!, $first: Int, $after: String, $status: RegistrationStatus, $lists: Boolean!) {
  _entities(representations: [{ __typename: "Building", id: $id }]) { ... on Building {
    enterprises(first: $first, after: $after, filter: { status: $status }) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { uscc building { id } registration {
        name status establishedOn legalRepresentative { name }
        changes @include(if: $lists) { item } annualReports @include(if: $lists) { year } abnormalListEntries @include(if: $lists) { listedOn }
      } } }
    }
  } }
}`;
const buildingPage = async (variables: Record<string, unknown>) => {
  const res = await stack.gql(BUILDING_PAGE, { lists: false, ...variables });
  expect(res.errors).toBeUndefined();
  return res.data._entities[0].enterprises;
};
const inBuilding = (id: string) => stack.dataset.enterprises.filter((e) => e.buildingId === id);

describe('batching against the registry', () => {
  it('resolves 120 enterprises with registration, lists, building and events in ceil(120 / 100) = 2 calls', async () => {
    const usccs = stack.dataset.enterprises.slice(0, 120).map((e) => e.uscc);
    const res = await stack.gql(
      entitiesQuery('uscc building { id } registration { name changes { item } annualReports { year } onAbnormalList branches { uscc } } marketEvents { kind }'),
      { reps: enterpriseReps(usccs) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities.map((e: any) => e.registration.name)).toEqual(stack.dataset.enterprises.slice(0, 120).map((e) => e.name));
    expect(stack.calls()).toEqual({ requests: 2, byRoute: { 'enterprise.batch': 2 } });
  });

  it('lists a building’s first 200 enterprises in exactly 2 registry calls, registration and building included', async () => {
    const page = await buildingPage({ id: 'LS-B001', first: 200 });
    expect(page.totalCount).toBe(420);
    expect(page.edges).toHaveLength(200);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges.every((e: any) => e.node.building.id === 'LS-B001' && /\*/.test(e.node.registration.legalRepresentative.name))).toBe(true);
    expect(stack.calls()).toEqual({ requests: 2, byRoute: { 'enterprise.search': 2 } });
  });

  it('adds at most 2 calls when the 200 listed enterprises also ask for changes, annual reports and abnormal entries', async () => {
    const page = await buildingPage({ id: 'LS-B001', first: 200, lists: true });
    expect(page.edges[0].node.registration.annualReports.length).toBeGreaterThan(0);
    expect(stack.calls()).toEqual({ requests: 4, byRoute: { 'enterprise.search': 2, 'enterprise.batch': 2 } });
  });

  it('pages through all 420 enterprises of LS-B001 with stable cursors, and filters a building by status', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await buildingPage({ id: 'LS-B001', first: 200, after });
      seen.push(...page.edges.map((e: any) => e.node.uscc));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(inBuilding('LS-B001').map((e) => e.uscc).sort());
    const small = await buildingPage({ id: 'LS-B003', first: 200 });
    expect(small.totalCount).toBe(12);
    const open = await buildingPage({ id: 'LS-B003', status: 'EXISTING' });
    expect(open.totalCount).toBe(inBuilding('LS-B003').filter((e) => e.status === 'EXISTING').length);
    expect((await buildingPage({ id: 'LS-B999' })).totalCount).toBe(0);
  });

  it('pages enterprises(filter: {status: DEREGISTERED, keyword}) with cursors that give the same pages every time', async () => {
    const query = `query($after: String) { enterprises(first: 10, after: $after, filter: { status: DEREGISTERED, keyword: "餐饮" }) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { uscc registration { name status } } } } }`;
    const expected = stack.dataset.enterprises.filter((e) => e.status === 'DEREGISTERED' && e.name.includes('餐饮')).map((e) => e.uscc).sort();
    const pages: any[] = [];
    let after: string | null = null;
    do {
      const page: any = (await stack.gql(query, { after })).data.enterprises;
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(pages[0].totalCount).toBe(expected.length);
    expect(pages.flatMap((p) => p.edges.map((e: any) => e.node.uscc))).toEqual(expected);
    expect(pages.every((p) => p.edges.every((e: any) => e.node.registration.status === 'DEREGISTERED' && e.node.registration.name.includes('餐饮')))).toBe(true);
    const again = (await stack.gql(query, { after: pages[0].pageInfo.endCursor })).data.enterprises;
    expect(again).toEqual(pages[1]);
    expect(stack.calls().byRoute['enterprise.batch']).toBeUndefined();
  });
});

describe('market events for the merged timeline', () => {
  const events = async (uscc: string) =>
    (await stack.gql(entitiesQuery('marketEvents { at department kind title detail }'), { reps: enterpriseReps([uscc]) })).data._entities[0].marketEvents;

  it('dates establishment, changes, branches and annual reports from the registry’s records, oldest first', async () => {
    const healthy = await events(SAMPLE_USCC.healthy);
    expect(healthy.slice(0, 2)).toEqual([
      { at: '2016-03-18', department: 'MARKET', kind: 'ESTABLISHED', title: '设立登记', detail: '有限责任公司（自然人投资或控股）' },
      { at: '2017-04-07', department: 'MARKET', kind: 'ANNUAL_REPORT_FILED', title: '2016年度报告公示', detail: null },
    ]);
    expect(healthy.filter((e: any) => e.kind === 'ANNUAL_REPORT_FILED')).toHaveLength(10);
    expect(healthy).toContainEqual(expect.objectContaining({ at: '2019-07-02', kind: 'CHANGED', title: '住所变更' }));
    expect(healthy).toContainEqual(expect.objectContaining({ at: '2021-09-09', kind: 'BRANCH_ESTABLISHED', detail: '青岛海岸线科技有限公司金家岭分公司' }));
    expect(healthy.map((e: any) => e.at)).toEqual(healthy.map((e: any) => e.at).sort());
    expect(await events(SAMPLE_USCC.renamed)).toContainEqual(expect.objectContaining({ at: '2022-08-15', kind: 'NAME_CHANGED' }));
  });

  it('ends a closed enterprise’s timeline with its exit, and shows abnormal listings', async () => {
    expect((await events(SAMPLE_USCC.deregistered)).at(-1)).toMatchObject({ at: '2024-09-20', kind: 'DEREGISTERED', title: '注销登记' });
    const revoked = await events(SAMPLE_USCC.revoked);
    expect(revoked).toContainEqual(expect.objectContaining({ at: '2018-07-02', kind: 'ABNORMAL_LISTED' }));
    expect(revoked.at(-1)).toMatchObject({ at: '2021-12-03', kind: 'REVOKED' });
    expect((await events(SAMPLE_USCC.abnormal)).at(-1)).toMatchObject({ at: '2025-07-10', kind: 'ABNORMAL_LISTED' });
  });
});
