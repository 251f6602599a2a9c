import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildUscc } from '@district/domain';
import { SAMPLE_USCC } from '@district/dataset';
import { TRAN_ID } from './codes.ts';
import { startTax } from './testing.ts';

let tax: Awaited<ReturnType<typeof startTax>>;
beforeAll(async () => void (tax = await startTax({ now: () => new Date('2026-11-05T02:00:00Z') })));
beforeEach(() => fetch(`${tax.base}/__sim/state/reset`, { method: 'POST' }));
afterAll(() => tax.close());

const newcomer = {
  nsrsbh: SAMPLE_USCC.newlyOpened, nsrmc: '青岛海创智能科技有限公司', fddbrxm: '孙博文', fddbrsfzjhm: '370212199512120016',
  scjydz: '山东省青岛市崂山区株洲路151号崂山科创中心1802室', nsrlxDm: '2',
};
const registration = async (uscc: string) => (await tax.call(TRAN_ID.REGISTRATION, { nsrsbhList: [uscc] })).body;

describe('tax writes', () => {
  it('confirms a newly established enterprise as a taxpayer in status 03 with an invoice quota, and reads then see it', async () => {
    const r = await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, newcomer);
    expect(r.head.rtnCode).toBe('000');
    expect(r.body).toMatchObject({
      nsrsbh: SAMPLE_USCC.newlyOpened, djxh: expect.stringMatching(/^\d{20}$/), nsrztDm: '03', djrq: '20261105', nsrlxMc: '增值税小规模纳税人',
      fped: { sxyf: '202611', sxzed: '100000.00', ysyed: '0.00', edztDm: '1' },
    });
    const read = await registration(SAMPLE_USCC.newlyOpened);
    expect(read.notFound).toEqual([]);
    expect(read.nsrxxList[0]).toMatchObject({ djxh: r.body.djxh, nsrmc: newcomer.nsrmc, zgswskfjMc: expect.stringContaining('中韩税务所') });
  });

  it('answers a repeated tranSeq with the first reply and registers only once', async () => {
    const first = await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, newcomer, { tranSeq: 'XB-0001' });
    const again = await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, { ...newcomer }, { tranSeq: 'XB-0001', tranTime: '093500' });
    expect(again).toEqual(first);
    const fresh = await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, newcomer, { tranSeq: 'XB-0002' });
    expect(fresh.head).toMatchObject({ rtnCode: '301', tranSeq: 'XB-0002', rtnMsg: expect.stringContaining(first.body.djxh) });
  });

  it('refuses the same tranSeq with a different body as a serial-number conflict', async () => {
    await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, newcomer, { tranSeq: 'XB-0003' });
    const r = await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, { ...newcomer, nsrlxDm: '1' }, { tranSeq: 'XB-0003' });
    expect(r.head).toMatchObject({ rtnCode: '400', rtnMsg: expect.stringContaining('XB-0003') });
  });

  it('refuses to confirm a taxpayer the bureau already has', async () => {
    const r = await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, { ...newcomer, nsrsbh: SAMPLE_USCC.healthy });
    expect(r.head.rtnCode).toBe('301');
  });

  it('says which confirmation fields are wrong', async () => {
    const r = await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, { ...newcomer, fddbrsfzjhm: '370212199512120017', nsrlxDm: '3', nsrmc: '' });
    expect(r.head.rtnCode).toBe('200');
    for (const field of ['fddbrsfzjhm', 'nsrlxDm', 'nsrmc']) expect(r.head.rtnMsg).toContain(field);
    const badId = await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, { ...newcomer, nsrsbh: '91370212MA3D00051I' });
    expect(badId.head).toMatchObject({ rtnCode: '202', rtnMsg: expect.stringContaining('not allowed') });
  });

  it('grants 清税 to a clean enterprise on the 即办 path with a 税务事项通知书 number, after which it reads as 注销', async () => {
    const r = await tax.call(TRAN_ID.CLEARANCE, { nsrsbh: SAMPLE_USCC.healthy, zxyy: '经营期满' });
    expect(r.head.rtnCode).toBe('000');
    expect(r.body).toMatchObject({
      qsfsDm: '2', qsfsMc: '即办', nsrztDm: '07', zxrq: '20261105',
      qszm: { wsmc: '清税证明', kjrq: '20261105', wsh: expect.stringMatching(/^青崂税 税企清〔2026〕\d+号$/) },
    });
    expect((await registration(SAMPLE_USCC.healthy)).nsrxxList[0]).toMatchObject({ nsrztDm: '07', qszm: r.body.qszm });
    const twice = await tax.call(TRAN_ID.CLEARANCE, { nsrsbh: SAMPLE_USCC.healthy });
    expect(twice.head.rtnCode).toBe('302');
  });

  it('clears a just-confirmed taxpayer with no activity on the 免办 path', async () => {
    await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, newcomer);
    const r = await tax.call(TRAN_ID.CLEARANCE, { nsrsbh: SAMPLE_USCC.newlyOpened });
    expect(r.body).toMatchObject({ qsfsMc: '免办', nsrztDm: '13' });
  });

  it('refuses 清税 for the troubled enterprise with its outstanding arrears as the reason', async () => {
    const r = await tax.call(TRAN_ID.CLEARANCE, { nsrsbh: SAMPLE_USCC.troubled });
    expect(r.head).toMatchObject({ rtnCode: '310', rtnMsg: expect.stringContaining('欠税') });
    expect(r.body.btgyyList).toEqual([expect.objectContaining({ yyDm: '01', xq: expect.stringMatching(/滞纳金 \d+\.\d{2} 元/) })]);
    expect((await registration(SAMPLE_USCC.troubled)).nsrxxList[0].nsrztDm).toBe('03');
  });

  it('refuses 清税 for the 非正常户 naming its status and its undeclared periods', async () => {
    const r = await tax.call(TRAN_ID.CLEARANCE, { nsrsbh: SAMPLE_USCC.abnormal });
    expect(r.head.rtnCode).toBe('310');
    expect(r.body.btgyyList.map((x: { yyDm: string }) => x.yyDm)).toEqual(['02', '03']);
  });

  it('refuses 清税 for a deregistered taxpayer and for one the bureau does not know', async () => {
    expect((await tax.call(TRAN_ID.CLEARANCE, { nsrsbh: SAMPLE_USCC.deregistered })).head.rtnCode).toBe('302');
    expect((await tax.call(TRAN_ID.CLEARANCE, { nsrsbh: buildUscc('9', '1', '370212', 'MA9Y0002') })).head.rtnCode).toBe('300');
  });

  it('forgets its writes on state reset', async () => {
    await tax.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, newcomer);
    await fetch(`${tax.base}/__sim/state/reset`, { method: 'POST' });
    expect((await registration(SAMPLE_USCC.newlyOpened)).notFound).toEqual([SAMPLE_USCC.newlyOpened]);
  });
});
