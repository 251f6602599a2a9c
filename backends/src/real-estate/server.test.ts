import { afterEach, describe, expect, it } from 'vitest';
import { getDataset, SAMPLE_USCC } from '@district/dataset';
import type { SimServer } from '../sim/server.ts';
import { QUIET } from '../sim/settings.ts';
import { call, envelope, post, startBackend, zjhs } from './test-client.ts';

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
async function start(...args: Parameters<typeof startBackend>) {
  const started = await startBackend(...args);
  sim = started.sim;
  return started.base;
}

const dataset = getDataset();
const holders = dataset.enterprises.filter((e) => e.property.units > 0).map((e) => e.uscc);
const renameBody = (newName: string, oldName = '') =>
  `<ZJH>${SAMPLE_USCC.renamed}</ZJH>${oldName ? `<YQLRMC>${oldName}</YQLRMC>` : ''}<XQLRMC>${newName}</XQLRMC>` +
  '<BGYJ><WJMC>准予变更登记通知书</WJMC><WJBH>（青崂）登记内变字〔2022〕第0815号</WJBH><HZRQ>2022-08-15</HZRQ></BGYJ>';

describe('real-estate registry exchange interface', () => {
  it('answers 20 holders in one call, each in its own entry, and refuses 21 whole with 2003', async () => {
    const base = await start();
    const twenty = holders.slice(0, 20);
    const ok = await call(base, 'CX_QLXX', zjhs(twenty));
    expect(ok.status).toBe(200);
    expect(ok.head.Code).toBe('0000');
    expect(ok.body.QLRLIST.QLR.map((q: any) => q.ZJH)).toEqual(twenty);
    expect(ok.body.QLRLIST.QLR.every((q: any) => Number(q.QLSL) > 0)).toBe(true);
    const refused = await call(base, 'CX_QLXX', zjhs(holders.slice(0, 21)));
    expect(refused.head.Code).toBe('2003');
    expect(refused.head.Message).toMatch(/批量查询超过上限20/);
  });

  it('gives a holder with no rights an empty entry rather than leaving it out', async () => {
    const base = await start();
    const reply = await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.individual]));
    expect(reply.body.QLRLIST.QLR).toEqual([{ ZJH: SAMPLE_USCC.individual, QLRMC: '', QLSL: '0', QLLIST: '' }]);
  });

  it('nests the troubled enterprise\'s current mortgage and seizure under its two rights', async () => {
    const base = await start();
    const [holder] = (await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.troubled]))).body.QLRLIST.QLR;
    expect(holder.QLLIST.QL).toHaveLength(2);
    const rights = holder.QLLIST.QL;
    expect(rights.every((q: any) => q.QSZT === '现势' && q.QLLX === '4')).toBe(true);
    const mortgages = rights.flatMap((q: any) => q.DYAQLIST?.DYAQ ?? []);
    const seizures = rights.flatMap((q: any) => q.CFLIST?.CF ?? []);
    expect(mortgages.some((m: any) => m.QSZT === '现势' && m.QLLX === '23' && /银行/.test(m.DYQR) && /不动产证明第/.test(m.BDCDJZMH))).toBe(true);
    const current = seizures.find((s: any) => s.QSZT === '现势');
    expect(current).toMatchObject({ CFJG: expect.stringMatching(/人民法院$/), CFWH: expect.stringMatching(/^\(\d{4}\)鲁02\d*/) });
    expect(current.CFJSSJ > dataset.asOf).toBe(true);
  });

  it('shows the renamed enterprise under its old name until its name-change registration, then under the new one', async () => {
    const base = await start();
    const holderName = async () => (await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.renamed]))).body.QLRLIST.QLR[0];
    const before = await holderName();
    expect(before.QLRMC).toBe('青岛云帆网络科技有限公司');
    const write = await call(base, 'DJ_QLRMCBG', renameBody('青岛云帆信息技术有限公司', '青岛云帆网络科技有限公司'));
    expect(write.head.Code).toBe('0000');
    expect(write.body).toMatchObject({ DJLX: '变更登记', YQLRMC: '青岛云帆网络科技有限公司', QLRMC: '青岛云帆信息技术有限公司' });
    const after = await holderName();
    expect(after.QLRMC).toBe('青岛云帆信息技术有限公司');
    const current = after.QLLIST.QL.filter((q: any) => q.QSZT === '现势');
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ QLRMC: '青岛云帆信息技术有限公司', DJLX: '变更登记', BDCQZH: write.body.BGQLLIST.QL[0].BDCQZH });
    expect(after.QLLIST.QL.find((q: any) => q.BDCQZH === write.body.BGQLLIST.QL[0].YBDCQZH)).toMatchObject({ QSZT: '历史', ZXYY: '变更登记' });
    expect((await call(base, 'DJ_QLRMCBG', renameBody('青岛云帆信息技术有限公司'))).head.Code).toBe('3003');
    await fetch(`${base}/__sim/state/reset`, { method: 'POST' });
    expect((await holderName()).QLRMC).toBe('青岛云帆网络科技有限公司');
  });

  it('replays the first reply for a repeated SerialNo with the same body, and refuses a different body with 3001', async () => {
    const base = await start();
    const first = await call(base, 'DJ_QLRMCBG', renameBody('青岛云帆信息技术有限公司'), { SerialNo: 'BG-0001' });
    const again = await call(base, 'DJ_QLRMCBG', renameBody('青岛云帆信息技术有限公司'), { SerialNo: 'BG-0001', Timestamp: '2026-11-01 10:05:00' });
    expect(first.head.Code).toBe('0000');
    expect(again.raw).toBe(first.raw);
    const other = await call(base, 'DJ_QLRMCBG', renameBody('青岛云帆数字科技有限公司'), { SerialNo: 'BG-0001' });
    expect(other.head.Code).toBe('3001');
    const [holder] = (await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.renamed]))).body.QLRLIST.QLR;
    expect(holder.QLLIST.QL.filter((q: any) => q.DJLX === '变更登记')).toHaveLength(1);
  });

  it('finds units by number with their rights, lists unknown numbers under WJL, and answers 4004 when none is known', async () => {
    const base = await start();
    const [holder] = (await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy]))).body.QLRLIST.QLR;
    const unitNo = holder.QLLIST.QL[0].BDCDYH;
    const unknown = unitNo.slice(0, 20) + '00009999';
    const reply = await call(base, 'CX_BDCDY', `<BDCDYH>${unitNo}</BDCDYH><BDCDYH>${unknown}</BDCDYH>`);
    expect(reply.head.Code).toBe('0000');
    expect(reply.body.BDCDYLIST.BDCDY[0]).toMatchObject({ BDCDYH: unitNo, ZDDM: unitNo.slice(0, 19), GHYT: '办公', ZL: expect.stringContaining('金岭国际大厦1608室') });
    expect(reply.body.BDCDYLIST.BDCDY[0].QLLIST.QL[0].ZJH).toBe(SAMPLE_USCC.healthy);
    expect(reply.body.WJL.BDCDYH).toBe(unknown);
    expect((await call(base, 'CX_BDCDY', `<BDCDYH>${unknown}</BDCDYH>`)).head.Code).toBe('4004');
    const tooMany = Array.from({ length: 21 }, () => `<BDCDYH>${unitNo}</BDCDYH>`).join('');
    expect((await call(base, 'CX_BDCDY', tooMany)).head.Code).toBe('2003');
  });

  it('refuses wrong credentials with 1001 and an unknown business code with 1002', async () => {
    const base = await start();
    expect((await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy]), { ApiKey: 'wrong' })).head.Code).toBe('1001');
    expect((await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy]), { SenderId: '' })).head.Code).toBe('1001');
    const unknown = await call(base, 'CX_NOPE', '');
    expect(unknown.head.Code).toBe('1002');
    expect(unknown.head.Message).toMatch(/CX_QLXX/);
    const custom = await start({ settings: QUIET, credentials: { senderId: 'OTHER', apiKey: 'k' } });
    expect((await call(custom, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy]))).head.Code).toBe('1001');
  });

  it('answers malformed XML with 2001 and a malformed USCC or unit number with 2002 saying which and why', async () => {
    const base = await start();
    const broken = await post(base, '<Request><Head><SerialNo>X-1</SerialNo></Head><Body>');
    expect(broken.status).toBe(200);
    expect(broken.head).toMatchObject({ Code: '2001', SerialNo: 'X-1' });
    expect((await post(base, '<Reply/>')).head.Code).toBe('2001');
    const badUscc = await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy, '91370212MA3C12346Y']));
    expect(badUscc.head.Code).toBe('2002');
    expect(badUscc.head.Message).toMatch(/ZJH\[2\].*check character/);
    const badUnit = await call(base, 'CX_BDCDY', '<BDCDYH>370212001002GB00123X00010502</BDCDYH>');
    expect(badUnit.head.Code).toBe('2002');
    expect(badUnit.head.Message).toMatch(/定着物特征码/);
    expect((await call(base, 'DJ_QLRMCBG', `<ZJH>${SAMPLE_USCC.renamed}</ZJH><XQLRMC>新名称</XQLRMC>`)).head.Message).toMatch(/BGYJ/);
    expect((await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy]), { SerialNo: '' })).head.Code).toBe('2002');
  });

  it('answers over its rate limit with HTTP 429 and its own XML code 4290', async () => {
    const base = await start({ settings: { ...QUIET, rateLimitPerSecond: 2 } });
    const replies = await Promise.all(Array.from({ length: 6 }, () => call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy]))));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited.every((r) => r.head.Code === '4290')).toBe(true);
  });

  it('answers an outage with HTTP 503, injected errors with 5000, and adds the configured latency', async () => {
    const base = await start();
    const ask = () => call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy]));
    await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ outage: true }) });
    const down = await ask();
    expect(down.status).toBe(503);
    expect(down.raw).toMatch(/维护中/);
    await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ outage: false, errorRate: 1 }) });
    const failing = await ask();
    expect([failing.status, failing.head.Code]).toEqual([500, '5000']);
    await fetch(`${base}/__sim/faults`, { method: 'DELETE' });
    expect((await ask()).head.Code).toBe('0000');
    await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 120 }) });
    const t = Date.now();
    await ask();
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  });

  it('counts served requests and refusals in /__sim/stats', async () => {
    const base = await start();
    await call(base, 'CX_QLXX', zjhs([SAMPLE_USCC.healthy]));
    await post(base, envelope('CX_BDCDY', '<BDCDYH>bad</BDCDYH>'));
    await fetch(`${base}/nowhere`, { method: 'POST' });
    const stats = await (await fetch(`${base}/__sim/stats`)).json();
    expect(stats.requests).toBe(3);
    expect(stats.byRoute.exchange).toBe(2);
    expect(stats.rejected.notFound).toBe(1);
  });
});
