import { postSigned } from '@district/subgraph-kit/testing';
import type { Caller } from '@district/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServicesConfig } from '../config.ts';
import { startServicesSubgraph, type RunningServices } from '../server.ts';
import { stepsFor } from './definitions.ts';
import { submitBundle } from '../store/bundles.ts';
import { FOLLOW_UP_DUE_CALENDAR_DAYS } from './evaluation-rules.ts';

const stores = [
  { kind: 'pglite', env: {} as Record<string, string> },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', env: { DATABASE_URL: process.env.DATABASE_URL } }] : []),
];

const opening = (key: string) => ({
  idempotencyKey: key, name: '青岛崂山评价示例有限公司', registeredCapital: '500000.00', address: '山东省青岛市崂山区海尔路9号',
  businessScope: '软件开发', legalRepresentative: { name: '张三', idNumber: '370212198001011235' },
});
const staff: Partial<Caller> = { sub: 'window-01', role: 'window-staff', purpose: 'ENTERPRISE_OPENING' };
const otherStaff: Partial<Caller> = { sub: 'window-02', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE' };
const RATE = 'mutation($input: RateBundleInput!) { rateBundle(input: $input) { id bundleId itemCode level poor comment channel at followUp { id status owner dueAt } } }';
const CLOSE = 'mutation($input: CloseFollowUpInput!) { closeFollowUp(input: $input) { id status actions revisitLevel closedAt evaluation { level } } }';

describe.each(stores)('好差评 through the services graph on $kind', ({ env }) => {
  const schema = `t_eval_${process.pid}_${Date.now().toString(36)}`;
  let services: RunningServices;
  const gql = (caller: Partial<Caller>, query: string, variables?: Record<string, unknown>) => postSigned(services.url, query, variables, caller);
  /**
   * A completed opening, written straight to the store (the worker is off): this test is about the
   * rating, not the form or the department writes, which graphql.test.ts covers.
   */
  let n = 0;
  const completed = async (key: string) => {
    const uscc = ['91370212MA3C12346X', '914403001922038216', '9144030071526726XG'][n++ % 3];
    const caller = { sub: staff.sub!, role: staff.role!, purpose: staff.purpose, requestId: 't' } as Caller;
    const { bundle } = await submitBundle(services.db, { kind: 'OPENING', idempotencyKey: key, caller, uscc: null, form: { name: key }, steps: stepsFor('OPENING') });
    await services.db.query(`UPDATE bundle_step SET status = 'SUCCEEDED', attempts = 1 WHERE bundle_id = $1`, [bundle.id]);
    await services.db.query(`UPDATE bundle SET status = 'COMPLETED', results = $2::text::jsonb WHERE id = $1`, [bundle.id, JSON.stringify({ uscc })]);
    return { id: bundle.id, uscc };
  };

  beforeAll(async () => {
    services = await startServicesSubgraph(
      readServicesConfig({ NODE_ENV: 'test', DATABASE_SCHEMA: schema, SEED_DEMO_DATA: 'false', BUNDLE_WORKER: 'false', ...env }),
      { port: 0 },
    );
  });
  afterAll(async () => {
    await services?.worker?.stop();
    if (services?.db.kind === 'postgres') await services.db.query(`DROP SCHEMA ${schema} CASCADE`);
    await services?.stop();
  });

  it('lets the applicant rate a completed bundle once; a good rating opens no follow-up', async () => {
    const b = await completed('eval-key-0001');
    const first = await gql(staff, RATE, { input: { bundleId: b.id, level: 5, comment: '很快', channel: 'WINDOW_DEVICE' } });
    expect(first.errors).toBeUndefined();
    expect(first.data.rateBundle).toMatchObject({ bundleId: b.id, itemCode: 'OPENING', level: 5, poor: false, comment: '很快', channel: 'WINDOW_DEVICE', followUp: null });
    const again = await gql(staff, RATE, { input: { bundleId: b.id, level: 1, channel: 'ONLINE' } });
    expect(again.errors?.[0].extensions.code).toBe('CONFLICT');
    const read = await gql(otherStaff, 'query($id: ID!) { bundle(id: $id) { evaluation { level comment } } }', { id: b.id });
    expect(read.data.bundle.evaluation).toEqual({ level: 5, comment: '很快' });
  });

  it('refuses a rating from anyone but the applicant, of an unfinished bundle, or out of range', async () => {
    const b = await completed('eval-key-0002');
    for (const caller of [otherStaff, { sub: 'x', role: 'enterprise', uscc: '91370212MA3C22221E', purpose: 'SELF_SERVICE' }, { role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE' }] as Partial<Caller>[]) {
      const { errors } = await gql(caller, RATE, { input: { bundleId: b.id, level: 4, channel: 'ONLINE' } });
      expect(errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const bad = await gql(staff, RATE, { input: { bundleId: b.id, level: 6, channel: 'ONLINE' } });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    // A step not yet done: the bundle is RUNNING or PENDING, not COMPLETED.
    await services.db.query(`UPDATE bundle_step SET status = 'PENDING' WHERE bundle_id = $1 AND key = 'TAX_CONFIRM'`, [b.id]);
    const early = await gql(staff, RATE, { input: { bundleId: b.id, level: 4, channel: 'ONLINE' } });
    expect(early.errors?.[0].extensions.code).toBe('PRECONDITION_FAILED');
  });

  it('lets the enterprise itself rate; a 差评 opens a follow-up window staff must close, without naming the evaluator', async () => {
    const b = await completed('eval-key-0003');
    const me: Partial<Caller> = { sub: 'ent-user-7', role: 'enterprise', uscc: b.uscc, purpose: 'SELF_SERVICE' };
    const before = Date.now();
    const { data, errors } = await gql(me, RATE, { input: { bundleId: b.id, level: 2, comment: '材料要求反复', channel: 'APP' } });
    expect(errors).toBeUndefined();
    const f = data.rateBundle.followUp;
    expect(data.rateBundle.poor).toBe(true);
    expect(f).toMatchObject({ status: 'OPEN', owner: expect.any(String) });
    const dueDays = (Date.parse(f.dueAt) - before) / 86_400_000;
    expect(dueDays).toBeGreaterThan(FOLLOW_UP_DUE_CALENDAR_DAYS - 0.1);
    expect(dueDays).toBeLessThan(FOLLOW_UP_DUE_CALENDAR_DAYS + 0.1);

    const open = await gql(otherStaff, '{ followUps(status: OPEN) { id bundleId status evaluation { level comment channel } } }');
    expect(open.data.followUps).toContainEqual({ id: f.id, bundleId: b.id, status: 'OPEN', evaluation: { level: 2, comment: '材料要求反复', channel: 'APP' } });
    expect(JSON.stringify(open.data)).not.toContain('ent-user-7');
    const officer = await gql({ role: 'department-officer', department: 'MARKET', purpose: 'DEPARTMENT_CASE' }, '{ followUps { id } }');
    expect(officer.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(officer)).not.toContain('ent-user-7');

    const byEnterprise = await gql(me, CLOSE, { input: { id: f.id, actions: '已整改', revisitLevel: 4 } });
    expect(byEnterprise.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const noActions = await gql(otherStaff, CLOSE, { input: { id: f.id, actions: ' ', revisitLevel: 4 } });
    expect(noActions.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const closed = await gql(otherStaff, CLOSE, { input: { id: f.id, actions: '一次告知清单已更新，回访致歉', revisitLevel: 4 } });
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeFollowUp).toMatchObject({ id: f.id, status: 'CLOSED', revisitLevel: 4, closedAt: expect.any(String), evaluation: { level: 2 } });
    const twice = await gql(otherStaff, CLOSE, { input: { id: f.id, actions: 'x', revisitLevel: 5 } });
    expect(twice.errors?.[0].extensions.code).toBe('CONFLICT');
    const stillOpen = await gql(otherStaff, '{ followUps(status: OPEN) { id } }');
    expect(stillOpen.data.followUps.map((x: any) => x.id)).not.toContain(f.id);
  });

  it('refuses an unknown follow-up id, quoting only a short prefix of it', async () => {
    const unknown = await gql(otherStaff, CLOSE, { input: { id: 'F'.repeat(900_000), actions: '已整改', revisitLevel: 4 } });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(unknown.errors?.[0].message).toMatch(/no follow-up "F+"…\(900000 characters\)/);
    expect(unknown.text.length).toBeLessThan(2_000);
  });
});
