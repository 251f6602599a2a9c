import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';
import { openingForm } from './forms.ts';

/**
 * 收件审查 through the whole stack: the whole form is checked when the window submits it, and a
 * form the market registry would refuse later (an address outside 崂山区, a name that breaks
 * 企业名称登记管理规定) is refused at once, every problem listed, with no bundle stored and no
 * department system asked anything.
 */
const OPEN = `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { id status } }`;
const CHANGE = `mutation($input: ChangeEnterpriseInput!) { changeEnterprise(input: $input) { id status } }`;
const NO_CALLS = { market: 0, tax: 0, 'medical-insurance': 0, 'real-estate': 0 };

describe('the whole form checked at submission', () => {
  let stack: Stack;
  const headers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    // The worker is off: anything accepted by mistake stays visible in the store.
    stack = await startStack({ env: { BUNDLE_WORKER: 'false' } });
    for (const purpose of ['ENTERPRISE_OPENING', 'ENTERPRISE_CHANGE']) headers[purpose] = await stack.authHeaders({ role: 'window-staff', purpose, sub: 'w-form' } as any);
  });
  afterAll(async () => stack?.stop());

  const stored = async (key: string) =>
    (await (stack.subgraphs.services as RunningServices).db.query('SELECT id FROM bundle WHERE idempotency_key = $1', [key])).length;

  /** Submits; returns the one BAD_USER_INPUT error's problems as `field:code`, having checked nothing was stored or asked. */
  async function refused(mutation: string, input: Record<string, any>, purpose: string) {
    stack.resetBackendStats();
    const res = await stack.query(mutation, { input }, headers[purpose]);
    expect(Object.values(res.data ?? {})[0] ?? null, JSON.stringify(res)).toBeNull();
    expect(res.errors).toHaveLength(1);
    const error = res.errors![0];
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.reasons).toHaveLength(error.extensions?.problems.length);
    for (const reason of error.extensions?.reasons) expect(error.message).toContain(reason);
    expect(await stored(input.idempotencyKey)).toBe(0);
    expect(await stack.backendRequests()).toEqual(NO_CALLS);
    return error.extensions!.problems.map((p: any) => `${p.field}:${p.code}`);
  }

  it('refuses an opening outside the district with a name that breaks the naming rules, listing both, asking no department', async () => {
    const problems = await refused(OPEN, openingForm('e2e-form-open-1', '崂山海岸线科技股份有限公司'), 'ENTERPRISE_OPENING');
    expect(problems).toEqual(['name:NAME_DISTRICT', 'name:NAME_ORGANISATION_FORM']);
    const both = await refused(OPEN, { ...openingForm('e2e-form-open-2', '青岛崂山 Sea 科技有限公司'), address: '山东省青岛市市南区香港中路1号' }, 'ENTERPRISE_OPENING');
    expect(both).toEqual(['name:NAME_CHARACTERS', 'address:OUT_OF_DISTRICT']);
  });

  it('lists every problem of a form at once, naming each field', async () => {
    const problems = await refused(OPEN, {
      ...openingForm('e2e-form-open-3', '青岛有限公司'), typeCode: '2130', registeredCapital: '0', businessScope: '软',
      legalRepresentative: { name: '张', idNumber: '370212198001011234', phone: '23800000001' },
    }, 'ENTERPRISE_OPENING');
    expect(problems).toEqual([
      'typeCode:TYPE_CODE', 'name:NAME_TRADE_NAME', 'registeredCapital:NOT_POSITIVE', 'businessScope:LENGTH',
      'legalRepresentative.name:LENGTH', 'legalRepresentative.idNumber:ID_NUMBER', 'legalRepresentative.phone:PHONE',
    ]);
  });

  it('refuses a change to a new name or a new address that breaks the same rules, asking no department', async () => {
    const problems = await refused(CHANGE, {
      idempotencyKey: 'e2e-form-change-1', uscc: SAMPLE_USCC.healthy, newName: '海岸线科技有限公司', newAddress: '山东省青岛市李沧区九水东路1号',
    }, 'ENTERPRISE_CHANGE');
    expect(problems).toEqual(['newName:NAME_DISTRICT', 'newAddress:OUT_OF_DISTRICT']);
  });

  it('refuses a new name whose 组织形式 does not fit the registered type, storing nothing', async () => {
    // The healthy sample is an 有限责任公司 (1130): a partnership's form does not fit it.
    const res = await stack.query(CHANGE, { input: { idempotencyKey: 'e2e-form-change-2', uscc: SAMPLE_USCC.healthy, newName: '青岛海岸线科技合伙企业（普通合伙）' } }, headers.ENTERPRISE_CHANGE);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'newName', code: 'NAME_ORGANISATION_FORM' }] });
    expect(await stored('e2e-form-change-2')).toBe(0);
  });

  it('accepts a good form, an amount typed as "100" normalised to two places', async () => {
    const res = await stack.query(OPEN, { input: { ...openingForm('e2e-form-open-4'), registeredCapital: '100' } }, headers.ENTERPRISE_OPENING);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const [row] = await (stack.subgraphs.services as RunningServices).db.query<{ form: any }>('SELECT form FROM bundle WHERE idempotency_key = $1', ['e2e-form-open-4']);
    expect(row.form.registeredCapital).toBe('100.00');
  });
});
