import { postSigned } from '@district/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc, type Caller } from '@district/domain';
import { cleanCache, SAMPLE_USCC, startTestStack, type TestStack } from './test-kit.ts';

const REGISTER = `mutation($input: InsuranceRegisterEmployerInput!) { insuranceRegisterEmployer(input: $input) { employerNo registeredOn } }`;
const CHANGE = `mutation($input: InsuranceChangeEmployerInput!) { insuranceChangeEmployer(input: $input) { employerNo changedOn } }`;
const CLOSE = `mutation($input: InsuranceCloseEmployerInput!) { insuranceCloseEmployer(input: $input) { employerNo closedOn } }`;
const ACCOUNT = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { medicalInsurance { employerNo name status } } } }`;

let stack: TestStack;
let serial = 0;
/** A valid USCC the platform has never seen, as the market registry would have just issued. */
const newUscc = () => buildUscc('9', '1', '370212', `MY${String(Date.now() % 1e5).padStart(5, '0')}${++serial % 10}`);

async function as(caller: Partial<Caller>, query: string, variables: Record<string, unknown>) {
  const { text: _text, ...reply } = await postSigned(stack.subgraph.url, query, variables, caller);
  return reply;
}
const system = (query: string, variables: Record<string, unknown>) => as({ role: 'system' }, query, variables);
const account = async (uscc: string) => (await system(ACCOUNT, { reps: [{ __typename: 'Enterprise', uscc }] })).data._entities[0].medicalInsurance;
const form = (uscc: string, over: Record<string, unknown> = {}) => ({
  idempotencyKey: `bundle:${uscc}:insurance`, uscc, name: '青岛蓝湾测试科技有限公司', address: '山东省青岛市崂山区海尔路180号金岭国际大厦3001室',
  legalRepresentative: { name: '张伟', idNumber: '37021219900101123X', phone: '13800000001' }, ...over,
});

describe('medical-insurance employer writes for the bundle orchestrator', () => {
  beforeAll(async () => void (stack = await startTestStack()));
  afterAll(async () => {
    await stack?.stop();
    await cleanCache();
  });

  it('registers a new employer, and the enterprise cached as not registered shows the account right after', async () => {
    const uscc = newUscc();
    expect(await account(uscc)).toBeNull();
    const { data, errors } = await system(REGISTER, { input: form(uscc) });
    expect(errors).toBeUndefined();
    expect(data.insuranceRegisterEmployer).toEqual({ employerNo: expect.any(String), registeredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(await account(uscc)).toMatchObject({ employerNo: data.insuranceRegisterEmployer.employerNo, name: '青岛蓝湾测试科技有限公司', status: 'NORMAL' });
  });

  it('registers once when the same idempotencyKey is sent twice, and answers the retry with the first result', async () => {
    const uscc = newUscc();
    const before = stack.backend.sim.stats().byRoute['infno.3301'] ?? 0;
    const first = await system(REGISTER, { input: form(uscc) });
    const second = await system(REGISTER, { input: form(uscc) });
    expect(first.errors).toBeUndefined();
    // A second registration would be refused (FSI-409, already registered): this is the platform's replay.
    expect(second).toEqual(first);
    expect(stack.backend.sim.stats().byRoute['infno.3301']).toBe(before + 2);
    const again = await system(REGISTER, { input: form(uscc, { idempotencyKey: 'another-operation' }) });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', nativeCode: 'FSI-409' });
  });

  it('refuses to close an employer with arrears as DEPARTMENT_REJECTED, naming the periods owed', async () => {
    const { data, errors } = await system(CLOSE, { input: { idempotencyKey: 'close-troubled', uscc: SAMPLE_USCC.troubled } });
    expect(data).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', department: 'MEDICAL_INSURANCE', nativeCode: 'FSI-412', reasons: [expect.stringContaining('欠费')] });
    expect(errors?.[0].extensions.periods.length).toBeGreaterThan(0);
    expect(errors?.[0].extensions.periods[0]).toMatch(/^\d{4}-\d{2}$/);
  });

  it('shows the new name right after a change, though the old account was cached', async () => {
    const before = await account(SAMPLE_USCC.healthy);
    const { data, errors } = await system(CHANGE, { input: { idempotencyKey: 'change-healthy', uscc: SAMPLE_USCC.healthy, name: '青岛海岸线信息技术有限公司' } });
    expect(errors).toBeUndefined();
    expect(data.insuranceChangeEmployer).toEqual({ employerNo: before.employerNo, changedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await account(SAMPLE_USCC.healthy)).name).toBe('青岛海岸线信息技术有限公司');
  });

  it('closes an employer without arrears, and its cached account shows it closed right after', async () => {
    const uscc = newUscc();
    await system(REGISTER, { input: form(uscc) });
    expect((await account(uscc)).status).toBe('NORMAL');
    const { data, errors } = await system(CLOSE, { input: { idempotencyKey: `close-${uscc}`, uscc } });
    expect(errors).toBeUndefined();
    expect(data.insuranceCloseEmployer.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await account(uscc)).status).not.toBe('NORMAL');
  });

  it('refuses every caller but the orchestrator (role system) before the platform hears of it', async () => {
    const before = stack.backend.sim.stats().requests;
    for (const caller of [{ role: 'window-staff', purpose: 'ENTERPRISE_OPENING' }, { role: 'department-officer', department: 'MEDICAL_INSURANCE', purpose: 'DEPARTMENT_CASE' }] as const) {
      const { data, errors } = await as(caller as Partial<Caller>, CLOSE, { input: { idempotencyKey: 'x', uscc: SAMPLE_USCC.healthy } });
      expect(data).toBeNull();
      expect(errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(stack.backend.sim.stats().requests).toBe(before);
  });
});
