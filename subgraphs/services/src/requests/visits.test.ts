import { postSigned } from '@district/subgraph-kit/testing';
import type { Caller } from '@district/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServicesConfig } from '../config.ts';
import { FakeDepartments } from '../departments/fake.ts';
import { startServicesSubgraph, type RunningServices } from '../server.ts';

const stores = [
  { kind: 'pglite', env: {} as Record<string, string> },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', env: { DATABASE_URL: process.env.DATABASE_URL } }] : []),
];

const USCC = '91370212MA3C12346X';
const NEIGHBOUR = '914403001922038216';
const staff: Partial<Caller> = { sub: 'staff-1', role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' };
const otherStaff: Partial<Caller> = { sub: 'staff-2', role: 'building-staff', buildings: ['LS-B002'], purpose: 'BUILDING_SERVICE' };
const enterprise: Partial<Caller> = { sub: 'ent-1', role: 'enterprise', uscc: USCC, purpose: 'SELF_SERVICE' };
const VISIT = 'mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id uscc buildingId visitedAt met topics notes staff requests { id title } } }';
const BUILDING_VISITS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Building { visits(first: 2) { totalCount edges { node { uscc visitedAt topics } } pageInfo { hasNextPage } } } } }`;
const ENTERPRISE_VISITS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { visits { totalCount edges { node { visitedAt } } } } } }`;

describe.each(stores)('走楼访企 through the services graph on $kind', ({ env }) => {
  const schema = `t_visit_${process.pid}_${Date.now().toString(36)}`;
  const departments = new FakeDepartments();
  departments.buildings.set(USCC, 'LS-B001');
  departments.buildings.set(NEIGHBOUR, 'LS-B001');
  let services: RunningServices;
  const gql = (caller: Partial<Caller>, query: string, variables?: Record<string, unknown>) => postSigned(services.url, query, variables, caller);
  const visit = (caller: Partial<Caller>, key: string, extra: Record<string, unknown> = {}) =>
    gql(caller, VISIT, { input: { idempotencyKey: key, uscc: USCC, visitedAt: '2026-12-01T09:30:00+08:00', met: '财务负责人', topics: ['FINANCING', 'HIRING'], notes: '需要贷款', ...extra } });

  beforeAll(async () => {
    services = await startServicesSubgraph(
      readServicesConfig({ NODE_ENV: 'test', DATABASE_SCHEMA: schema, SEED_DEMO_DATA: 'false', BUNDLE_WORKER: 'false', ...env }),
      { port: 0, departments },
    );
    await services.db.query(`INSERT INTO building (id, name, address, street, floors, completed_year) VALUES ('LS-B001', '测试大厦', '海尔路1号', '中韩街道', 20, 2010)`);
  });
  afterAll(async () => {
    if (services?.db.kind === 'postgres') await services.db.query(`DROP SCHEMA ${schema} CASCADE`);
    await services?.stop();
  });

  it('records a visit with the requests raised during it, once per key, and lists a building\'s and an enterprise\'s visits newest first', async () => {
    const raised = await gql(staff, 'mutation($input: RaiseRequestInput!) { raiseRequest(input: $input) { id } }', { input: { idempotencyKey: 'visit-raise-01', uscc: USCC, category: 'FINANCING', title: '贷款对接' } });
    const requestId = raised.data.raiseRequest.id;
    const first = await visit(staff, 'visit-key-0001', { requestIds: [requestId] });
    expect(first.errors).toBeUndefined();
    expect(first.data.recordVisit).toMatchObject({ uscc: USCC, buildingId: 'LS-B001', topics: ['FINANCING', 'HIRING'], met: '财务负责人', staff: 'staff-1', requests: [{ id: requestId, title: '贷款对接' }] });
    expect((await visit(staff, 'visit-key-0001', { requestIds: [requestId] })).data.recordVisit.id).toBe(first.data.recordVisit.id);
    expect((await visit(staff, 'visit-key-0001')).errors?.[0].extensions.code).toBe('CONFLICT');
    await visit(staff, 'visit-key-0002', { visitedAt: '2026-12-03T10:00:00+08:00', topics: ['POLICY'] });
    await gql(staff, VISIT, { input: { idempotencyKey: 'visit-key-0003', uscc: NEIGHBOUR, visitedAt: '2026-11-20T10:00:00+08:00', met: '总经理', topics: ['PREMISES'] } });

    const building = await gql(staff, BUILDING_VISITS, { r: [{ __typename: 'Building', id: 'LS-B001' }] });
    expect(building.data._entities[0].visits).toEqual({
      totalCount: 3,
      edges: [{ node: { uscc: USCC, visitedAt: '2026-12-03T02:00:00.000Z', topics: ['POLICY'] } }, { node: { uscc: USCC, visitedAt: '2026-12-01T01:30:00.000Z', topics: ['FINANCING', 'HIRING'] } }],
      pageInfo: { hasNextPage: true },
    });
    const own = await gql(enterprise, ENTERPRISE_VISITS, { r: [{ __typename: 'Enterprise', uscc: USCC }] });
    expect(own.data._entities[0].visits.totalCount).toBe(2);
    const other = await gql(otherStaff, ENTERPRISE_VISITS, { r: [{ __typename: 'Enterprise', uscc: USCC }] });
    expect(other.data._entities[0].visits.totalCount).toBe(0);
  });

  it('refuses another building\'s staff, bad topics, a future date and another enterprise\'s requests', async () => {
    expect((await visit(otherStaff, 'visit-key-0010')).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await visit(enterprise, 'visit-key-0011')).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(otherStaff, BUILDING_VISITS, { r: [{ __typename: 'Building', id: 'LS-B001' }] })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await visit(staff, 'visit-key-0012', { topics: [] })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await visit(staff, 'visit-key-0013', { visitedAt: '2099-01-01T00:00:00Z' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await visit(staff, 'visit-key-0014', { requestIds: ['SQ-NOPE'] })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
