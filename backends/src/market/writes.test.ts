import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkUscc } from '@district/domain';
import { getDataset, SAMPLE_USCC } from '@district/dataset';
import { q, startMarket, type MarketClient } from './test-client.ts';

let market: MarketClient;
beforeAll(async () => void (market = await startMarket()));
afterAll(() => market.close());
beforeEach(() => fetch(`${market.base}/__sim/state/reset`, { method: 'POST' }));

const OPENING = {
  entName: '青岛蓝湾测试科技有限公司', entType: '1130', regCap: '100', dom: '山东省青岛市崂山区海尔路180号金岭国际大厦3001室',
  lerep: '张伟', lerepCerNo: '37021219900101123X', lerepTel: '13800000001', opScope: '一般项目：软件开发。', industryPhy: 'I', empNum: 5,
};
const establish = (body: unknown, key = 'open-1') => market.call('POST', '/api/v1/enterprises', { body, idempotencyKey: key });
const deregister = (uscc: string, body: unknown, key: string) => market.call('POST', `/api/v1/enterprises/${uscc}/deregistration`, { body, idempotencyKey: key });

describe('market registry writes', () => {
  it('registers a new enterprise with a valid new USCC and licence number, visible to every read', async () => {
    const { status, body } = await establish(OPENING);
    expect(status).toBe(200);
    const uscc = body.data.uniscId;
    expect(checkUscc(uscc).valid).toBe(true);
    expect(uscc.slice(0, 8)).toBe('91370212');
    expect(getDataset().byUscc.has(uscc)).toBe(false);
    expect(body.data).toMatchObject({ entName: OPENING.entName, regState: '存续（在营、开业、在册）', regCap: '100.000000' });
    expect(body.data.licenceNo).toMatch(/^370212\d{14}$/);
    expect(body.data.estDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await market.call('GET', `/api/v1/enterprises/${uscc}`)).body.data.entName).toBe(OPENING.entName);
    const building = (await market.call('GET', q('/api/v1/enterprises', { address: '山东省青岛市崂山区海尔路180号', pageSize: 1 }))).body.data;
    expect(building.total).toBe(421);
  });

  it('returns the first reply again for a repeated key and body, and refuses the key with another body', async () => {
    const first = await establish(OPENING, 'open-repeat');
    const again = await establish(OPENING, 'open-repeat');
    expect(again.body.data.uniscId).toBe(first.body.data.uniscId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const conflict = await establish({ ...OPENING, entName: '青岛另一家测试科技有限公司' }, 'open-repeat');
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('E4090');
    const missingKey = await market.call('POST', '/api/v1/enterprises', { body: OPENING });
    expect(missingKey.body.message).toContain('Idempotency-Key header is required');
  });

  it('refuses bad registration input naming each field, and malformed JSON', async () => {
    const bad = await establish({ ...OPENING, entType: '9999', dom: '北京市朝阳区建国路1号', lerepCerNo: '370212199001011231', nickname: 'x' }, 'open-bad');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('E2001');
    for (const part of ['entType must be', 'dom must be in this authority', 'lerepCerNo is not a valid 居民身份证号', 'unknown field(s) nickname']) {
      expect(bad.body.message).toContain(part);
    }
    const json = await market.call('POST', '/api/v1/enterprises', { rawBody: '{"entName": ', idempotencyKey: 'open-json' });
    expect(json.body.code).toBe('E2001');
    expect(json.body.message).toContain('not valid JSON');
    const taken = await establish({ ...OPENING, entName: '青岛海岸线科技有限公司' }, 'open-taken');
    expect(taken.body).toMatchObject({ code: 'E3002' });
  });

  it('records a change and shows it in the record and the change list', async () => {
    const res = await market.call('POST', `/api/v1/enterprises/${SAMPLE_USCC.renamed}/changes`, {
      body: { dom: '山东省青岛市崂山区株洲路151号崂山科创中心808室', regCap: 300 }, idempotencyKey: 'change-1',
    });
    expect(res.body.code).toBe('0');
    expect(res.body.data.altRecords.map((r: { altItemCn: string }) => r.altItemCn)).toEqual(['住所变更', '注册资本变更']);
    const record = (await market.call('GET', `/api/v1/enterprises/${SAMPLE_USCC.renamed}?include=changes`)).body.data;
    expect(record).toMatchObject({ dom: '山东省青岛市崂山区株洲路151号崂山科创中心808室', regCap: '300.000000' });
    expect(record.changes).toHaveLength(3);
    expect(record.changes.at(-1)).toMatchObject({ altBe: '200万元', altAf: '300万元' });
  });

  it('refuses changes for deregistered and revoked enterprises', async () => {
    for (const uscc of [SAMPLE_USCC.deregistered, SAMPLE_USCC.revoked]) {
      const res = await market.call('POST', `/api/v1/enterprises/${uscc}/changes`, { body: { opScope: '一般项目：企业管理咨询。' }, idempotencyKey: `change-${uscc}` });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('E3001');
    }
  });

  it('refuses deregistration with open branches, on the abnormal list (simple path) or without 清税证明 (general path)', async () => {
    const branches = await deregister(SAMPLE_USCC.healthy, { canType: 'GENERAL', taxClearanceNo: '青崂税 税企清〔2026〕1号' }, 'dereg-1');
    expect(branches.body.code).toBe('E3001');
    expect(branches.body.data.reasons[0]).toContain(SAMPLE_USCC.branch);
    const abnormal = await deregister(SAMPLE_USCC.abnormal, { canType: 'SIMPLE' }, 'dereg-2');
    expect(abnormal.body.message).toContain('经营异常名录');
    const noClearance = await deregister(SAMPLE_USCC.troubled, { canType: 'GENERAL' }, 'dereg-3');
    expect(noClearance.body.data.reasons).toEqual([expect.stringContaining('清税证明')]);
    const already = await deregister(SAMPLE_USCC.deregistered, { canType: 'SIMPLE' }, 'dereg-4');
    expect(already.body.code).toBe('E3001');
  });

  it('deregisters a branch, then its parent, and the refusal under a key does not block a later success', async () => {
    const refused = await deregister(SAMPLE_USCC.healthy, { canType: 'SIMPLE' }, 'dereg-parent');
    expect(refused.body.code).toBe('E3001');
    expect((await deregister(SAMPLE_USCC.branch, { canType: 'SIMPLE' }, 'dereg-branch')).body.data.regState).toBe('注销');
    const done = await deregister(SAMPLE_USCC.healthy, { canType: 'SIMPLE' }, 'dereg-parent');
    expect(done.body.code).toBe('0');
    expect(done.body.data).toMatchObject({ regState: '注销', canType: 'SIMPLE' });
    const record = (await market.call('GET', `/api/v1/enterprises/${SAMPLE_USCC.healthy}`)).body.data;
    expect(record).toMatchObject({ regState: '注销', canDate: done.body.data.canDate });
    const revoked = await deregister(SAMPLE_USCC.revoked, { canType: 'GENERAL', taxClearanceNo: 'QS-2026-0001' }, 'dereg-revoked');
    expect(revoked.body.data.regState).toBe('吊销，已注销');
  });

  it('forgets every write on state reset', async () => {
    const uscc = (await establish(OPENING, 'open-reset')).body.data.uniscId;
    await fetch(`${market.base}/__sim/state/reset`, { method: 'POST' });
    expect((await market.call('GET', `/api/v1/enterprises/${uscc}`)).body.code).toBe('E4040');
    expect((await establish(OPENING, 'open-reset')).headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('market registry clock', () => {
  it('dates writes by the registry clock in Beijing time and checks timestamps against it', async () => {
    const now = new Date('2026-12-31T17:00:00Z'); // 2027-01-01 01:00 in Beijing
    const clocked = await startMarket({}, { now: () => now });
    try {
      const res = await clocked.call('POST', '/api/v1/enterprises', { body: OPENING, idempotencyKey: 'clock', sign: { timestamp: now.getTime() } });
      expect(res.body.data.estDate).toBe('2027-01-01');
      expect((await clocked.call('GET', `/api/v1/enterprises/${SAMPLE_USCC.healthy}`)).body.code).toBe('E1002');
    } finally {
      await clocked.close();
    }
  });
});
