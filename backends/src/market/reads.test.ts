import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '@district/domain';
import { getDataset, SAMPLE_USCC } from '@district/dataset';
import { q, startMarket, type MarketClient } from './test-client.ts';

let market: MarketClient;
const dataset = getDataset();
beforeAll(async () => void (market = await startMarket()));
afterAll(() => market.close());

const get = (path: string) => market.call('GET', path);
/** Valid check characters, registered nowhere. */
const UNREGISTERED = buildUscc('9', '1', '370212', 'MA3C9999');

describe('market registry reads', () => {
  it('has no enterprise under the code used as unregistered', () => expect(dataset.byUscc.has(UNREGISTERED)).toBe(false));

  it('returns one enterprise in the registry vocabulary with raw personal data', async () => {
    const { status, body } = await get(`/api/v1/enterprises/${SAMPLE_USCC.healthy}`);
    expect(status).toBe(200);
    expect(body.code).toBe('0');
    expect(body.message).toBe('success');
    expect(body.data).toMatchObject({
      uniscId: SAMPLE_USCC.healthy, entName: '青岛海岸线科技有限公司', entType: '1130', entTypeCn: '有限责任公司（自然人投资或控股）',
      regCap: '500.000000', regCapCur: '156', estDate: '2016-03-18', opFrom: '2016-03-18', opTo: null,
      lerep: '王海涛', lerepCerNo: '37021219820315201X', lerepTel: '13805329876',
      dom: '山东省青岛市崂山区海尔路180号金岭国际大厦1608室', regOrg: '青岛市崂山区市场监督管理局',
      regState: '存续（在营、开业、在册）', apprDate: '2019-07-02', canDate: null,
    });
  });

  it('shows a closed enterprise with the GSXT status text and its dates from the core facts', async () => {
    const dereg = (await get(`/api/v1/enterprises/${SAMPLE_USCC.deregistered}`)).body.data;
    expect(dereg).toMatchObject({ regState: '注销', canDate: '2024-09-20', regStateDate: '2024-09-20' });
    const revoked = (await get(`/api/v1/enterprises/${SAMPLE_USCC.revoked}`)).body.data;
    expect(revoked).toMatchObject({ regState: '吊销，未注销', revDate: '2021-12-03', canDate: null });
    const individual = (await get(`/api/v1/enterprises/${SAMPLE_USCC.individual}`)).body.data;
    expect(individual).toMatchObject({ entType: null, entTypeCn: '个体工商户' });
  });

  it('lists changes, branches and abnormal-list entries per enterprise', async () => {
    const changes = (await get(`/api/v1/enterprises/${SAMPLE_USCC.renamed}/changes`)).body.data;
    expect(changes.total).toBe(1);
    expect(changes.list[0]).toMatchObject({ altItemCn: '名称变更', altBe: '青岛云帆网络科技有限公司', altAf: '青岛云帆信息技术有限公司', altDate: '2022-08-15' });
    const branches = (await get(`/api/v1/enterprises/${SAMPLE_USCC.healthy}/branches`)).body.data;
    expect(branches.list.map((b: { uniscId: string }) => b.uniscId)).toEqual([SAMPLE_USCC.branch]);
    const branch = (await get(`/api/v1/enterprises/${SAMPLE_USCC.branch}`)).body.data;
    expect(branch).toMatchObject({ parentUniscId: SAMPLE_USCC.healthy, entType: '2130', entTypeCn: '有限责任公司分公司（自然人投资或控股）', regCap: null });
    const abnormal = (await get(`/api/v1/enterprises/${SAMPLE_USCC.abnormal}/abnormal-entries`)).body.data;
    expect(abnormal.list).toEqual([expect.objectContaining({
      abnTime: '2025-07-10', speCauseCn: '未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告的', decOrg: '青岛市崂山区市场监督管理局', remDate: null,
    })]);
    expect((await get(`/api/v1/enterprises/${SAMPLE_USCC.healthy}/abnormal-entries`)).body.data).toEqual({ total: 0, list: [] });
  });

  it('files one annual report a year from the year of establishment, except when listed for not filing or closed', async () => {
    const healthy = (await get(`/api/v1/enterprises/${SAMPLE_USCC.healthy}/annual-reports`)).body.data.list;
    expect(healthy.map((r: { ancheYear: number }) => r.ancheYear)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(healthy.every((r: { ancheState: string }) => r.ancheState === '已公示')).toBe(true);
    expect(healthy.at(-1).socialSecurity.so310).toBe(46); // = core employees of an insured employer
    expect(healthy[0].baseInfo.dom).toBe('山东省青岛市崂山区松岭路169号'); // address before the 2019 change

    const abnormal = (await get(`/api/v1/enterprises/${SAMPLE_USCC.abnormal}/annual-reports`)).body.data.list;
    expect(abnormal.map((r: { ancheYear: number; ancheState: string }) => `${r.ancheYear}:${r.ancheState}`))
      .toEqual(['2020:已公示', '2021:已公示', '2022:已公示', '2023:已公示', '2024:未公示', '2025:未公示']);

    const closed = (await get(`/api/v1/enterprises/${SAMPLE_USCC.deregistered}/annual-reports`)).body.data.list;
    expect(closed.at(-1)).toMatchObject({ ancheYear: 2024, ancheState: '未公示', assets: null });
    expect(closed.at(-2)).toMatchObject({ ancheYear: 2023, ancheState: '已公示' });
    expect((await get(`/api/v1/enterprises/${SAMPLE_USCC.newlyOpened}/annual-reports`)).body.data.total).toBe(0);
  });

  it('expands a single lookup with include', async () => {
    const data = (await get(`/api/v1/enterprises/${SAMPLE_USCC.healthy}?include=branches,changes`)).body.data;
    expect(data.branches).toHaveLength(1);
    expect(data.changes).toHaveLength(1);
    expect(data.annualReports).toBeUndefined();
  });

  it('answers a batch of 100 with every include and leaves unknown codes out', async () => {
    const known = dataset.enterprises.slice(0, 99).map((e) => e.uscc);
    const { status, body } = await market.call('POST', '/api/v1/enterprises/batch', {
      body: { uniscIds: [...known, UNREGISTERED], include: ['changes', 'branches', 'annualReports', 'abnormalEntries'] },
    });
    expect(status).toBe(200);
    expect(body.data.list.map((r: { uniscId: string }) => r.uniscId)).toEqual(known);
    expect(body.data.list[0]).toHaveProperty('annualReports');
    expect(body.data.list[0]).toHaveProperty('abnormalEntries');
  });

  it('refuses a batch of 101 with E2002', async () => {
    const { status, body } = await market.call('POST', '/api/v1/enterprises/batch', { body: { uniscIds: dataset.enterprises.slice(0, 101).map((e) => e.uscc) } });
    expect(status).toBe(400);
    expect(body.code).toBe('E2002');
    expect(body.message).toContain('101');
  });

  it('lists the 420 enterprises of building LS-B001 by address in stable pages of 100', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const { body } = await get(q('/api/v1/enterprises', { address: '山东省青岛市崂山区海尔路180号', page, pageSize: 100 }));
      expect(body.data.total).toBe(420);
      seen.push(...body.data.list.map((r: { uniscId: string }) => r.uniscId));
    }
    expect(seen).toHaveLength(420);
    expect(new Set(seen).size).toBe(420);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen)).toEqual(new Set(dataset.enterprises.filter((e) => e.buildingId === 'LS-B001').map((e) => e.uscc)));
    const again = (await get(q('/api/v1/enterprises', { address: '山东省青岛市崂山区海尔路180号', page: 2, pageSize: 100 }))).body.data.list;
    expect(again.map((r: { uniscId: string }) => r.uniscId)).toEqual(seen.slice(100, 200));
  });

  it('searches by name keyword, status and type code', async () => {
    const byName = (await get(q('/api/v1/enterprises', { keyword: '海岸线' }))).body.data;
    expect(byName.list.map((r: { uniscId: string }) => r.uniscId)).toEqual(expect.arrayContaining([SAMPLE_USCC.healthy, SAMPLE_USCC.individual]));
    const revoked = (await get(q('/api/v1/enterprises', { status: '吊销', entType: '1130', pageSize: 100 }))).body.data;
    expect(revoked.total).toBeGreaterThan(0);
    expect(revoked.list.every((r: { regState: string; entType: string }) => r.regState.startsWith('吊销') && r.entType === '1130')).toBe(true);
  });

  it('refuses a malformed USCC saying why, and answers an unknown one with E4040', async () => {
    const bad = await get('/api/v1/enterprises/91370212MA3C12346Y');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('E2001');
    expect(bad.body.message).toContain('check character is wrong: expected "X", got "Y"');
    const short = await get('/api/v1/enterprises/91370212MA3C1234/changes');
    expect(short.body.message).toContain('must be 18 characters');
    const inBatch = await market.call('POST', '/api/v1/enterprises/batch', { body: { uniscIds: [SAMPLE_USCC.healthy, '91370212MA3C1234OX'] } });
    expect(inBatch.body.message).toMatch(/uniscIds\[1\].*character 17 "O" is not allowed/);
    const missing = await get(`/api/v1/enterprises/${UNREGISTERED}/annual-reports`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('E4040');
  });

  it('refuses bad search parameters and unknown endpoints in its own words', async () => {
    const big = await get(q('/api/v1/enterprises', { pageSize: 101 }));
    expect(big.body).toMatchObject({ code: 'E2001' });
    expect(big.body.message).toContain('pageSize must be an integer from 1 to 100');
    expect((await get(q('/api/v1/enterprises', { status: '营业' }))).body.message).toContain('matches no 登记状态');
    expect((await get(q('/api/v1/enterprises', { name: 'x' }))).body.message).toContain('unknown query parameter(s) name');
    const route = await get('/api/v2/nothing');
    expect(route.status).toBe(404);
    expect(route.body.code).toBe('E4041');
  });
});
