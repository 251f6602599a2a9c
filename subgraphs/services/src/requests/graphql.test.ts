import { postSigned } from '@district/subgraph-kit/testing';
import type { Caller } from '@district/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServicesConfig } from '../config.ts';
import { FakeDepartments } from '../departments/fake.ts';
import { escalateOverdue } from '../store/request-escalation.ts';
import { startServicesSubgraph, type RunningServices } from '../server.ts';

const stores = [
  { kind: 'pglite', env: {} as Record<string, string> },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', env: { DATABASE_URL: process.env.DATABASE_URL } }] : []),
];

const USCC = '91370212MA3C12346X';
const ELSEWHERE = '914403001922038216';
const enterprise: Partial<Caller> = { sub: 'ent-1', role: 'enterprise', uscc: USCC, purpose: 'SELF_SERVICE' };
const staff: Partial<Caller> = { sub: 'staff-1', role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' };
const otherStaff: Partial<Caller> = { sub: 'staff-2', role: 'building-staff', buildings: ['LS-B002'], purpose: 'BUILDING_SERVICE' };
const taxOfficer: Partial<Caller> = { sub: 'tax-1', role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE' };
const marketOfficer: Partial<Caller> = { sub: 'mkt-1', role: 'department-officer', department: 'MARKET', purpose: 'DEPARTMENT_CASE' };

const FIELDS = 'id uscc buildingId department state dueAt overdue category { code limitWorkingDays } transitions { seq action fromState toState actorRole actor note at } rating { level poor followUpOwner followUpDueAt }';
const RAISE = `mutation($input: RaiseRequestInput!) { raiseRequest(input: $input) { ${FIELDS} } }`;
const ADVANCE = `mutation($input: AdvanceRequestInput!) { advanceRequest(input: $input) { ${FIELDS} } }`;
const RATE = `mutation($input: RateRequestInput!) { rateRequest(input: $input) { ${FIELDS} } }`;

describe.each(stores)('诉求 through the services graph on $kind', ({ env }) => {
  const schema = `t_req_${process.pid}_${Date.now().toString(36)}`;
  const departments = new FakeDepartments();
  departments.buildings.set(USCC, 'LS-B001');
  departments.buildings.set(ELSEWHERE, 'LS-B002');
  let services: RunningServices;
  const gql = (caller: Partial<Caller>, query: string, variables?: Record<string, unknown>) => postSigned(services.url, query, variables, caller);
  let n = 0;
  const advance = (caller: Partial<Caller>, id: string, action: string, note?: string) =>
    gql(caller, ADVANCE, { input: { idempotencyKey: `move-${schema}-${n++}`, id, action, note } });

  beforeAll(async () => {
    services = await startServicesSubgraph(
      readServicesConfig({ NODE_ENV: 'test', DATABASE_SCHEMA: schema, SEED_DEMO_DATA: 'false', BUNDLE_WORKER: 'false', ...env }),
      { port: 0, departments },
    );
  });
  afterAll(async () => {
    if (services?.db.kind === 'postgres') await services.db.query(`DROP SCHEMA ${schema} CASCADE`);
    await services?.stop();
  });

  it('follows a request from 受理 to 办结, each move by its role with who, when and note; a 差评 opens a follow-up', async () => {
    const raised = await gql(enterprise, RAISE, { input: { idempotencyKey: 'raise-key-0001', uscc: USCC, category: 'TAX', title: '发票额度不够', detail: '申请提高额度' } });
    expect(raised.errors).toBeUndefined();
    const r = raised.data.raiseRequest;
    expect(r).toMatchObject({ uscc: USCC, buildingId: 'LS-B001', department: 'TAX', state: 'ACCEPTED', overdue: false, category: { code: 'TAX', limitWorkingDays: 5 } });
    expect(r.transitions).toEqual([expect.objectContaining({ seq: 1, action: 'RAISE', fromState: null, toState: 'ACCEPTED', actorRole: 'enterprise', actor: 'ent-1' })]);
    // The same key again: the same request, not a second one.
    const again = await gql(enterprise, RAISE, { input: { idempotencyKey: 'raise-key-0001', uscc: USCC, category: 'TAX', title: '发票额度不够', detail: '申请提高额度' } });
    expect(again.data.raiseRequest.id).toBe(r.id);
    const reused = await gql(enterprise, RAISE, { input: { idempotencyKey: 'raise-key-0001', uscc: USCC, category: 'TAX', title: '另一件事' } });
    expect(reused.errors?.[0].extensions.code).toBe('CONFLICT');

    expect((await advance(staff, r.id, 'DISPATCH')).data.advanceRequest.state).toBe('DISPATCHED');
    expect((await advance(taxOfficer, r.id, 'SIGN')).data.advanceRequest.state).toBe('SIGNED');
    expect((await advance(taxOfficer, r.id, 'START')).data.advanceRequest.state).toBe('IN_PROGRESS');
    expect((await advance(taxOfficer, r.id, 'ANSWER', '已提高至十万元版')).data.advanceRequest.state).toBe('ANSWERED');
    expect((await advance(staff, r.id, 'CALL_BACK', '企业已确认')).data.advanceRequest.state).toBe('CALLED_BACK');
    const rated = await gql(enterprise, RATE, { input: { idempotencyKey: `rate-${schema}`, id: r.id, level: 2, channel: 'APP', comment: '太慢' } });
    expect(rated.errors).toBeUndefined();
    expect(rated.data.rateRequest.rating).toMatchObject({ level: 2, poor: true, followUpOwner: expect.stringContaining('税务') });
    expect(rated.data.rateRequest.rating.followUpDueAt).toEqual(expect.any(String));
    const CLOSE_FOLLOW_UP = 'mutation($input: CloseRequestFollowUpInput!) { closeRequestFollowUp(input: $input) { rating { followUpActions followUpRevisitLevel followUpClosedAt } } }';
    const followUp = { id: r.id, actions: '已约谈承办人并加快办理', revisitLevel: 4 };
    expect((await gql(enterprise, CLOSE_FOLLOW_UP, { input: followUp })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const fixed = await gql(staff, CLOSE_FOLLOW_UP, { input: followUp });
    expect(fixed.errors).toBeUndefined();
    expect(fixed.data.closeRequestFollowUp.rating).toMatchObject({ followUpActions: '已约谈承办人并加快办理', followUpRevisitLevel: 4, followUpClosedAt: expect.any(String) });
    expect((await gql(staff, CLOSE_FOLLOW_UP, { input: followUp })).errors?.[0].extensions.code).toBe('CONFLICT');
    const closed = (await advance(staff, r.id, 'CLOSE')).data.advanceRequest;
    expect(closed.state).toBe('CLOSED');
    expect(closed.transitions.map((t: any) => [t.action, t.fromState, t.toState, t.actorRole])).toEqual([
      ['RAISE', null, 'ACCEPTED', 'enterprise'],
      ['DISPATCH', 'ACCEPTED', 'DISPATCHED', 'building-staff'],
      ['SIGN', 'DISPATCHED', 'SIGNED', 'department-officer'],
      ['START', 'SIGNED', 'IN_PROGRESS', 'department-officer'],
      ['ANSWER', 'IN_PROGRESS', 'ANSWERED', 'department-officer'],
      ['CALL_BACK', 'ANSWERED', 'CALLED_BACK', 'building-staff'],
      ['RATE', 'CALLED_BACK', 'RATED', 'enterprise'],
      ['CLOSE', 'RATED', 'CLOSED', 'building-staff'],
    ]);
    expect(closed.transitions[4].note).toBe('已提高至十万元版');
    expect(closed.transitions.every((t: any) => !Number.isNaN(Date.parse(t.at)))).toBe(true);
  });

  it('refuses a move that does not fit the state, naming both; replays a move by its key', async () => {
    const { data } = await gql(staff, RAISE, { input: { idempotencyKey: 'raise-key-0002', uscc: USCC, category: 'POLICY', title: '人才政策' } });
    const id = data.raiseRequest.id;
    const skipped = await advance(staff, id, 'ANSWER');
    expect(skipped.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', state: 'ACCEPTED', attempted: 'ANSWERED' });
    expect(skipped.errors?.[0].message).toMatch(/受理.*答复/);
    const key = `dispatch-${schema}`;
    const first = await gql(staff, ADVANCE, { input: { idempotencyKey: key, id, action: 'DISPATCH' } });
    const replay = await gql(staff, ADVANCE, { input: { idempotencyKey: key, id, action: 'DISPATCH' } });
    expect(replay.errors).toBeUndefined();
    expect(replay.data.advanceRequest.transitions).toHaveLength(first.data.advanceRequest.transitions.length);
    const repeated = await advance(staff, id, 'DISPATCH');
    expect(repeated.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', state: 'DISPATCHED', attempted: 'DISPATCHED' });
    // Routed to SERVICES: the building's own staff sign for it.
    expect((await advance(staff, id, 'SIGN')).data.advanceRequest.state).toBe('SIGNED');
  });

  it('refuses the wrong role, another building, another department, and hides other enterprises\' requests', async () => {
    const forbidden = async (p: Promise<any>) => expect((await p).errors?.[0].extensions.code).toBe('FORBIDDEN');
    await forbidden(gql(otherStaff, RAISE, { input: { idempotencyKey: 'raise-key-0003', uscc: USCC, category: 'TAX', title: 'x' } }));
    await forbidden(gql({ ...enterprise, uscc: ELSEWHERE }, RAISE, { input: { idempotencyKey: 'raise-key-0004', uscc: USCC, category: 'TAX', title: 'x' } }));
    const { data } = await gql(staff, RAISE, { input: { idempotencyKey: 'raise-key-0005', uscc: USCC, category: 'TAX', title: '退税' } });
    const id = data.raiseRequest.id;
    await forbidden(advance(enterprise, id, 'DISPATCH'));
    await forbidden(advance(otherStaff, id, 'DISPATCH'));
    await advance(staff, id, 'DISPATCH');
    await forbidden(advance(marketOfficer, id, 'SIGN'));
    await forbidden(advance(staff, id, 'SIGN'));
    await forbidden(gql(otherStaff, `query($id: ID!) { request(id: $id) { id } }`, { id }));
    await forbidden(gql(otherStaff, `{ buildingOpenRequests(buildingId: "LS-B001") { totalCount } }`));
    const open = await gql(staff, `{ buildingOpenRequests(buildingId: "LS-B001", first: 1) { totalCount edges { node { id state } } pageInfo { hasNextPage } } }`);
    expect(open.data.buildingOpenRequests.totalCount).toBe(2);
    expect(open.data.buildingOpenRequests.edges).toEqual([{ node: { id, state: 'DISPATCHED' } }]);
    expect(open.data.buildingOpenRequests.pageInfo.hasNextPage).toBe(true);
    const own = await gql(enterprise, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { requests { totalCount } } } }`, { r: [{ __typename: 'Enterprise', uscc: USCC }] });
    expect(own.data._entities[0].requests.totalCount).toBe(3);
    const other = await gql(otherStaff, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { requests { totalCount } } } }`, { r: [{ __typename: 'Enterprise', uscc: USCC }] });
    expect(other.data._entities[0].requests.totalCount).toBe(0);
  });

  it('shows an overdue request as such and, once escalated, in its department\'s supervisor queue only', async () => {
    const { data } = await gql(enterprise, RAISE, { input: { idempotencyKey: 'raise-key-0006', uscc: USCC, category: 'TAX', title: '逾期' } });
    const id = data.raiseRequest.id;
    await services.db.query(`UPDATE request SET due_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    expect(await escalateOverdue(services.db, 'test')).toEqual([{ id, department: 'TAX' }]);
    const read = await gql(staff, `query($id: ID!) { request(id: $id) { overdue escalatedAt } }`, { id });
    expect(read.data.request.overdue).toBe(true);
    expect(read.data.request.escalatedAt).toEqual(expect.any(String));
    const queue = await gql(taxOfficer, `{ escalatedRequests(first: 10) { totalCount edges { node { id overdue } } } }`);
    expect(queue.data.escalatedRequests).toEqual({ totalCount: 1, edges: [{ node: { id, overdue: true } }] });
    expect((await gql(marketOfficer, `{ escalatedRequests { totalCount } }`)).data.escalatedRequests.totalCount).toBe(0);
    expect((await gql(staff, `{ escalatedRequests { totalCount } }`)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses bad input with the problems listed', async () => {
    const bad = await gql(enterprise, RAISE, { input: { idempotencyKey: 'short', uscc: USCC, category: 'NOPE', title: '' } });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions.problems).toHaveLength(3);
  });
});
