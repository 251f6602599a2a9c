import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { buildUscc, maskPersonName } from '@district/domain';
import { enterpriseReps, entitiesQuery, startTestStack, type TestStack } from './test-kit.ts';

// With the cache on, as in production; what the registry does when it fails is in resilience.test.ts.

let stack: TestStack;
beforeAll(async () => void (stack = await startTestStack()));
afterAll(() => stack.stop());
afterEach(() => {
  stack.sim.clearFaults();
  stack.sim.resetStats();
});

const REGISTRATION = `registration {
  name status statusLabel statusOn entityClass type { code label } establishedOn term { from to indefinite }
  registeredCapital registeredCapitalCurrency legalRepresentative { role name idType idNumber } address industry { code label }
  registrationAuthority approvedOn revokedOn deregisteredOn onAbnormalList
  abnormalListEntries { reason listedOn removedOn } changes { item itemLabel before after on }
  annualReports { year filed filedOn } branches { uscc } parent { uscc registration { name } }
}`;
const one = async (uscc: string) => (await stack.gql(`{ enterprise(uscc: "${uscc}") { uscc building { id } ${REGISTRATION} } }`)).data.enterprise;
const UNREGISTERED = buildUscc('9', '1', '370212', 'MA3C9999');

describe('market subgraph entry points', () => {
  it('shows a healthy enterprise as the registry holds it, personal data masked', async () => {
    const e = await one(SAMPLE_USCC.healthy);
    expect(e.building).toEqual({ id: 'LS-B001' });
    expect(e.registration).toMatchObject({
      name: '青岛海岸线科技有限公司', status: 'EXISTING', statusLabel: '存续（在营、开业、在册）', statusOn: null, entityClass: 'ENTERPRISE',
      type: { code: '1130', label: '有限责任公司（自然人投资或控股）' }, establishedOn: '2016-03-18', term: { from: '2016-03-18', to: null, indefinite: true },
      registeredCapital: '5000000.00', registeredCapitalCurrency: 'CNY',
      legalRepresentative: { role: 'LEGAL_REPRESENTATIVE', name: '王**', idType: 'RESIDENT_ID_CARD', idNumber: '370***********201X' },
      address: '山东省青岛市崂山区海尔路180号金岭国际大厦1608室', industry: { code: 'I', label: '信息传输、软件和信息技术服务业' },
      registrationAuthority: '青岛市崂山区市场监督管理局', approvedOn: '2019-07-02', onAbnormalList: false, abnormalListEntries: [],
      changes: [{ item: 'ADDRESS', itemLabel: '住所变更', before: '山东省青岛市崂山区松岭路169号', after: '山东省青岛市崂山区海尔路180号金岭国际大厦1608室', on: '2019-07-02' }],
      branches: [{ uscc: SAMPLE_USCC.branch }], parent: null,
    });
    expect(e.registration.annualReports.map((r: any) => r.year)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(JSON.stringify(e)).not.toMatch(/王海涛|37021219820315201X|13805329876/);
    expect(stack.calls()).toEqual({ requests: 1, byRoute: { 'enterprise.batch': 1 } }); // record and every list in one call
  });

  it('shows closed, revoked, individual, branch, renamed, abnormal and new enterprises with the registry’s values', async () => {
    expect((await one(SAMPLE_USCC.deregistered)).registration).toMatchObject({
      status: 'DEREGISTERED', statusLabel: '注销', statusOn: '2024-09-20', deregisteredOn: '2024-09-20', term: { to: '2032-05-09', indefinite: false },
    });
    const revoked = await one(SAMPLE_USCC.revoked);
    expect(revoked.building).toBeNull();
    expect(revoked.registration).toMatchObject({
      status: 'REVOKED_NOT_DEREGISTERED', statusLabel: '吊销，未注销', revokedOn: '2021-12-03', onAbnormalList: true,
      abnormalListEntries: [{ reason: 'UNREACHABLE_AT_ADDRESS', listedOn: '2018-07-02', removedOn: null }],
    });
    expect((await one(SAMPLE_USCC.individual)).registration).toMatchObject({
      entityClass: 'INDIVIDUAL_BUSINESS', type: { code: null, label: '个体工商户' }, registeredCapital: '50000.00',
      legalRepresentative: { role: 'OPERATOR', name: '李**' },
    });
    expect((await one(SAMPLE_USCC.branch)).registration).toMatchObject({
      type: { code: '2130' }, registeredCapital: null, registeredCapitalCurrency: null, legalRepresentative: { role: 'BRANCH_HEAD' },
      parent: { uscc: SAMPLE_USCC.healthy, registration: { name: '青岛海岸线科技有限公司' } },
    });
    expect((await one(SAMPLE_USCC.renamed)).registration.changes).toEqual([
      { item: 'NAME', itemLabel: '名称变更', before: '青岛云帆网络科技有限公司', after: '青岛云帆信息技术有限公司', on: '2022-08-15' },
    ]);
    const abnormal = (await one(SAMPLE_USCC.abnormal)).registration;
    expect(abnormal).toMatchObject({ onAbnormalList: true, abnormalListEntries: [{ reason: 'ANNUAL_REPORT_NOT_FILED', listedOn: '2025-07-10', removedOn: null }] });
    expect(abnormal.annualReports.slice(-2)).toEqual([{ year: 2024, filed: false, filedOn: null }, { year: 2025, filed: false, filedOn: null }]);
    expect((await one(SAMPLE_USCC.newlyOpened)).registration).toMatchObject({ establishedOn: '2026-10-20', annualReports: [] });
  });

  it('masks the names in a legal-representative change', async () => {
    const e = stack.dataset.enterprises.find((x) => x.changes.some((c) => c.item === 'LEGAL_REPRESENTATIVE'))!;
    const raw = e.changes.find((c) => c.item === 'LEGAL_REPRESENTATIVE')!;
    const change = (await one(e.uscc)).registration.changes.find((c: any) => c.item === 'LEGAL_REPRESENTATIVE');
    expect(change).toEqual({ item: 'LEGAL_REPRESENTATIVE', itemLabel: '法定代表人变更', before: maskPersonName(raw.before), after: maskPersonName(raw.after), on: raw.on });
  });

  it('refuses a malformed USCC with BAD_USER_INPUT saying what is wrong, without asking the registry', async () => {
    const problem = async (uscc: string) => (await stack.gql(`{ enterprise(uscc: "${uscc}") { uscc } }`)).errors![0];
    const check = await problem('91370212MA3C12346Y');
    expect(check.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'uscc', problem: 'check' });
    expect(check.message).toContain('check character is wrong: expected "X", got "Y"');
    const length = await problem('91370212MA3C1234');
    expect(length.extensions.problem).toBe('length');
    expect(length.message).toContain('must be 18 characters, "91370212MA3C1234" has 16');
    const letter = await problem('91370212MA3C1234OX');
    expect(letter.extensions.problem).toBe('alphabet');
    expect(letter.message).toContain('character 17 "O" is not allowed');
    expect(stack.calls().requests).toBe(0);
  });

  it('quotes only a short prefix of an over-long argument, still saying what is wrong', async () => {
    const huge = '9'.repeat(900_000);
    const uscc = await stack.gql('query($u: ID!) { enterprise(uscc: $u) { uscc } }', { u: huge });
    expect(uscc.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'uscc', problem: 'length' });
    expect(uscc.errors![0].message.length).toBeLessThan(500);
    expect(uscc.errors![0].message).toMatch(/must be 18 characters.*900000/);
    const building = await stack.gql('query($b: ID) { enterprises(filter: { building: $b }) { totalCount } }', { b: 'x'.repeat(900_000) });
    expect(building.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.building' });
    expect(building.errors![0].message.length).toBeLessThan(500);
    expect(building.errors![0].message).toMatch(/filter.building must be a 楼宇编码.*900000 characters/);
    expect(stack.calls().requests).toBe(0);
  });

  it('answers null, without an error, for a valid USCC the registry does not know', async () => {
    const res = await stack.gql(`{ enterprise(uscc: "${UNREGISTERED}") { uscc registration { name } } }`);
    expect(res).toEqual({ data: { enterprise: null } });
  });

  it('keeps an unknown enterprise as a reference: registration null, no events, no building', async () => {
    const res = await stack.gql(entitiesQuery('uscc registration { name } building { id } marketEvents { kind }'), { reps: enterpriseReps([UNREGISTERED, '91370212MA3C12346Y']) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { uscc: UNREGISTERED, registration: null, building: null, marketEvents: [] },
      { uscc: '91370212MA3C12346Y', registration: null, building: null, marketEvents: [] },
    ]);
  });

  it('refuses malformed list filters with BAD_USER_INPUT naming the filter, and caps long pages at 200', async () => {
    const type = await stack.gql('{ enterprises(filter: { type: "11" }) { totalCount } }');
    expect(type.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter.type' } });
    const building = await stack.gql('{ enterprises(filter: { building: "ls b001" }) { totalCount } }');
    expect(building.errors![0].message).toContain('filter.building must be a 楼宇编码');
    const capped = await stack.gql('{ enterprises(first: 500) { edges { cursor } } }');
    expect(capped.data.enterprises.edges).toHaveLength(200);
  });

  it('answers a search for 迁入 enterprises, which this registry cannot hold, empty without a call', async () => {
    const res = await stack.gql('{ enterprises(filter: { status: MOVED_IN }) { totalCount edges { cursor } pageInfo { hasNextPage } } }');
    expect(res.data.enterprises).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
    expect(stack.calls().requests).toBe(0);
  });
});
