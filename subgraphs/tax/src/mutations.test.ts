import { postSigned } from '@district/subgraph-kit/testing';
import { SAMPLE_USCC } from '@district/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc, type Caller } from '@district/domain';
import { startTestStack, type TestStack } from './test-kit.ts';

const CONFIRM = `mutation($input: TaxConfirmNewTaxpayerInput!) { taxConfirmNewTaxpayer(input: $input) { uscc registeredOn } }`;
const CLEAR = `mutation($input: TaxApplyClearanceInput!) { taxApplyClearance(input: $input) { uscc certificateNo issuedOn path } }`;
const TAX = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { tax { name status clearance { certificateNo } } } } }`;
const CONFIRM_ROUTE = 'SWZJ.HXZG.DJ.XBNSRXXQR';

let stack: TestStack;
let serial = 0;
/** A valid USCC the bureau has never seen, as the market registry would have just issued. */
const newUscc = () => buildUscc('9', '1', '370212', `MX${String(Date.now() % 1e5).padStart(5, "0")}${++serial % 10}`);

async function as(caller: Partial<Caller>, query: string, variables: Record<string, unknown>) {
  const { text: _text, ...reply } = await postSigned(stack.subgraph.url, query, variables, caller);
  return reply;
}
const system = (query: string, variables: Record<string, unknown>) => as({ role: 'system' }, query, variables);
const form = (uscc: string, over: Record<string, unknown> = {}) => ({
  idempotencyKey: `bundle:${uscc}:tax`, uscc, name: '青岛蓝湾测试科技有限公司', legalRepresentativeName: '张伟', legalRepresentativeIdNumber: '37021219900101123X',
  address: '山东省青岛市崂山区海尔路180号金岭国际大厦3001室', taxpayerKind: 'SMALL_SCALE', ...over,
});

describe('tax bus writes for the bundle orchestrator', () => {
  beforeAll(async () => void (stack = await startTestStack()));
  afterAll(() => stack?.stop());

  it('confirms a new taxpayer, and the taxpayer cached as unknown reads as registered right after', async () => {
    const uscc = newUscc();
    const reps = [{ __typename: 'Enterprise', uscc }];
    expect((await system(TAX, { reps })).data._entities[0].tax).toBeNull();
    const { data, errors } = await system(CONFIRM, { input: form(uscc) });
    expect(errors).toBeUndefined();
    expect(data.taxConfirmNewTaxpayer).toEqual({ uscc, registeredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await system(TAX, { reps })).data._entities[0].tax).toMatchObject({ name: '青岛蓝湾测试科技有限公司' });
  });

  it('confirms once when the same idempotencyKey is sent twice, and answers the retry with the first result', async () => {
    const uscc = newUscc();
    const before = stack.backend.sim.stats().byRoute[CONFIRM_ROUTE] ?? 0;
    const first = await system(CONFIRM, { input: form(uscc) });
    const second = await system(CONFIRM, { input: form(uscc) });
    expect(first.errors).toBeUndefined();
    // A second confirmation would be refused (301, already registered): this is the bus's replay.
    expect(second).toEqual(first);
    expect(stack.backend.sim.stats().byRoute[CONFIRM_ROUTE]).toBe(before + 2);
    // A new key for the same taxpayer is a second write, which the bureau refuses.
    const again = await system(CONFIRM, { input: form(uscc, { idempotencyKey: 'another-operation' }) });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', nativeCode: '301' });
  });

  it('refuses clearance with arrears as DEPARTMENT_REJECTED, listing the bureau\'s reasons', async () => {
    const { data, errors } = await system(CLEAR, { input: { idempotencyKey: 'clear-troubled', uscc: SAMPLE_USCC.troubled } });
    expect(data).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', department: 'TAX', nativeCode: '310' });
    expect(errors?.[0].extensions.reasons.join(' ')).toMatch(/欠税/);
  });

  it('issues the clearance certificate, and the taxpayer\'s cached record shows it right after', async () => {
    const reps = [{ __typename: 'Enterprise', uscc: SAMPLE_USCC.healthy }];
    expect((await system(TAX, { reps })).data._entities[0].tax.clearance).toBeNull();
    const { data, errors } = await system(CLEAR, { input: { idempotencyKey: 'clear-healthy', uscc: SAMPLE_USCC.healthy } });
    expect(errors).toBeUndefined();
    expect(data.taxApplyClearance).toMatchObject({ uscc: SAMPLE_USCC.healthy, certificateNo: expect.stringContaining('税企清'), path: 'IMMEDIATE' });
    expect((await system(TAX, { reps })).data._entities[0].tax.clearance).toEqual({ certificateNo: data.taxApplyClearance.certificateNo });
  });

  it('refuses every caller but the orchestrator (role system) before the bus hears of it', async () => {
    const before = stack.backend.sim.stats().requests;
    for (const caller of [{ role: 'window-staff', purpose: 'ENTERPRISE_OPENING' }, { role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE' }] as const) {
      const { data, errors } = await as(caller as Partial<Caller>, CONFIRM, { input: form(newUscc()) });
      expect(data).toBeNull();
      expect(errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(stack.backend.sim.stats().requests).toBe(before);
  });
});
