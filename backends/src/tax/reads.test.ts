import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '@district/domain';
import { SAMPLE_USCC } from '@district/dataset';
import { LATE_FEE_RATE_PER_DAY, TRAN_ID } from './codes.ts';
import { startTax } from './testing.ts';

let tax: Awaited<ReturnType<typeof startTax>>;
beforeAll(async () => void (tax = await startTax()));
afterAll(() => tax.close());

const one = async (tranId: string, uscc: string) => {
  const r = await tax.call(tranId, { nsrsbhList: [uscc] });
  expect(r.head.rtnCode).toBe('000');
  return r.body.nsrList[0];
};

describe('tax batch reads', () => {
  it('answers a registration batch with one record per known taxpayer and lists the unknown ones in notFound', async () => {
    const stranger = buildUscc('9', '1', '370212', 'MA9Y0001');
    const r = await tax.call(TRAN_ID.REGISTRATION, { nsrsbhList: [SAMPLE_USCC.healthy, stranger, SAMPLE_USCC.newlyOpened, SAMPLE_USCC.healthy] });
    expect(r.status).toBe(200);
    expect(r.head).toMatchObject({ rtnCode: '000', rtnMsg: '交易成功', tranSeq: expect.stringMatching(/^TEST/) });
    expect(r.body.sjjzrq).toBe('20261101');
    expect(r.body.nsrxxList).toHaveLength(1);
    expect(r.body.nsrxxList[0]).toMatchObject({
      nsrsbh: SAMPLE_USCC.healthy, nsrmc: '青岛海岸线科技有限公司', nsrztDm: '03', nsrztMc: '正常', nsrlxDm: '1', nsrlxMc: '增值税一般纳税人',
      zgswjgMc: '国家税务总局青岛市崂山区税务局', zgswskfjMc: expect.stringMatching(/税务所$/), fddbrxm: '王海涛', fddbrsfzjhm: '37021219820315201X',
      djrq: expect.stringMatching(/^201603(19|2\d|3[01])|2016040[1-7]$/), qszm: null,
    });
    expect(r.body.nsrxxList[0].djxh).toMatch(/^\d{20}$/);
    // The newly opened enterprise has not done 新办纳税人信息确认 yet: the bureau does not know it.
    expect(r.body.notFound).toEqual([stranger, SAMPLE_USCC.newlyOpened]);
  });

  it('shows the current name after a rename, keeping the old one as 曾用名', async () => {
    const r = await tax.call(TRAN_ID.REGISTRATION, { nsrsbhList: [SAMPLE_USCC.renamed] });
    expect(r.body.nsrxxList[0]).toMatchObject({ nsrmc: '青岛云帆信息技术有限公司', cym: '青岛云帆网络科技有限公司' });
  });

  it('shows the deregistered sample as 注销 with a 清税证明 dated before the market deregistration on 2024-09-20', async () => {
    const r = await tax.call(TRAN_ID.REGISTRATION, { nsrsbhList: [SAMPLE_USCC.deregistered] });
    const rec = r.body.nsrxxList[0];
    expect(rec.nsrztDm).toBe('07');
    expect(rec.qszm).toMatchObject({ wsmc: '清税证明', wsh: expect.stringMatching(/^青崂税 税企清〔2024〕\d+号$/) });
    expect(rec.qszm.kjrq < '20240920').toBe(true);
    expect(rec.zxrq).toBe(rec.qszm.kjrq);
  });

  it('shows the abnormal sample as 05 非正常 with the designation date and its overdue filings', async () => {
    const reg = (await tax.call(TRAN_ID.REGISTRATION, { nsrsbhList: [SAMPLE_USCC.abnormal] })).body.nsrxxList[0];
    expect(reg).toMatchObject({ nsrztDm: '05', nsrztMc: '非正常', fzcrdrq: expect.stringMatching(/^\d{8}$/) });
    const decl = await one(TRAN_ID.DECLARATIONS, SAMPLE_USCC.abnormal);
    expect(decl.yqwsbList.length).toBeGreaterThan(0);
  });

  it('reports the healthy sample as credit A every year from the year after establishment through 2025', async () => {
    const entry = await one(TRAN_ID.CREDIT, SAMPLE_USCC.healthy);
    expect(entry.xydjList.map((x: { pdnd: string }) => x.pdnd)).toEqual(['2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    for (const x of entry.xydjList) {
      expect(x.xydj).toBe('A');
      expect(Number(x.pf)).toBeGreaterThanOrEqual(90);
    }
    expect(entry.xydjList.at(-1)).toMatchObject({ pjlyMc: '年度指标评价', fbrq: '20260420' });
  });

  it('rates the troubled sample C and the 非正常户 D in the latest year', async () => {
    expect((await one(TRAN_ID.CREDIT, SAMPLE_USCC.troubled)).xydjList.at(-1).xydj).toBe('C');
    expect((await one(TRAN_ID.CREDIT, SAMPLE_USCC.abnormal)).xydjList.at(-1)).toMatchObject({ xydj: 'D', pjlyMc: '直接判级', pf: null });
  });

  it('lists twelve months of declarations: VAT monthly for a general taxpayer, quarterly for small-scale, 企业所得税 quarterly', async () => {
    const general = await one(TRAN_ID.DECLARATIONS, SAMPLE_USCC.healthy);
    const count = (list: { zsxmDm: string }[], dm: string) => list.filter((d) => d.zsxmDm === dm).length;
    expect(count(general.sbxxList, '10101')).toBe(12);
    expect(count(general.sbxxList, '10104')).toBe(4);
    const small = await one(TRAN_ID.DECLARATIONS, SAMPLE_USCC.renamed);
    expect(count(small.sbxxList, '10101')).toBe(4);
    for (const d of general.sbxxList) {
      expect(d.sbrq <= d.sbqx && d.sbqx <= '20261101' && d.sbqx > '20251101').toBe(true);
      expect(d).toMatchObject({ ynse: expect.stringMatching(/^\d+\.\d{2}$/), jmse: expect.stringMatching(/^\d+\.\d{2}$/) });
    }
  });

  it('lists a payment with an 18-digit 电子税票号 for every payable declaration of a taxpayer without arrears', async () => {
    const decl = await one(TRAN_ID.DECLARATIONS, SAMPLE_USCC.healthy);
    const pay = await one(TRAN_ID.PAYMENTS, SAMPLE_USCC.healthy);
    const payable = decl.sbxxList.filter((d: { ybtse: string }) => d.ybtse !== '0.00');
    expect(pay.jkxxList).toHaveLength(payable.length);
    expect(pay.jkxxList[0]).toMatchObject({ dzsphm: expect.stringMatching(/^\d{18}$/), pzxh: payable[0].pzxh, sjje: payable[0].ybtse });
  });

  it("computes the troubled sample's 滞纳金 at 0.05% a day from the deadline to the dataset's asOf", async () => {
    const entry = await one(TRAN_ID.ARREARS, SAMPLE_USCC.troubled);
    expect(entry.qsxxList.length).toBeGreaterThan(0);
    let fen = 0;
    for (const a of entry.qsxxList) {
      const days = (Date.parse('2026-11-01') - Date.parse(`${a.jkqx.slice(0, 4)}-${a.jkqx.slice(4, 6)}-${a.jkqx.slice(6)}`)) / 86_400_000;
      expect(a.znjts).toBe(days);
      expect(Number(a.znj)).toBeCloseTo(Number(a.qsje) * LATE_FEE_RATE_PER_DAY * days, 2);
      expect(a.znjjsrq).toBe('20261101');
      fen += Math.round(Number(a.qsje) * 100);
    }
    expect(Number(entry.qshj.qsje)).toBeCloseTo(fen / 100, 2);
    expect((await one(TRAN_ID.ARREARS, SAMPLE_USCC.healthy)).qsxxList).toEqual([]);
  });

  it("grants the healthy sample this month's invoice quota and freezes the 非正常户's", async () => {
    const healthy = (await one(TRAN_ID.QUOTA, SAMPLE_USCC.healthy)).fped;
    expect(healthy).toMatchObject({ sxyf: '202611', edztDm: '1' });
    expect(Number(healthy.sxzed)).toBeGreaterThan(Number(healthy.ysyed));
    expect((await one(TRAN_ID.QUOTA, SAMPLE_USCC.abnormal)).fped).toMatchObject({ edztMc: '冻结', syed: '0.00' });
    expect((await one(TRAN_ID.QUOTA, SAMPLE_USCC.deregistered)).fped).toBeNull();
  });

  it('answers several query kinds for a whole batch in one combined call', async () => {
    const r = await tax.call(TRAN_ID.COMBINED, { cxlxList: ['DJXX', 'XYDJ', 'QSXX', 'FPED'], nsrsbhList: [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled] });
    expect(r.head.rtnCode).toBe('000');
    const [healthy, troubled] = r.body.nsrList;
    expect(Object.keys(healthy).sort()).toEqual(['djxh', 'djxx', 'fped', 'nsrmc', 'nsrsbh', 'qshj', 'qsxxList', 'xydjList']);
    expect(troubled.qsxxList.length).toBeGreaterThan(0);
    const bad = await tax.call(TRAN_ID.COMBINED, { cxlxList: ['DJXX', 'TAX'], nsrsbhList: [SAMPLE_USCC.healthy] });
    expect(bad.head).toMatchObject({ rtnCode: '200', rtnMsg: expect.stringContaining('"TAX"') });
  });

  it('accepts a batch of 50 taxpayers and refuses 51 with rtnCode 201', async () => {
    const fifty = tax.dataset.enterprises.slice(0, 50).map((e) => e.uscc);
    const ok = await tax.call(TRAN_ID.COMBINED, { cxlxList: ['DJXX', 'XYDJ', 'SBXX', 'JKXX', 'QSXX', 'FPED'], nsrsbhList: fifty });
    expect(ok.head.rtnCode).toBe('000');
    expect(ok.body.nsrList.length + ok.body.notFound.length).toBe(50);
    const tooMany = await tax.call(TRAN_ID.REGISTRATION, { nsrsbhList: tax.dataset.enterprises.slice(0, 51).map((e) => e.uscc) });
    expect(tooMany.head).toMatchObject({ rtnCode: '201', rtnMsg: expect.stringContaining('批量查询数量超过上限50') });
    expect(tooMany.body).toEqual({});
  });

  it('refuses a malformed nsrsbh naming its position and what is wrong with it', async () => {
    const wrongCheck = SAMPLE_USCC.healthy.slice(0, 17) + (SAMPLE_USCC.healthy.endsWith('X') ? 'Y' : 'X');
    const r = await tax.call(TRAN_ID.REGISTRATION, { nsrsbhList: [SAMPLE_USCC.healthy, wrongCheck, '9137021'] });
    expect(r.head.rtnCode).toBe('202');
    expect(r.head.rtnMsg).toContain('nsrsbhList[1]');
    expect(r.head.rtnMsg).toContain('check character is wrong');
    expect(r.head.rtnMsg).toContain('nsrsbhList[2]');
    expect(r.head.rtnMsg).toContain('must be 18 characters');
    const notAList = await tax.call(TRAN_ID.REGISTRATION, { nsrsbh: SAMPLE_USCC.healthy });
    expect(notAList.head).toMatchObject({ rtnCode: '200', rtnMsg: expect.stringContaining('nsrsbhList') });
  });
});
