import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { TRAN_ID } from './codes.ts';
import { QUIET } from '../sim/settings.ts';
import { startTax } from './testing.ts';

let tax: Awaited<ReturnType<typeof startTax>>;
afterEach(() => tax?.close());

const lookup = { nsrsbhList: [SAMPLE_USCC.healthy] };
const faults = (patch: object) => fetch(`${tax.base}/__sim/faults`, { method: 'POST', body: JSON.stringify(patch) });

describe('tax envelope, channel and faults', () => {
  it('refuses a wrong channel token with rtnCode 100 and no data', async () => {
    tax = await startTax();
    const r = await tax.call(TRAN_ID.REGISTRATION, lookup, { token: 'guessed' });
    expect(r.status).toBe(200);
    expect(r.head).toMatchObject({ rtnCode: '100', rtnMsg: expect.stringContaining('渠道认证失败') });
    expect(r.body).toEqual({});
  });

  it('accepts the channel credentials it was configured with instead of the development pair', async () => {
    tax = await startTax({ credentials: { channelId: 'GATEWAY', token: 'secret' } });
    expect((await tax.call(TRAN_ID.REGISTRATION, lookup)).head.rtnCode).toBe('100');
    expect((await tax.call(TRAN_ID.REGISTRATION, lookup, { channelId: 'GATEWAY', token: 'secret' })).head.rtnCode).toBe('000');
  });

  it('answers malformed JSON, a missing head field, a bad date and a mismatched tranId each with its own rtnCode', async () => {
    tax = await startTax();
    const raw = await tax.post(`/gt3/esb/${TRAN_ID.REGISTRATION}`, '{"head": {');
    expect((await raw.json()).head).toMatchObject({ rtnCode: '102' });
    const missing = await tax.call(TRAN_ID.REGISTRATION, lookup, { tranSeq: undefined, tranTime: undefined });
    expect(missing.head).toMatchObject({ rtnCode: '103', rtnMsg: expect.stringContaining('tranSeq, tranTime') });
    const badDate = await tax.call(TRAN_ID.REGISTRATION, lookup, { tranDate: '2026-11-01', tranSeq: 'S1' });
    expect(badDate.head).toMatchObject({ rtnCode: '103', rtnMsg: expect.stringContaining('tranDate'), tranSeq: 'S1' });
    const mismatch = await tax.post(`/gt3/esb/${TRAN_ID.CREDIT}`, JSON.stringify({ head: tax.headFor(TRAN_ID.REGISTRATION), body: lookup }));
    expect((await mismatch.json()).head).toMatchObject({ rtnCode: '104' });
  });

  it('answers an unknown service in its envelope and an unknown path with the proxy page', async () => {
    tax = await startTax();
    const unknown = await tax.post('/gt3/esb/SWZJ.HXZG.XX.NOPE', JSON.stringify({ head: tax.headFor('SWZJ.HXZG.XX.NOPE'), body: {} }));
    expect((await unknown.json()).head).toMatchObject({ rtnCode: '101', rtnMsg: expect.stringContaining('SWZJ.HXZG.XX.NOPE') });
    const stray = await fetch(`${tax.base}/api/v1/enterprises`);
    expect(stray.status).toBe(404);
    expect(await stray.text()).toContain('<center>nginx</center>');
  });

  it('answers over its rate limit with rtnCode 900 in the envelope', async () => {
    tax = await startTax({ settings: { ...QUIET, rateLimitPerSecond: 2 } });
    const replies = await Promise.all(Array.from({ length: 6 }, () => tax.call(TRAN_ID.REGISTRATION, lookup)));
    const busy = replies.filter((r) => r.head.rtnCode === '900');
    expect(busy.length).toBeGreaterThanOrEqual(3);
    expect(busy[0]).toMatchObject({ status: 200, head: { rtnMsg: '系统繁忙，请稍后再试' } });
  });

  it('serves an outage as the front proxy’s 503 page and recovers when faults are cleared', async () => {
    tax = await startTax();
    await faults({ outage: true });
    const down = await tax.post(`/gt3/esb/${TRAN_ID.REGISTRATION}`, JSON.stringify({ head: tax.headFor(TRAN_ID.REGISTRATION), body: lookup }));
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('text/html');
    expect(await down.text()).toContain('503 Service Temporarily Unavailable');
    await fetch(`${tax.base}/__sim/faults`, { method: 'DELETE' });
    expect((await tax.call(TRAN_ID.REGISTRATION, lookup)).head.rtnCode).toBe('000');
  });

  it('answers every call with 999 系统异常 when the error rate is 1', async () => {
    tax = await startTax();
    await faults({ errorRate: 1 });
    const r = await tax.call(TRAN_ID.CREDIT, lookup);
    expect(r).toMatchObject({ status: 200, head: { rtnCode: '999', rtnMsg: '系统异常' } });
  });

  it('adds the configured latency', async () => {
    tax = await startTax();
    await faults({ latencyMs: 120 });
    const started = Date.now();
    await tax.call(TRAN_ID.REGISTRATION, lookup);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('counts requests per service code in /__sim/stats', async () => {
    tax = await startTax();
    await tax.call(TRAN_ID.REGISTRATION, lookup);
    await tax.call(TRAN_ID.REGISTRATION, lookup);
    await tax.call(TRAN_ID.ARREARS, lookup);
    const stats = await (await fetch(`${tax.base}/__sim/stats`)).json();
    expect(stats.requests).toBe(3);
    expect(stats.byRoute).toEqual({ [TRAN_ID.REGISTRATION]: 2, [TRAN_ID.ARREARS]: 1 });
  });

  it('refuses an oversized body with the proxy’s 413 page rather than crashing', async () => {
    tax = await startTax();
    const res = await tax.post(`/gt3/esb/${TRAN_ID.REGISTRATION}`, 'x'.repeat(1_100_000));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Request Entity Too Large');
  });
});
