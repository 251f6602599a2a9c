import { postSigned } from '@district/subgraph-kit/testing';
import { DEV_CREDENTIALS } from '@district/domain';
import { signMarketRequest } from '@district/backends/market/index';
import { SAMPLE_USCC } from '@district/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@district/domain';
import { entitiesQuery, enterpriseReps, startTestStack, type TestStack } from './test-kit.ts';

const ESTABLISH = `mutation($input: MarketEstablishInput!) { marketEstablish(input: $input) { uscc licenceNo establishedOn } }`;
const CHANGE = `mutation($input: MarketChangeInput!) { marketChange(input: $input) { uscc changedOn items } }`;
const DEREGISTER = `mutation($input: MarketDeregisterInput!) { marketDeregister(input: $input) { uscc deregisteredOn } }`;
const NAME = entitiesQuery('registration { name }');

const form = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: `bundle-1:market:${Math.random()}`,
  name: `青岛蓝湾测试科技有限公司${Math.floor(Math.random() * 1e6)}`,
  typeCode: '1130',
  registeredCapital: '1000000.00',
  address: '山东省青岛市崂山区海尔路180号金岭国际大厦3001室',
  legalRepresentative: { name: '张伟', idNumber: '37021219900101123X', phone: '13800000001' },
  businessScope: '一般项目：软件开发。',
  ...over,
});

let stack: TestStack;
async function as(caller: Partial<Caller>, query: string, variables: Record<string, unknown>) {
  const { text: _text, ...reply } = await postSigned(stack.subgraph.url, query, variables, caller);
  return reply;
}
const system = (query: string, variables: Record<string, unknown>) => as({ role: 'system' }, query, variables);

describe('market registry writes for the bundle orchestrator', () => {
  beforeAll(async () => { stack = await startTestStack(); });
  afterAll(async () => { await stack?.stop(); });

  it('establishes an enterprise and returns its USCC, licence number and date, readable at once', async () => {
    const input = form();
    const { data, errors } = await system(ESTABLISH, { input });
    expect(errors).toBeUndefined();
    expect(data.marketEstablish).toMatchObject({ uscc: expect.stringMatching(/^[0-9A-Z]{18}$/), licenceNo: expect.any(String), establishedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const read = await stack.gql(NAME, { reps: enterpriseReps([data.marketEstablish.uscc]) });
    expect(read.data._entities[0].registration.name).toBe(input.name);
  });

  it('registers once when the same idempotencyKey is sent twice, and answers the retry with the first result', async () => {
    const input = form();
    const before = stack.calls().byRoute['enterprise.establish'] ?? 0;
    const first = await system(ESTABLISH, { input });
    const second = await system(ESTABLISH, { input });
    expect(second.data.marketEstablish).toEqual(first.data.marketEstablish);
    // Both attempts reached the registry; the second was its replay, not a second registration.
    expect(stack.calls().byRoute['enterprise.establish']).toBe(before + 2);
    const search = await stack.gql(`{ enterprises(filter: { keyword: "${input.name}" }, first: 10) { totalCount } }`);
    expect(search.errors).toBeUndefined();
    expect(search.data.enterprises.totalCount).toBe(1);
  });

  it('turns the registry\'s refusal into DEPARTMENT_REJECTED with every reason it gives', async () => {
    // The healthy sample has an open branch, which blocks deregistration on either path.
    const { data, errors } = await system(DEREGISTER, { input: { idempotencyKey: 'dereg-healthy', uscc: SAMPLE_USCC.healthy, path: 'SIMPLIFIED' } });
    expect(data).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', department: 'MARKET', nativeCode: 'E3001' });
    expect(errors?.[0].extensions.reasons.length).toBeGreaterThan(0);
    expect(errors?.[0].extensions.reasons.join(' ')).toMatch(/分支机构/);
  });

  it('refuses a name already held by another enterprise as DEPARTMENT_REJECTED, with the reason', async () => {
    const { errors } = await system(ESTABLISH, { input: form({ name: '青岛海岸线科技有限公司' }) });
    expect(errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', nativeCode: 'E3002', reasons: [expect.stringContaining('企业名称已被登记')] });
  });

  it('refuses every caller but the orchestrator (role system) before the registry hears of it', async () => {
    const before = stack.calls().byRoute['enterprise.change'] ?? 0;
    for (const caller of [{ role: 'window-staff', purpose: 'ENTERPRISE_CHANGE' }, { role: 'department-officer', department: 'MARKET', purpose: 'DEPARTMENT_CASE' }, { role: 'enterprise', uscc: SAMPLE_USCC.healthy, purpose: 'SELF_SERVICE' }] as const) {
      const { data, errors } = await as(caller as Partial<Caller>, CHANGE, { input: { idempotencyKey: 'x', uscc: SAMPLE_USCC.healthy, name: '青岛越权测试有限公司' } });
      expect(data).toBeNull();
      expect(errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(stack.calls().byRoute['enterprise.change'] ?? 0).toBe(before);
  });

  it('shows the new name right after a change, though the old registration was cached', async () => {
    const reps = enterpriseReps([SAMPLE_USCC.renamed]);
    const old = (await stack.gql(NAME, { reps })).data._entities[0].registration.name;
    const newName = `${old.replace('有限公司', '')}新名有限公司`;
    const { data, errors } = await system(CHANGE, { input: { idempotencyKey: 'change-renamed-1', uscc: SAMPLE_USCC.renamed, name: newName } });
    expect(errors).toBeUndefined();
    expect(data.marketChange).toEqual({ uscc: SAMPLE_USCC.renamed, changedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), items: ['NAME'] });
    expect((await stack.gql(NAME, { reps })).data._entities[0].registration.name).toBe(newName);
  });

  it('deregisters on the general path with a tax clearance number', async () => {
    const { data: made } = await system(ESTABLISH, { input: form() });
    const { data, errors } = await system(DEREGISTER, { input: { idempotencyKey: 'dereg-new', uscc: made.marketEstablish.uscc, path: 'GENERAL', taxClearanceNo: '青崂税 税企清〔2026〕8001号' } });
    expect(errors).toBeUndefined();
    expect(data.marketDeregister).toEqual({ uscc: made.marketEstablish.uscc, deregisteredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const status = await stack.gql(entitiesQuery('registration { status }'), { reps: enterpriseReps([made.marketEstablish.uscc]) });
    expect(status.data._entities[0].registration.status).toBe('DEREGISTERED');
  });

  it('drops every cached search a write made stale, by name, by building and by status alike', async () => {
    const name = `青岛蓝湾缓存测试科技有限公司${Math.floor(Math.random() * 1e6)}`;
    const count = async (filter: string) => (await stack.gql(`{ enterprises(filter: { ${filter} }, first: 5) { totalCount } }`)).data.enterprises.totalCount;
    const filters = [`keyword: "${name}"`, 'building: "LS-B001"', 'building: "LS-B001", status: EXISTING'];
    const before = await Promise.all(filters.map(count));
    const calls = stack.calls().byRoute['enterprise.search'] ?? 0;
    expect(await Promise.all(filters.map(count))).toEqual(before); // cached: no registry call
    expect(stack.calls().byRoute['enterprise.search'] ?? 0).toBe(calls);
    const { errors } = await system(ESTABLISH, { input: form({ name }) }); // in 金岭国际大厦, LS-B001
    expect(errors).toBeUndefined();
    expect(await Promise.all(filters.map(count))).toEqual(before.map((n) => n + 1));
  });

  it('reads past the cache for a system caller asking for fresh reads (a precondition check), and for nobody else', async () => {
    const name = `青岛蓝湾直办测试科技有限公司${Math.floor(Math.random() * 1e6)}`;
    const search = `{ enterprises(filter: { keyword: "${name}" }, first: 100) { totalCount } }`;
    const total = async (caller: Partial<Caller>) => (await as(caller, search, {})).data.enterprises.totalCount;
    expect(await total({ role: 'system' })).toBe(0);
    // Registered at the registry's own counter: nothing goes through this subgraph to invalidate the cached page.
    const body = JSON.stringify({ entName: name, entType: '1130', regCap: '100', dom: '山东省青岛市崂山区海尔路8号', lerep: '李四', lerepCerNo: '37021219900101123X', opScope: '软件开发' });
    const path = '/api/v1/enterprises';
    const res = await fetch(stack.backendUrl + path, {
      method: 'POST', body,
      headers: { ...signMarketRequest({ method: 'POST', pathWithQuery: path, body, ...DEV_CREDENTIALS.market }), 'content-type': 'application/json', 'Idempotency-Key': `counter-${Math.floor(Math.random() * 1e9)}` },
    });
    expect(res.status).toBe(200);
    expect(await total({ role: 'system' })).toBe(0);
    expect(await total({ role: 'auditor', purpose: 'AUDIT', fresh: true })).toBe(0);
    expect(await total({ role: 'system', fresh: true })).toBe(1);
    // What the fresh read found now serves ordinary reads too.
    expect(await total({ role: 'system' })).toBe(1);
  });
});
