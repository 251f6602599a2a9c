import { postSigned } from '@district/subgraph-kit/testing';
import { SAMPLE_USCC } from '@district/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@district/domain';
import { startTestStack, type TestStack } from './test-kit.ts';

const RENAME = `mutation($input: RealEstateRenameHolderInput!) { realEstateRenameHolder(input: $input) { uscc renamedRights } }`;
const HOLDINGS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { realEstate { registeredName rights(includeHistorical: true) { holderName status endedBy } } } } }`;
const EVIDENCE = { documentNo: '（青崂）登记内变字〔2022〕第0815号', documentName: '准予变更登记通知书', approvedOn: '2022-08-15' };

let stack: TestStack;

async function as(caller: Partial<Caller>, query: string, variables: Record<string, unknown>) {
  const { text: _text, ...reply } = await postSigned(stack.subgraph.url, query, variables, caller);
  return reply;
}
const system = (query: string, variables: Record<string, unknown>) => as({ role: 'system' }, query, variables);
const holdings = async (uscc: string) => (await system(HOLDINGS, { reps: [{ __typename: 'Enterprise', uscc }] })).data._entities[0].realEstate;

describe('real-estate holder renaming for the bundle orchestrator', () => {
  beforeAll(async () => void (stack = await startTestStack()));
  afterAll(() => stack?.stop());

  it('renames the holder once when the same idempotencyKey is sent twice, and the cached holdings show the new name right after', async () => {
    expect((await holdings(SAMPLE_USCC.renamed)).registeredName).toBe('青岛云帆网络科技有限公司');
    const before = stack.backend.sim.stats().byRoute.exchange ?? 0;
    const input = { idempotencyKey: 'bundle-7:real-estate', uscc: SAMPLE_USCC.renamed, newName: '青岛云帆信息技术有限公司', formerName: '青岛云帆网络科技有限公司', evidence: EVIDENCE };
    const first = await system(RENAME, { input });
    const second = await system(RENAME, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data.realEstateRenameHolder).toEqual({ uscc: SAMPLE_USCC.renamed, renamedRights: 1 });
    // A second registration would be refused (3003, the name already changed): this is the registry's replay.
    expect(second).toEqual(first);
    expect(stack.backend.sim.stats().byRoute.exchange).toBe(before + 2);
    const after = await holdings(SAMPLE_USCC.renamed);
    expect(after.registeredName).toBe('青岛云帆信息技术有限公司');
    expect(after.rights.map((r: any) => [r.holderName, r.status, r.endedBy])).toEqual([
      ['青岛云帆网络科技有限公司', 'HISTORICAL', 'CHANGE'],
      ['青岛云帆信息技术有限公司', 'CURRENT', null],
    ]);
  });

  it('turns a former name that is not on the register into DEPARTMENT_REJECTED with the registry\'s reason', async () => {
    const { data, errors } = await system(RENAME, { input: { idempotencyKey: 'wrong-former', uscc: SAMPLE_USCC.healthy, newName: '青岛海岸线信息技术有限公司', formerName: '青岛别的名字有限公司', evidence: EVIDENCE } });
    expect(data).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', department: 'REAL_ESTATE', nativeCode: '3002', reasons: [expect.any(String)] });
  });

  it('refuses a holder without current rights as DEPARTMENT_REJECTED', async () => {
    const { errors } = await system(RENAME, { input: { idempotencyKey: 'no-rights', uscc: SAMPLE_USCC.deregistered, newName: '青岛某某有限公司', evidence: EVIDENCE } });
    expect(errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', nativeCode: '4004', reasons: ['权利人无现势产权'] });
  });

  it('refuses every caller but the orchestrator (role system) before the registry hears of it', async () => {
    const before = stack.backend.sim.stats().requests;
    for (const caller of [{ role: 'window-staff', purpose: 'ENTERPRISE_CHANGE' }, { role: 'department-officer', department: 'REAL_ESTATE', purpose: 'DEPARTMENT_CASE' }] as const) {
      const { data, errors } = await as(caller as Partial<Caller>, RENAME, { input: { idempotencyKey: 'x', uscc: SAMPLE_USCC.healthy, newName: '青岛越权有限公司', evidence: EVIDENCE } });
      expect(data).toBeNull();
      expect(errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(stack.backend.sim.stats().requests).toBe(before);
  });
});
