import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildUscc } from '@district/domain';
import { SAMPLE_USCC } from '@district/dataset';
import { envelope, startBackend } from './testing.ts';

let backend: Awaited<ReturnType<typeof startBackend>>;
beforeEach(async () => {
  backend = await startBackend();
});
afterEach(() => backend.sim.close());

/** A USCC the dataset does not know: a company the market registered a moment ago. */
const NEW_USCC = buildUscc('9', '1', '370212', 'MA3Y9999');
const registration = (uscc = NEW_USCC) => ({
  uscc, emp_name: '青岛新开张科技有限公司', emp_type: '10', conaddr: '山东省青岛市崂山区海尔路180号金岭国际大厦2801室',
  legrep_name: '林晓', legrep_certno: '37021219900101123X', legrep_tel: '13800000001', agnter_name: '林晓', agnter_mob: '13800000001',
  bank_name: '青岛银行崂山支行', bankacct: '802100012345678',
});

describe('3301 单位参保登记', () => {
  it('registers a new employer with a fresh emp_no that reads back at once, dated the business day', async () => {
    const reply = await backend.call('3301', registration());
    expect(reply.infcode).toBe(0);
    const out = reply.output as any;
    expect(out).toMatchObject({ uscc: NEW_USCC, reg_date: '2026-11-02', emp_insu_stas: '1' });
    expect(out.emp_no).toMatch(/^37021200\d{8}$/);
    const read = (await backend.call('1301', { emp_no: out.emp_no })).output as any;
    expect(read.empinfo).toMatchObject({ uscc: NEW_USCC, emp_name: '青岛新开张科技有限公司', emp_insu_stas: '1', bankacct: '802100012345678' });
    expect(read.psncnt).toEqual({ psn_cnt_in_service: 0, psn_cnt_retired: 0 });
  });

  it('replays the first reply for the same msgid and content, and refuses the same msgid with different content', async () => {
    const message = envelope('3301', { data: registration() });
    const first = await backend.send(message);
    const again = await backend.send(message);
    expect(again).toEqual(first);
    const altered = await backend.send({ ...message, input: { data: { ...registration(), emp_name: '别的名字有限公司' } } });
    expect(altered.infcode).toBe(-1);
    expect(altered.err_msg).toMatch(/^\[FSI-422\].*msgid/);
  });

  it('refuses to register an employer that is already registered, with a new msgid', async () => {
    const reply = await backend.call('3301', registration(SAMPLE_USCC.healthy));
    expect(reply.infcode).toBe(-1);
    expect(reply.err_msg).toMatch(/^\[FSI-409\] 单位已参保登记（单位编号 37021200\d{8}，状态 正常）/);
  });

  it('registers an enterprise that was never insured under the emp_no reserved for it', async () => {
    const reply = await backend.call('3301', { ...registration(SAMPLE_USCC.abnormal), emp_name: '青岛石老人商务咨询有限公司' });
    expect(reply.infcode).toBe(0);
    const again = await startBackend();
    const other = (await again.call('3301', { ...registration(SAMPLE_USCC.abnormal) })).output as any;
    await again.sim.close();
    expect(other.emp_no).toBe((reply.output as any).emp_no);
  });

  it('names each missing or malformed field of a registration', async () => {
    const { legrep_certno: _, ...noId } = registration();
    expect((await backend.call('3301', noId)).err_msg).toMatch(/^\[FSI-400\].*legrep_certno/);
    expect((await backend.call('3301', { ...registration(), legrep_certno: '370212199001011231' })).err_msg).toMatch(/legrep_certno.*身份证号/);
    expect((await backend.call('3301', { ...registration(), emp_type: '99' })).err_msg).toMatch(/emp_type.*"99" 不存在/);
    expect((await backend.call('3301', { ...registration(), agnter_mob: '12345' })).err_msg).toMatch(/agnter_mob/);
    expect((await backend.call('3301', { ...registration(), bankacct: undefined })).err_msg).toMatch(/bank_name.*bankacct/);
    expect((await backend.call('3301', { ...registration(), insutype: ['310', '999'] })).err_msg).toMatch(/insutype.*999/);
  });
});

describe('3302 单位信息变更', () => {
  it('changes the name and legal representative, lists what changed, and reads show the new values', async () => {
    const reply = await backend.call('3302', { uscc: SAMPLE_USCC.healthy, emp_name: '青岛海岸线智能科技有限公司', legrep_name: '王海涛', legrep_tel: '13900000002' });
    expect(reply.infcode).toBe(0);
    const out = reply.output as any;
    expect(out.chg_date).toBe('2026-11-02');
    expect(out.chg_items.map((i: any) => i.chg_item)).toEqual(['emp_name', 'legrep_tel']);
    expect(out.chg_items[0]).toMatchObject({ chg_item_name: '单位名称', before: '青岛海岸线科技有限公司', after: '青岛海岸线智能科技有限公司' });
    const read = (await backend.call('1301', { uscc: SAMPLE_USCC.healthy })).output as any;
    expect(read.empinfo).toMatchObject({ emp_name: '青岛海岸线智能科技有限公司', legrep_tel: '13900000002' });
    expect(read.psncnt.psn_cnt_in_service).toBe(46);
  });

  it('refuses a change with nothing to change, for an employer never registered, and for one already 注销', async () => {
    expect((await backend.call('3302', { uscc: SAMPLE_USCC.healthy })).err_msg).toMatch(/^\[FSI-400\] 参数校验失败：未提供任何变更项/);
    expect((await backend.call('3302', { uscc: SAMPLE_USCC.abnormal, emp_name: 'X' })).err_msg).toMatch(/^\[FSI-404\] 单位未参保登记/);
    expect((await backend.call('3302', { uscc: SAMPLE_USCC.deregistered, emp_name: 'X' })).err_msg).toMatch(/^\[FSI-409\] 单位已于 2024-\d\d-\d\d 注销/);
  });
});

describe('3303 单位注销', () => {
  it('refuses while arrears remain, naming the outstanding periods and the amount', async () => {
    const owed = (await backend.call('1304', { uscc: SAMPLE_USCC.troubled })).output as any;
    const reply = await backend.call('3303', { uscc: SAMPLE_USCC.troubled });
    expect(reply.infcode).toBe(-1);
    expect(reply.err_msg).toContain('[FSI-412] 单位存在欠费，不予注销');
    for (const a of owed.data) expect(reply.err_msg).toContain(a.fee_ym);
    expect(reply.err_msg).toContain(`${owed.arrears_sumamt.toFixed(2)} 元`);
    expect(((await backend.call('1301', { uscc: SAMPLE_USCC.troubled })).output as any).empinfo.emp_insu_stas).toBe('1');
  });

  it('deregisters an employer without arrears, after which reads show 注销 and a second deregistration is refused', async () => {
    const reply = await backend.call('3303', { uscc: SAMPLE_USCC.healthy, cancel_rea: '企业注销' });
    expect(reply.output).toMatchObject({ emp_insu_stas: '3', cancel_date: '2026-11-02' });
    const read = (await backend.call('1301', { uscc: SAMPLE_USCC.healthy })).output as any;
    expect(read.empinfo).toMatchObject({ emp_insu_stas: '3', stas_chg_date: '2026-11-02' });
    expect(read.psncnt.psn_cnt_in_service).toBe(0);
    expect((await backend.call('3303', { uscc: SAMPLE_USCC.healthy })).err_msg).toMatch(/^\[FSI-409\]/);
    expect((await backend.call('3303', { uscc: SAMPLE_USCC.abnormal })).err_msg).toMatch(/^\[FSI-404\]/);
  });

  it('forgets every write when the state is reset', async () => {
    await backend.call('3303', { uscc: SAMPLE_USCC.healthy });
    await backend.call('3301', registration());
    expect((await fetch(`${backend.base}/__sim/state/reset`, { method: 'POST' })).status).toBe(200);
    expect(((await backend.call('1301', { uscc: SAMPLE_USCC.healthy })).output as any).empinfo.emp_insu_stas).toBe('1');
    expect(((await backend.call('1301', { uscc: NEW_USCC })).output as any).empinfo).toBeNull();
  });
});
