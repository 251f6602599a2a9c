import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { faultSettingsFromEnv } from '../sim/settings.ts';
import { MEDICAL_INSURANCE_DEFAULTS } from './index.ts';
import { CALL_SERVICE_PATH } from './codes.ts';
import { envelope, startBackend } from './testing.ts';

let backend: Awaited<ReturnType<typeof startBackend>> | undefined;
afterEach(async () => {
  await backend?.sim.close();
  backend = undefined;
});
const start = async (...args: Parameters<typeof startBackend>) => (backend = await startBackend(...args));
const faults = (patch: object) => fetch(`${backend!.base}/__sim/faults`, { method: 'POST', body: JSON.stringify(patch) });
const healthy = { data: { uscc: SAMPLE_USCC.healthy } };

describe('authentication', () => {
  it('refuses a wrong sign_no or recer_sys_code with FSI-401 before looking at the transaction', async () => {
    const b = await start();
    for (const wrong of [{ sign_no: 'guess' }, { recer_sys_code: 'OTHER' }]) {
      const reply = await b.send(envelope('1301', healthy, wrong));
      expect(reply).toMatchObject({ infcode: -1, output: null });
      expect(reply.err_msg).toMatch(/^\[FSI-401\]/);
    }
    expect((await b.send(envelope('9999', healthy, { sign_no: 'guess' }))).err_msg).toMatch(/^\[FSI-401\]/);
  });

  it('accepts only the configured caller when credentials are overridden', async () => {
    const b = await start({}, { credentials: { senderCode: 'GATEWAY', signNo: 's3cret' } });
    expect((await b.send(envelope('1301', healthy))).err_msg).toMatch(/^\[FSI-401\]/);
    expect((await b.send(envelope('1301', healthy, { recer_sys_code: 'GATEWAY', sign_no: 's3cret' }))).infcode).toBe(0);
  });
});

describe('faults, in the platform’s own forms', () => {
  it('answers over its rate limit with infcode -1 FSI-429 and HTTP 200', async () => {
    const b = await start({ rateLimitPerSecond: 3 });
    const replies = await Promise.all(Array.from({ length: 10 }, () => b.post(JSON.stringify(envelope('1301', healthy)))));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const bodies = await Promise.all(replies.map((r) => r.json()));
    const limited = bodies.filter((x) => x.infcode === -1);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(limited[0].err_msg).toBe('[FSI-429] 访问频率超过限制，请稍后重试');
    expect((await b.stats()).rejected.rateLimited).toBe(limited.length);
  });

  it('answers an outage with a bare nginx 502 page, and recovers when faults are cleared', async () => {
    const b = await start();
    await faults({ outage: true });
    const res = await b.post(JSON.stringify(envelope('1301', healthy)));
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>');
    await fetch(`${b.base}/__sim/faults`, { method: 'DELETE' });
    expect((await b.send(envelope('1301', healthy))).infcode).toBe(0);
  });

  it('answers an injected error with infcode -1 FSI-500 and no details', async () => {
    const b = await start();
    await faults({ errorRate: 1 });
    const res = await b.post(JSON.stringify(envelope('1301', healthy)));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ infcode: -1, err_msg: '[FSI-500] 系统内部错误', output: null });
  });

  it('adds the configured latency', async () => {
    const b = await start({ latencyMs: 80 });
    const t = Date.now();
    await b.send(envelope('1301', healthy));
    expect(Date.now() - t).toBeGreaterThanOrEqual(70);
  });

  it('defaults to 35 ms ±30% and 200 requests per second, overridable by MEDICAL_INSURANCE_SIM_* variables', () => {
    expect(MEDICAL_INSURANCE_DEFAULTS).toEqual({ latencyMs: 35, jitter: 0.3, errorRate: 0, outage: false, rateLimitPerSecond: 200 });
    const env = { MEDICAL_INSURANCE_SIM_LATENCY_MS: '0', MEDICAL_INSURANCE_SIM_RATE_LIMIT: '0' };
    expect(faultSettingsFromEnv('MEDICAL_INSURANCE_SIM', MEDICAL_INSURANCE_DEFAULTS, env)).toMatchObject({ latencyMs: 0, rateLimitPerSecond: 0 });
  });
});

describe('bad input', () => {
  it('says what is wrong with a malformed USCC', async () => {
    const b = await start();
    const cases: [string, RegExp][] = [
      ['91370212MA3C1234', /18 characters.*has 16/],
      ['91370212MA3C12346I', /character 18 "I" is not allowed/],
      ['91370212MA3C123461', /check character is wrong: expected "X", got "1"/],
    ];
    for (const [uscc, problem] of cases) {
      const reply = await b.call('1301', { uscc });
      expect(reply.infcode).toBe(-1);
      expect(reply.err_msg).toMatch(/^\[FSI-400\] 参数校验失败：input\.data\.uscc/);
      expect(reply.err_msg).toMatch(problem);
    }
  });

  it('refuses malformed JSON, an unknown infno, missing fields and a missing employer key with clear messages', async () => {
    const b = await start();
    const broken = await (await b.post('{"infno": "1301",')).json();
    expect(broken.err_msg).toMatch(/^\[FSI-400\] 报文格式错误：请求体不是合法的 JSON/);
    expect((await (await b.post('')).json()).err_msg).toMatch(/请求体为空/);
    expect((await b.send(envelope('9999', healthy))).err_msg).toMatch(/^\[FSI-400\] 交易编号 infno "9999" 不存在；本系统支持：1301 单位参保信息查询/);
    const { msgid: _, ...noMsgid } = envelope('1301', healthy);
    expect((await b.send(noMsgid)).err_msg).toBe('[FSI-400] 缺少必填字段 msgid');
    expect((await b.send(envelope('1301', healthy, { inf_time: '2026/11/02' }))).err_msg).toMatch(/inf_time.*yyyy-MM-dd HH:mm:ss/);
    expect((await b.send(envelope('1301', healthy, { insuplc_admdvs: '370213' }))).err_msg).toMatch(/insuplc_admdvs 370213 不属于本系统/);
    expect((await b.send(envelope('1301', {}))).err_msg).toMatch(/缺少必填字段 input\.data/);
    expect((await b.call('1301', {})).err_msg).toMatch(/须提供 input\.data\.uscc.*或 input\.data\.emp_no/);
  });

  it('answers other paths with an nginx 404 page and never leaks a stack trace', async () => {
    const b = await start();
    const res = await fetch(`${b.base}/fsi/api/other`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('nginx');
    const weird = await (await b.post(JSON.stringify(envelope('1301', { data: { uscc: { $gt: '' } } })))).text();
    expect(weird).not.toMatch(/\.ts|at |Error/);
  });
});

describe('counters', () => {
  it('counts calls per route and per infno in /__sim/stats, and resets both', async () => {
    const b = await start();
    await b.call('1301', { uscc: SAMPLE_USCC.healthy });
    await b.call('1301', { uscc: SAMPLE_USCC.troubled });
    await b.call('1304', { uscc: SAMPLE_USCC.troubled });
    const stats = await b.stats();
    expect(stats.requests).toBe(3);
    expect(stats.byRoute).toEqual({ callService: 3, 'infno.1301': 2, 'infno.1304': 1 });
    expect(b.sim.stats().byRoute['infno.1301']).toBe(2);
    await fetch(`${b.base}/__sim/stats/reset`, { method: 'POST' });
    expect(await b.stats()).toMatchObject({ requests: 0, byRoute: {} });
    expect(CALL_SERVICE_PATH).toBe('/fsi/api/rsfComIfsService/callService');
  });
});
