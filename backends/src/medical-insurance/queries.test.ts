import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { envelope, startBackend } from './testing.ts';

let backend: Awaited<ReturnType<typeof startBackend>>;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.sim.close());

const twoDecimals = (n: number) => Math.round(n * 100) / 100 === n;

describe('1301 单位参保信息查询', () => {
  it('answers a healthy employer with its registration, current headcount and no arrears in one call', async () => {
    const reply = await backend.call('1301', { uscc: SAMPLE_USCC.healthy });
    expect(reply).toMatchObject({ infcode: 0, err_msg: null });
    expect(reply.inf_refmsgid).toMatch(/^370212\d{24}$/);
    expect(reply.respond_time).toMatch(/^\d{17}$/);
    const out = reply.output as any;
    expect(out.empinfo).toMatchObject({
      uscc: SAMPLE_USCC.healthy, emp_name: '青岛海岸线科技有限公司', emp_insu_stas: '1', emp_insu_stas_name: '正常', insu_admdvs: '370212',
      emp_type: '10', legrep_name: '王海涛', legrep_certno: '37021219820315201X', stas_chg_date: null,
    });
    expect(out.empinfo.emp_no).toMatch(/^37021200\d{8}$/);
    expect(out.empinfo.reg_date >= '2016-03-23' && out.empinfo.reg_date <= '2016-05-17').toBe(true);
    expect(out.insuinfo.map((i: any) => i.insutype)).toEqual(['310', '330', '410']);
    expect(out.psncnt.psn_cnt_in_service).toBe(46);
    expect(out.arrears).toEqual({ arrears_flag: '0', arrears_months: 0, arrears_sumamt: 0, earliest_ym: null, latest_ym: null });
  });

  it('finds the same employer by emp_no, and refuses an emp_no that belongs to another employer than the uscc', async () => {
    const byUscc = (await backend.call('1301', { uscc: SAMPLE_USCC.healthy })).output as any;
    const byEmpNo = (await backend.call('1301', { emp_no: byUscc.empinfo.emp_no })).output as any;
    expect(byEmpNo).toEqual(byUscc);
    expect((await backend.call('1301', { uscc: SAMPLE_USCC.healthy, emp_no: byUscc.empinfo.emp_no })).infcode).toBe(0);
    const mixed = await backend.call('1301', { uscc: SAMPLE_USCC.troubled, emp_no: byUscc.empinfo.emp_no });
    expect(mixed.infcode).toBe(-1);
    expect(mixed.err_msg).toMatch(/^\[FSI-400\].*不属于同一单位/);
  });

  it('shows a deregistered employer as 注销 within 30 days of the market deregistration, with nobody insured and no arrears', async () => {
    const out = (await backend.call('1301', { uscc: SAMPLE_USCC.deregistered })).output as any;
    expect(out.empinfo.emp_insu_stas).toBe('3');
    expect(out.empinfo.stas_chg_date > '2024-09-20' && out.empinfo.stas_chg_date <= '2024-10-20').toBe(true);
    expect(out.psncnt).toEqual({ psn_cnt_in_service: 0, psn_cnt_retired: 0 });
    expect(out.arrears.arrears_flag).toBe('0');
  });

  it('summarises the arrears of a troubled employer', async () => {
    const out = (await backend.call('1301', { uscc: SAMPLE_USCC.troubled })).output as any;
    expect(out.empinfo.emp_insu_stas).toBe('1');
    expect(out.arrears.arrears_flag).toBe('1');
    expect(out.arrears.arrears_months).toBeGreaterThan(0);
    expect(out.arrears.arrears_sumamt).toBeGreaterThan(0);
    expect(out.arrears.latest_ym).toBe('202610');
  });

  it('answers infcode 0 with empty output for a valid USCC that never registered', async () => {
    const reply = await backend.call('1301', { uscc: SAMPLE_USCC.abnormal });
    expect(reply.infcode).toBe(0);
    expect(reply.output).toEqual({ empinfo: null, insuinfo: [], psncnt: null, arrears: null });
    const unknownEmpNo = await backend.call('1301', { emp_no: '3702120099999999' });
    expect(unknownEmpNo.output).toMatchObject({ empinfo: null });
  });

  it('registers a newly opened enterprise 5–60 days after its licence but never after the dataset today', async () => {
    const out = (await backend.call('1301', { uscc: SAMPLE_USCC.newlyOpened })).output as any;
    expect(out.empinfo.reg_date >= '2026-10-20' && out.empinfo.reg_date <= '2026-11-01').toBe(true);
    expect(out.psncnt.psn_cnt_in_service).toBe(3);
  });
});

describe('1302 参保人数月度快照', () => {
  it('lists twelve months of 在职 and 退休 counts ending with the current headcount', async () => {
    const out = (await backend.call('1302', { uscc: SAMPLE_USCC.healthy })).output as any;
    expect(out.data).toHaveLength(12);
    expect(out.data[0].stt_ym).toBe('202511');
    expect(out.data.at(-1)).toMatchObject({ stt_ym: '202610', psn_cnt_in_service: 46 });
    const some = (await backend.call('1302', { uscc: SAMPLE_USCC.healthy, begn_ym: '202607', end_ym: '202608' })).output as any;
    expect(some.data.map((d: any) => d.stt_ym)).toEqual(['202607', '202608']);
  });

  it('lists no months for an employer deregistered long ago, and refuses a window that ends before it begins', async () => {
    expect(((await backend.call('1302', { uscc: SAMPLE_USCC.deregistered })).output as any).data).toEqual([]);
    const reply = await backend.call('1302', { uscc: SAMPLE_USCC.healthy, begn_ym: '202609', end_ym: '202601' });
    expect(reply.err_msg).toMatch(/^\[FSI-400\].*begn_ym/);
    const badYm = await backend.call('1302', { uscc: SAMPLE_USCC.healthy, begn_ym: '2026-09' });
    expect(badYm.err_msg).toMatch(/begn_ym.*yyyyMM/);
  });
});

describe('1303 单位缴费记录查询', () => {
  it('lists monthly contributions in yuan with two decimals, employer 8% and employee 2%, collected by 税务', async () => {
    const out = (await backend.call('1303', { uscc: SAMPLE_USCC.healthy })).output as any;
    expect(out.data).toHaveLength(12);
    for (const c of out.data) {
      expect(c.insutype).toBe('310');
      expect(c.clct_org).toBe('2');
      expect(c.emp_clct_amt).toBeCloseTo(c.clct_base * 0.08, 2);
      expect(c.psn_clct_amt).toBeCloseTo(c.clct_base * 0.02, 2);
      expect(c.arvl_amt).toBe(c.clct_sumamt);
      expect([c.clct_base, c.emp_clct_amt, c.psn_clct_amt, c.clct_sumamt].every(twoDecimals)).toBe(true);
      expect(c.clct_date.slice(0, 7).replace('-', '')).toBe(c.fee_ym);
    }
  });

  it('shows the unpaid periods of a troubled employer with nothing received', async () => {
    const paid = (await backend.call('1303', { uscc: SAMPLE_USCC.troubled })).output as any;
    const owed = (await backend.call('1304', { uscc: SAMPLE_USCC.troubled })).output as any;
    const unpaid = paid.data.filter((c: any) => c.arvl_amt === 0);
    expect(unpaid.map((c: any) => c.fee_ym)).toEqual(owed.data.map((a: any) => a.fee_ym));
    expect(unpaid.every((c: any) => c.clct_date === null)).toBe(true);
  });
});

describe('1304 单位欠费查询', () => {
  it('lists each outstanding period and a total that matches the 1301 summary', async () => {
    const owed = (await backend.call('1304', { uscc: SAMPLE_USCC.troubled })).output as any;
    const summary = ((await backend.call('1301', { uscc: SAMPLE_USCC.troubled })).output as any).arrears;
    expect(owed.data.length).toBe(summary.arrears_months);
    expect(owed.arrears_sumamt).toBe(summary.arrears_sumamt);
    expect(owed.data[0]).toEqual({ fee_ym: expect.stringMatching(/^\d{6}$/), insutype: '310', arrears_amt: expect.any(Number) });
    expect(((await backend.call('1304', { uscc: SAMPLE_USCC.healthy })).output as any).data).toEqual([]);
  });

  it('answers an employer that is not on file with a null emp_no and no rows', async () => {
    expect((await backend.call('1304', { uscc: SAMPLE_USCC.abnormal })).output).toEqual({ emp_no: null, emp_name: null, data: [], arrears_sumamt: 0 });
  });
});

describe('one employer per call', () => {
  it('refuses a list of employers in input.data, in uscc, or as the whole message', async () => {
    const list = await backend.call('1301', [{ uscc: SAMPLE_USCC.healthy }, { uscc: SAMPLE_USCC.troubled }]);
    expect(list).toMatchObject({ infcode: -1, output: null });
    expect(list.err_msg).toMatch(/^\[FSI-400\].*不支持批量/);
    const usccList = await backend.call('1301', { uscc: [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled] });
    expect(usccList.err_msg).toMatch(/不支持批量.*uscc/);
    const many = await backend.send([envelope('1301', { data: { uscc: SAMPLE_USCC.healthy } })]);
    expect(many.err_msg).toMatch(/不支持批量/);
  });
});
