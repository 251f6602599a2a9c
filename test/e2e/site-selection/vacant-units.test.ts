import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, vacantUnits, type VacantUnit } from '@district/dataset';
import { startStack, type Stack } from '../../src/stack.ts';

/**
 * 掌上选址 through the whole stack: `vacantUnits` answers each filter exactly as the district's
 * listings (@district/dataset premises.ts) say, in the order asked, page by page, linked to the
 * building and its 楼小二 under the staff rules, naming no owner, and without asking any
 * department system (the listings are the buildings' own data, kept by services).
 */
const SEARCH = `query($filter: VacantUnitFilter, $orderBy: VacantUnitOrder, $first: Int, $after: String) {
  vacantUnits(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id location street floor room floorArea offer rentPerSqmPerDay salePricePerSqm amenities buildingKind availableFrom listedOn } }
  }
}`;

const byId = (a: VacantUnit, b: VacantUnit) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('vacantUnits (掌上选址) through the gateway', () => {
  let stack: Stack;
  let terminal: Record<string, string>;
  const listings = vacantUnits(getDataset());

  beforeAll(async () => {
    stack = await startStack({ env: { BUNDLE_WORKER: 'false' } });
    terminal = await stack.authHeaders({ role: 'frontend-app', sub: 'terminal-site' } as any);
  });
  afterAll(async () => stack?.stop());

  /** Every page of a search, `first` at a time, following endCursor. */
  async function all(filter: Record<string, unknown>, orderBy: string, first = 25) {
    const nodes: any[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: any = await stack.query(SEARCH, { filter, orderBy, first, after }, terminal);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const page = res.data.vacantUnits;
      nodes.push(...page.edges.map((e: any) => e.node));
      pages++;
      if (!page.pageInfo.hasNextPage) return { nodes, totalCount: page.totalCount, pages };
      after = page.pageInfo.endCursor;
    }
  }

  it('lists every listing of the district by location, page after page, without overlap', async () => {
    expect(listings.length).toBeGreaterThan(200);
    const { nodes, totalCount, pages } = await all({}, 'LOCATION', 200);
    expect(totalCount).toBe(listings.length);
    expect(pages).toBe(Math.ceil(listings.length / 200));
    const expected = [...listings].sort((a, b) => byId({ id: a.buildingId } as VacantUnit, { id: b.buildingId } as VacantUnit) || a.floor - b.floor || (a.room < b.room ? -1 : 1));
    expect(nodes.map((n) => n.id)).toEqual(expected.map((u) => u.id));
    const first = expected[0];
    expect(nodes[0]).toEqual({
      id: first.id, location: first.location, street: first.street, floor: first.floor, room: first.room,
      floorArea: first.floorAreaHundredths / 100, offer: first.offer, rentPerSqmPerDay: first.rentFenPerSqmDay === null ? null : first.rentFenPerSqmDay / 100,
      salePricePerSqm: first.salePricePerSqm, amenities: first.amenities, buildingKind: first.buildingKind, availableFrom: first.availableFrom, listedOn: first.listedOn,
    });
  });

  it('answers a combined filter for rent exactly as the dataset does, cheapest first, in pages of 7', async () => {
    const filter = { street: '金家岭街道', offer: 'RENT', minFloorArea: 100, maxFloorArea: 600, maxRentPerSqmPerDay: 4.2, amenities: ['CENTRAL_AIR_CONDITIONING'] };
    const expected = listings
      .filter((u) => u.street === '金家岭街道' && u.offer !== 'SALE' && u.floorAreaHundredths >= 100_00 && u.floorAreaHundredths <= 600_00
        && u.rentFenPerSqmDay! <= 420 && u.amenities.includes('CENTRAL_AIR_CONDITIONING'))
      .sort((a, b) => a.rentFenPerSqmDay! - b.rentFenPerSqmDay! || byId(a, b));
    expect(expected.length).toBeGreaterThan(7);
    const { nodes, totalCount } = await all(filter, 'RENT_ASC', 7);
    expect(totalCount).toBe(expected.length);
    expect(nodes.map((n) => n.id)).toEqual(expected.map((u) => u.id));
    expect(nodes.map((n) => n.rentPerSqmPerDay)).toEqual(expected.map((u) => u.rentFenPerSqmDay! / 100));
  });

  it('answers building type, floors, sale and amenities filters, largest first', async () => {
    const filter = { buildingKind: 'OFFICE', offer: 'SALE', minFloor: 3, maxFloor: 20, amenities: ['PARKING', 'FIBRE_BROADBAND'] };
    const expected = listings
      .filter((u) => u.buildingKind === 'OFFICE' && u.offer !== 'RENT' && u.floor >= 3 && u.floor <= 20 && u.amenities.includes('PARKING') && u.amenities.includes('FIBRE_BROADBAND'))
      .sort((a, b) => b.floorAreaHundredths - a.floorAreaHundredths || byId(a, b));
    expect(expected.length).toBeGreaterThan(0);
    const { nodes, totalCount } = await all(filter, 'FLOOR_AREA_DESC', 5);
    expect(totalCount).toBe(expected.length);
    expect(nodes.map((n) => n.id)).toEqual(expected.map((u) => u.id));
    // A unit for rent or sale answers a search for sale too, with both its prices.
    expect(nodes.every((n) => n.salePricePerSqm > 0)).toBe(true);
  });

  it("links each unit to its building and the building's 楼小二, their phones kept from a terminal", async () => {
    const res: any = await stack.query(`{ vacantUnits(filter: { buildingId: "LS-B001" }, first: 3) { edges { node { id building { id name address } serviceStaff { id name } } } } }`, {}, terminal);
    expect(res.errors).toBeUndefined();
    const units = listings.filter((u) => u.buildingId === 'LS-B001');
    expect(res.data.vacantUnits.edges.length).toBe(Math.min(3, units.length));
    for (const { node } of res.data.vacantUnits.edges) {
      expect(node.building).toEqual({ id: 'LS-B001', name: '金岭国际大厦', address: '山东省青岛市崂山区海尔路180号' });
      expect(node.serviceStaff).toEqual([{ id: 'LXE-0011', name: '于晓燕' }, { id: 'LXE-0012', name: '孙浩然' }]);
    }
    // The phone is personal data (@sensitivity PERSONAL): a public terminal gets null and FORBIDDEN, never the number.
    const phone: any = await stack.query(`{ vacantUnits(filter: { buildingId: "LS-B001" }, first: 1) { edges { node { serviceStaff { name phone } } } } }`, {}, terminal);
    expect(phone.data.vacantUnits.edges[0].node.serviceStaff[0]).toEqual({ name: '于晓燕', phone: null });
    expect(phone.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(JSON.stringify(phone)).not.toContain('13805321101');
  });

  it('names no owner: the type has no owner field and no answer carries a USCC or an ID number', async () => {
    const res: any = await stack.query(`{ __type(name: "VacantUnit") { fields { name } } }`, {}, await stack.authHeaders());
    const fields = res.data.__type.fields.map((f: any) => f.name);
    expect(fields.filter((f: string) => /owner|holder|uscc|right|person|idNumber/i.test(f))).toEqual([]);
    const page = await stack.query(SEARCH, { first: 200 }, terminal);
    expect(JSON.stringify(page)).not.toMatch(/[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}|\d{17}[\dX]/);
  });

  it('refuses reversed, negative and inapplicable ranges with BAD_USER_INPUT naming every problem', async () => {
    const res = await stack.query(SEARCH, { filter: { minFloorArea: 500, maxFloorArea: 100, minRentPerSqmPerDay: -1, minFloor: 0 } }, terminal);
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^filter\.maxFloorArea: must not be below minFloorArea/),
      expect.stringMatching(/^filter\.minRentPerSqmPerDay: must not be negative/),
      expect.stringMatching(/^filter\.minFloor: floors count from 1/),
    ]));
    const sale = await stack.query(SEARCH, { filter: { offer: 'SALE', maxRentPerSqmPerDay: 3 } }, terminal);
    expect(sale.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('filter.offer') });
    const cursor = await stack.query(SEARCH, { after: 'not-a-cursor' }, terminal);
    expect(cursor.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('asks no department system: the listings and the buildings are services’ own', async () => {
    stack.resetBackendStats();
    await all({ street: '中韩街道' }, 'LISTED_NEWEST', 50);
    await stack.query(`{ vacantUnits(first: 50) { edges { node { building { name } serviceStaff { name } } } } }`, {}, terminal);
    expect(Object.values(await stack.backendRequests()).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
