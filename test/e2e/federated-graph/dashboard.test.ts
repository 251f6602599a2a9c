import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../src/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const DASHBOARD = /* GraphQL */ `
  query Dashboard($id: ID!, $first: Int, $after: String) {
    building(id: $id) {
      name
      staff { name }
      enterprises(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node {
          uscc
          registration { name status }
          tax { status creditGrade { grade } hasArrears }
          medicalInsurance { status hasArrears }
          realEstate { hasMortgage hasSeizure }
        } }
      }
    }
  }`;

describe('a building-service dashboard (楼小二)', () => {
  it('lists 200 enterprises with every department status at the minimum backend cost', async () => {
    stack.resetBackendStats();
    const res = await stack.query(DASHBOARD, { id: 'LS-B001', first: 200 });
    expect(res.errors).toBeUndefined();
    const page = res.data.building.enterprises;
    expect(page.totalCount).toBe(420);
    expect(page.edges).toHaveLength(200);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const inBuilding = stack.backends.dataset.enterprises.filter((e) => e.buildingId === 'LS-B001').map((e) => e.uscc);
    for (const edge of page.edges) expect(inBuilding).toContain(edge.node.uscc);
    // ceil(200 / batch limit) per department with a batch API; medical insurance has none: one per employer.
    expect(await stack.backendRequests()).toEqual({ market: 2, tax: 4, 'medical-insurance': 200, 'real-estate': 10 });
  });

  it('pages through a building with stable cursors and no enterprise twice', async () => {
    const seen = new Set<string>();
    let after: string | undefined;
    let pages = 0;
    do {
      const res = await stack.query(`query($after: String) { building(id: "LS-B003") { enterprises(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { uscc } } } } }`, { after });
      const page = res.data.building.enterprises;
      for (const e of page.edges) {
        expect(seen.has(e.node.uscc)).toBe(false);
        seen.add(e.node.uscc);
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
      pages++;
    } while (after);
    expect(seen.size).toBe(12);
    expect(pages).toBe(3);
  });

  it('filters the district by building, status, type and keyword', async () => {
    const res = await stack.query(`{ enterprises(first: 50, filter: { building: "LS-B002", status: EXISTING, keyword: "科技" }) { totalCount edges { node { registration { name status } building { id name } } } } }`);
    expect(res.errors).toBeUndefined();
    const expected = stack.backends.dataset.enterprises.filter((e) => e.buildingId === 'LS-B002' && e.status === 'EXISTING' && e.name.includes('科技'));
    expect(res.data.enterprises.totalCount).toBe(expected.length);
    for (const { node } of res.data.enterprises.edges) {
      expect(node.registration.status).toBe('EXISTING');
      expect(node.registration.name).toContain('科技');
      expect(node.building).toEqual({ id: 'LS-B002', name: '崂山科创中心' });
    }
  });

  it('lists the district buildings', async () => {
    const res = await stack.query('{ buildings(first: 200) { totalCount edges { node { id name enterprises(first: 0) { totalCount } } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.buildings.totalCount).toBeGreaterThanOrEqual(120);
    expect(res.data.buildings.edges).toHaveLength(130);
  });
});
