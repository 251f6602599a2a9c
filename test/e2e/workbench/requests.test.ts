import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';

/**
 * The 诉求 loop through the gateway with real roles (tokens as the stack mints them): the enterprise
 * raises a request, the tax officer signs for it and answers it, building staff call back, the
 * enterprise rates it, staff close it; each step's who and when readable. A wrong-state move, a
 * wrong role, another building's staff and another department's officer are refused, and each
 * refusal is on the access record. Then a visit recorded with the request raised during it.
 */
const FIELDS = 'id state buildingId department dueAt transitions { seq action fromState toState actorRole at note } rating { level poor }';
const RAISE = `mutation Raise($input: RaiseRequestInput!) { raiseRequest(input: $input) { ${FIELDS} } }`;
const ADVANCE = `mutation Advance($input: AdvanceRequestInput!) { advanceRequest(input: $input) { ${FIELDS} } }`;
const RATE = `mutation Rate($input: RateRequestInput!) { rateRequest(input: $input) { ${FIELDS} } }`;
const USCC = SAMPLE_USCC.healthy;

describe('the 诉求 loop through the whole stack', () => {
  let stack: Stack;
  let services: RunningServices;
  const run = `${process.pid}-${Date.now().toString(36)}`;
  let n = 0;
  const as = async (claims: Record<string, unknown>, requestId = `wb-${run}-${n++}`) => ({ ...(await stack.authHeaders(claims as any)), 'x-request-id': requestId });
  const enterprise = { role: 'enterprise', uscc: USCC, purpose: 'SELF_SERVICE', sub: 'ent-healthy' };
  const staff = { role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE', sub: 'LXE-0011' };
  const otherStaff = { role: 'building-staff', buildings: ['LS-B003'], purpose: 'BUILDING_SERVICE', sub: 'LXE-0031' };
  const taxOfficer = { role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE', sub: 'tax-007' };
  const marketOfficer = { role: 'department-officer', department: 'MARKET', purpose: 'DEPARTMENT_CASE', sub: 'mkt-003' };
  const move = async (claims: Record<string, unknown>, id: string, action: string, note?: string, requestId?: string) =>
    stack.query(ADVANCE, { input: { idempotencyKey: `wb-move-${run}-${n++}`, id, action, note } }, await as(claims, requestId));
  const recordOf = async (clientRequestId: string) =>
    services.db.query<any>('SELECT who, role, outcome FROM access_record WHERE client_request_id = $1', [clientRequestId]);

  beforeAll(async () => {
    stack = await startStack();
    services = stack.subgraphs.services as RunningServices;
  });
  afterAll(async () => stack?.stop());

  it('goes 受理 → 派单 → 签收 → 办理 → 答复 → 回访 → 评价 → 办结, each move by its role, readable with who and when', async () => {
    const raised = await stack.query(RAISE, { input: { idempotencyKey: `wb-raise-${run}`, uscc: USCC, category: 'TAX', title: '发票额度不够', detail: '申请提高月度额度' } }, await as(enterprise));
    expect(raised.errors, JSON.stringify(raised.errors)).toBeUndefined();
    const id = raised.data.raiseRequest.id;
    expect(raised.data.raiseRequest).toMatchObject({ state: 'ACCEPTED', buildingId: 'LS-B001', department: 'TAX' });

    for (const [who, action, state, note] of [
      [staff, 'DISPATCH', 'DISPATCHED'], [taxOfficer, 'SIGN', 'SIGNED'], [taxOfficer, 'START', 'IN_PROGRESS'],
      [taxOfficer, 'ANSWER', 'ANSWERED', '已核增月度发票额度'], [staff, 'CALL_BACK', 'CALLED_BACK', '企业确认已解决'],
    ] as const) {
      const res = await move(who, id, action, note);
      expect(res.errors, `${action}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      expect(res.data.advanceRequest.state).toBe(state);
    }
    const rated = await stack.query(RATE, { input: { idempotencyKey: `wb-rate-${run}`, id, level: 5, channel: 'APP' } }, await as(enterprise));
    expect(rated.errors).toBeUndefined();
    expect(rated.data.rateRequest).toMatchObject({ state: 'RATED', rating: { level: 5, poor: false } });
    expect((await move(staff, id, 'CLOSE')).data.advanceRequest.state).toBe('CLOSED');

    const read = await stack.query(`query($id: ID!) { request(id: $id) { state transitions { action toState actorRole at note } } }`, { id }, await as(enterprise));
    expect(read.errors).toBeUndefined();
    expect(read.data.request.transitions.map((t: any) => [t.action, t.toState, t.actorRole])).toEqual([
      ['RAISE', 'ACCEPTED', 'enterprise'], ['DISPATCH', 'DISPATCHED', 'building-staff'], ['SIGN', 'SIGNED', 'department-officer'],
      ['START', 'IN_PROGRESS', 'department-officer'], ['ANSWER', 'ANSWERED', 'department-officer'], ['CALL_BACK', 'CALLED_BACK', 'building-staff'],
      ['RATE', 'RATED', 'enterprise'], ['CLOSE', 'CLOSED', 'building-staff'],
    ]);
    expect(read.data.request.transitions.every((t: any) => !Number.isNaN(Date.parse(t.at)))).toBe(true);
  });

  it('refuses a wrong-state move, a wrong role, another building\'s staff and another department\'s officer, each on the access record', async () => {
    const raised = await stack.query(RAISE, { input: { idempotencyKey: `wb-raise2-${run}`, uscc: USCC, category: 'TAX', title: '退税进度' } }, await as(staff));
    expect(raised.errors, JSON.stringify(raised.errors)).toBeUndefined();
    const id = raised.data.raiseRequest.id;

    const wrongState = `wb-wrong-state-${run}`;
    const skipped = await move(staff, id, 'CLOSE', undefined, wrongState);
    expect(skipped.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', state: 'ACCEPTED', attempted: 'CLOSED' });
    expect(skipped.errors?.[0].message).toContain('受理');
    expect(skipped.errors?.[0].message).toContain('办结');

    const refusals: [string, Record<string, unknown>, string][] = [
      [`wb-wrong-role-${run}`, enterprise, 'DISPATCH'],
      [`wb-other-building-${run}`, otherStaff, 'DISPATCH'],
    ];
    for (const [requestId, who, action] of refusals) {
      const res = await move(who, id, action, undefined, requestId);
      expect(res.errors?.[0].extensions?.code, requestId).toBe('FORBIDDEN');
    }
    expect((await move(staff, id, 'DISPATCH')).errors).toBeUndefined();
    const otherDepartment = `wb-other-department-${run}`;
    expect((await move(marketOfficer, id, 'SIGN', undefined, otherDepartment)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const otherRaise = `wb-other-raise-${run}`;
    const foreign = await stack.query(RAISE, { input: { idempotencyKey: `wb-raise3-${run}`, uscc: USCC, category: 'POLICY', title: 'x' } }, await as(otherStaff, otherRaise));
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    for (const [requestId, who] of [[`wb-wrong-role-${run}`, 'ent-healthy'], [`wb-other-building-${run}`, 'LXE-0031'], [otherDepartment, 'mkt-003'], [otherRaise, 'LXE-0031']]) {
      expect(await recordOf(requestId), requestId).toEqual([expect.objectContaining({ who, outcome: 'DENIED' })]);
    }
    // The wrong-state move is on the record too, as the caller's own mistake.
    expect(await recordOf(wrongState)).toEqual([expect.objectContaining({ who: 'LXE-0011' })]);
  });

  it('lists a building\'s open requests for its staff only, and records a visit with the request raised during it', async () => {
    const open = await stack.query('{ buildingOpenRequests(buildingId: "LS-B001", first: 10) { totalCount edges { node { id state } } } }', {}, await as(staff));
    expect(open.errors).toBeUndefined();
    expect(open.data.buildingOpenRequests.totalCount).toBeGreaterThanOrEqual(1);
    expect(open.data.buildingOpenRequests.edges.every((e: any) => e.node.state !== 'CLOSED')).toBe(true);
    const refused = await stack.query('{ buildingOpenRequests(buildingId: "LS-B001") { totalCount } }', {}, await as(otherStaff));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const requestId = open.data.buildingOpenRequests.edges[0].node.id;
    const visited = await stack.query(
      'mutation Visit($input: RecordVisitInput!) { recordVisit(input: $input) { id buildingId topics requests { id } } }',
      { input: { idempotencyKey: `wb-visit-${run}`, uscc: USCC, visitedAt: new Date(Date.now() - 3_600_000).toISOString(), met: '财务负责人', topics: ['POLICY'], requestIds: [requestId] } },
      await as(staff),
    );
    expect(visited.errors, JSON.stringify(visited.errors)).toBeUndefined();
    expect(visited.data.recordVisit).toMatchObject({ buildingId: 'LS-B001', topics: ['POLICY'], requests: [{ id: requestId }] });
    const listed = await stack.query('{ building(id: "LS-B001") { visits(first: 5) { totalCount edges { node { id } } } } }', {}, await as(staff));
    expect(listed.errors).toBeUndefined();
    expect(listed.data.building.visits.edges[0].node.id).toBe(visited.data.recordVisit.id);
  });
});
