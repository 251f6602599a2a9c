import type http from 'node:http';
import { uniqueCachePrefix } from '@district/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { adminClient } from '@district/department-access/cache/test-kit';
import { POLL } from '@district/runtime/polling';
import {
  cleanCache, entities, failed, ok, SAMPLE_USCC, startBackend, startFakeBackend, startTestSubgraph, type Backend, type GraphQLReply,
} from './test-kit.ts';

/**
 * Every read goes through the department's one read path: the cache (in-process, or Redis when
 * REDIS_URL is set), retries with backoff behind a circuit breaker, and stale-if-error. Each test
 * starts a subgraph of its own (its own cache, a closed breaker) in front of the real 医保
 * stand-in, and counts what reaches the platform. Retries wait 1–5 ms here unless a test says.
 */

let backend: Backend;
let insured: string[];
const running: RunningSubgraph[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  backend = await startBackend();
  insured = backend.dataset.enterprises.filter((e) => e.insured).map((e) => e.uscc);
});
afterAll(async () => {
  for (const s of running) await s.stop();
  for (const close of closers) await close();
  await backend?.sim.close();
  await cleanCache();
});
beforeEach(() => {
  backend.sim.clearFaults();
  backend.sim.resetStats();
});

const FAST_RETRIES = { MEDICAL_INSURANCE_RETRY_BASE_MS: '1', MEDICAL_INSURANCE_RETRY_MAX_MS: '5' };
const subgraph = async (env: Record<string, string> = {}, on: { url: string } = backend) => {
  const s = await startTestSubgraph(on.url, { ...FAST_RETRIES, ...env });
  running.push(s);
  return s;
};
const policies = (p: Record<string, { ttlMs: number; staleIfErrorMs: number }>) => ({ MEDICAL_INSURANCE_CACHE_POLICIES: JSON.stringify(p) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Requests that reached the platform (refused ones included) since the last reset. */
const calls = () => backend.sim.stats().requests;
const infnoCalls = () => Object.fromEntries(Object.entries(backend.sim.stats().byRoute).filter(([k]) => k.startsWith('infno.')));
const reasons = (reply: GraphQLReply) => reply.errors?.map((e) => e.extensions?.reason) ?? [];

const DASHBOARD = 'uscc medicalInsurance { status insuredCount { total } hasArrears arrearsTotal } medicalInsuranceEvents { at kind }';
const unavailable = (reason: string, extra: Record<string, unknown> = {}) => ({ code: 'DEPARTMENT_UNAVAILABLE', department: 'MEDICAL_INSURANCE', reason, ...extra });

describe('the cache', () => {
  it('answers a dashboard’s second look at 200 employers, one of them not registered, without a single backend call', async () => {
    const s = await subgraph();
    const usccs = [...insured.slice(0, 199), SAMPLE_USCC.abnormal];
    const first = await entities(s.url, usccs, DASHBOARD);
    expect(first.errors).toBeUndefined();
    expect(first.data._entities.at(-1)).toEqual({ uscc: SAMPLE_USCC.abnormal, medicalInsurance: null, medicalInsuranceEvents: [] });
    expect(infnoCalls()).toEqual({ 'infno.1301': 200 });

    backend.sim.resetStats();
    const second = await entities(s.url, usccs, DASHBOARD);
    expect(second.data).toEqual(first.data);
    expect(second.errors).toBeUndefined();
    expect(second.extensions.asOf).toEqual([expect.objectContaining({ department: 'MEDICAL_INSURANCE' })]); // how fresh the cached copies are
    expect(calls()).toBe(0);
  });

  it('answers a repeated query for the arrears, contributions and headcount lists from the cache too', async () => {
    const s = await subgraph();
    const query = 'medicalInsurance { status arrears { period amount } contributions(months: 3) { period total } headcountHistory { period total } }';
    const first = await entities(s.url, [SAMPLE_USCC.troubled], query);
    expect(first.errors).toBeUndefined();
    expect(infnoCalls()).toEqual({ 'infno.1301': 1, 'infno.1302': 1, 'infno.1303': 1, 'infno.1304': 1 });

    backend.sim.resetStats();
    expect((await entities(s.url, [SAMPLE_USCC.troubled], query)).data).toEqual(first.data);
    expect(calls()).toBe(0);
  });

  it('makes one call per employer when concurrent requests miss the same employers (single flight)', async () => {
    const s = await subgraph();
    backend.sim.setFaults({ latencyMs: 40, jitter: 0 });
    const usccs = insured.slice(200, 210);
    const replies = await Promise.all([1, 2, 3].map(() => entities(s.url, usccs, 'medicalInsurance { employerNo }')));
    expect(replies.every((r) => r.errors === undefined)).toBe(true);
    expect(replies[1]).toEqual(replies[0]);
    expect(infnoCalls()).toEqual({ 'infno.1301': 10 });
  });

  it('reads the platform every time when CACHE_ENABLED=false', async () => {
    const s = await subgraph({ CACHE_ENABLED: 'false' });
    await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }');
    await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }');
    expect(infnoCalls()).toEqual({ 'infno.1301': 2 });
  });

  it.runIf(process.env.REDIS_URL)('shares what one instance read with another on the same Redis: a hit there, no call', async () => {
    const CACHE_PREFIX = uniqueCachePrefix();
    const [a, b] = [await subgraph({ CACHE_PREFIX }), await subgraph({ CACHE_PREFIX })];
    const usccs = insured.slice(300, 305);
    const first = await entities(a.url, usccs, 'medicalInsurance { employerNo status }');
    expect(infnoCalls()).toEqual({ 'infno.1301': 5 });
    const redis = await adminClient();
    try {
      expect(await redis.exists(...usccs.map((u) => `${CACHE_PREFIX}:medical-insurance:employer:${u}`))).toBe(5);
    } finally {
      redis.disconnect();
    }
    backend.sim.resetStats();
    const shared = await entities(b.url, usccs, 'medicalInsurance { employerNo status }');
    expect(calls()).toBe(0);
    expect(shared.data).toEqual(first.data);
    // The other instance's copy, and how fresh it is (extensions.asOf, as for a copy of its own).
    expect(shared.extensions.asOf).toEqual([expect.objectContaining({ department: 'MEDICAL_INSURANCE' })]);
  });
});

describe('when the platform is down', () => {
  it('serves the last copy once its TTL has passed, and names the department, its age and the reason in extensions.stale', async () => {
    const s = await subgraph({ ...policies({ employer: { ttlMs: 30, staleIfErrorMs: 60_000 } }), MEDICAL_INSURANCE_BREAKER_THRESHOLD: '50' });
    const readAt = Date.now();
    const first = await entities(s.url, [SAMPLE_USCC.healthy], DASHBOARD);
    const firstAnsweredAt = Date.now();
    expect(first.errors).toBeUndefined();
    await sleep(40);
    backend.sim.setFaults({ outage: true });
    backend.sim.resetStats();

    const reply = await entities(s.url, [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled], DASHBOARD);
    // The healthy company as last read; the troubled one, never read, has no copy to fall back on.
    expect(reply.data._entities).toEqual([first.data._entities[0], { uscc: SAMPLE_USCC.troubled, medicalInsurance: null, medicalInsuranceEvents: null }]);
    expect(reply.errors!.map((e) => [e.path, e.extensions])).toEqual([
      [['_entities', 1, 'medicalInsurance'], unavailable('OUTAGE', { httpStatus: 502 })],
      [['_entities', 1, 'medicalInsuranceEvents'], unavailable('OUTAGE', { httpStatus: 502 })],
    ]);
    expect(reply.extensions?.stale).toEqual([{ department: 'MEDICAL_INSURANCE', ageSeconds: expect.any(Number), asOf: expect.any(String), reason: 'OUTAGE' }]);
    const asOf = Date.parse(reply.extensions!.stale[0].asOf);
    expect(asOf).toBeGreaterThanOrEqual(readAt);
    expect(asOf).toBeLessThanOrEqual(firstAnsweredAt);
    // Each of the two refreshes was tried 1 + MEDICAL_INSURANCE_RETRIES (2) times.
    expect(backend.sim.stats().rejected.outage).toBe(6);
  });

  it('answers null with DEPARTMENT_UNAVAILABLE and no extensions.stale when the copy is older than staleIfErrorMs', async () => {
    const s = await subgraph(policies({ employer: { ttlMs: 10, staleIfErrorMs: 20 } }));
    expect((await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }')).errors).toBeUndefined();
    await sleep(40);
    backend.sim.setFaults({ outage: true });
    const reply = await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }');
    expect(reply.data._entities[0].medicalInsurance).toBeNull();
    expect(reply.errors![0].extensions).toEqual(unavailable('OUTAGE', { httpStatus: 502 }));
    expect(reply.extensions?.stale).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries a transient platform error to success: one refused call, then the answer', async () => {
    const s = await subgraph();
    backend.sim.setFaults({ errorRate: 1 });
    failFirstThenRecover(backend.sim.server, () => backend.sim.clearFaults());
    const reply = await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { employerNo }');
    expect(reply.errors).toBeUndefined();
    expect(reply.data._entities[0].medicalInsurance).toEqual({ employerNo: '3702120005233680' });
    expect(reply.extensions?.stale).toBeUndefined();
    expect(backend.sim.stats()).toMatchObject({ requests: 2, rejected: { injectedError: 1 } });
  });

  it('retries the platform’s rate-limit reply with backoff, sending each attempt as a new message with a fresh msgid', async () => {
    const sent: { msgid: string; at: number }[] = [];
    const fake = await startFakeBackend((body) => {
      sent.push({ msgid: body.msgid, at: Date.now() });
      return { body: sent.length <= 2 ? failed('[FSI-429] 访问频率超过限制，请稍后重试') : ok(employerInfo(body.input.data.uscc)) };
    });
    closers.push(fake.close);
    const s = await subgraph({ MEDICAL_INSURANCE_RETRY_BASE_MS: '20', MEDICAL_INSURANCE_RETRY_MAX_MS: '40' }, fake);
    const reply = await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { employerNo }');
    expect(reply.errors).toBeUndefined();
    expect(reply.data._entities[0].medicalInsurance).toEqual({ employerNo: '3702120005233680' });
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((m) => m.msgid)).size).toBe(3);
    expect(sent[2].at - sent[0].at).toBeGreaterThan(0);
  });

  it('gives up on a rate-limited read after 1 + MEDICAL_INSURANCE_RETRIES calls and answers RATE_LIMITED', async () => {
    const s = await subgraph({ MEDICAL_INSURANCE_RETRIES: '2' });
    backend.sim.setFaults({ rateLimitPerSecond: 0.001 });
    const reply = await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }');
    expect(reply.errors![0].extensions).toEqual(unavailable('RATE_LIMITED', { nativeCode: 'FSI-429' }));
    expect(backend.sim.stats()).toMatchObject({ requests: 3, rejected: { rateLimited: 3 } });
  });

  it('keeps a 429 storm from multiplying: retries count towards the breaker, and calls still queued when it opens are not sent, so a 60-employer dashboard costs at most threshold + cap calls, and the next costs none', async () => {
    const s = await subgraph({
      MEDICAL_INSURANCE_MAX_CONCURRENCY: '4', MEDICAL_INSURANCE_RETRIES: '2', MEDICAL_INSURANCE_BREAKER_THRESHOLD: '5', MEDICAL_INSURANCE_BREAKER_HALF_OPEN_MS: '60000',
    });
    backend.sim.setFaults({ rateLimitPerSecond: 0.001 });
    const usccs = insured.slice(400, 460);
    const storm = await entities(s.url, usccs, 'medicalInsurance { status }');
    expect(storm.data._entities.every((e: any) => e.medicalInsurance === null)).toBe(true);
    expect(reasons(storm)).toHaveLength(60);
    expect(reasons(storm).every((r) => r === 'RATE_LIMITED' || r === 'CIRCUIT_OPEN')).toBe(true);
    // Without the breaker: 60 × (1 + 2 retries) = 180 calls; with it but without the transport re-checking it when a queued call gets its slot, at least 60.
    // Threshold + cap: the call that takes a freed slot leaves just before the reply that freed it counts as a failure.
    expect(calls()).toBeGreaterThanOrEqual(5);
    expect(calls()).toBeLessThanOrEqual(5 + 4);

    backend.sim.resetStats();
    const again = await entities(s.url, usccs, 'medicalInsurance { status }');
    expect(new Set(reasons(again))).toEqual(new Set(['CIRCUIT_OPEN']));
    expect(calls()).toBe(0);
  });
});

describe('the circuit breaker', () => {
  it('opens after MEDICAL_INSURANCE_BREAKER_THRESHOLD failures, answers CIRCUIT_OPEN without calling the platform (a cached copy is served stale), and closes after the half-open pause once the platform is back', async () => {
    const s = await subgraph({
      // A pause long enough that a slow machine cannot reach it between the checks of the open circuit.
      MEDICAL_INSURANCE_RETRIES: '0', MEDICAL_INSURANCE_BREAKER_THRESHOLD: '3', MEDICAL_INSURANCE_BREAKER_HALF_OPEN_MS: '2000',
      ...policies({ employer: { ttlMs: 20, staleIfErrorMs: 60_000 } }),
    });
    const cached = await entities(s.url, [SAMPLE_USCC.troubled], 'medicalInsurance { status hasArrears }');
    await sleep(30);
    backend.sim.setFaults({ outage: true });
    backend.sim.resetStats();
    for (let i = 0; i < 3; i++) {
      expect(reasons(await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }'))).toEqual(['OUTAGE']);
    }
    expect(calls()).toBe(3);

    backend.sim.resetStats();
    const open = await entities(s.url, [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled], 'medicalInsurance { status hasArrears }');
    expect(calls()).toBe(0);
    expect(open.data._entities).toEqual([{ medicalInsurance: null }, cached.data._entities[0]]);
    expect(open.errors!.map((e) => e.extensions)).toEqual([unavailable('CIRCUIT_OPEN', { retryable: false })]);
    expect(open.extensions?.stale).toEqual([expect.objectContaining({ department: 'MEDICAL_INSURANCE', reason: 'CIRCUIT_OPEN' })]);

    backend.sim.clearFaults();
    expect(reasons(await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }'))).toEqual(['CIRCUIT_OPEN']);
    expect(calls()).toBe(0);

    // Asked again until the half-open pause is over: each answer before that fails fast, without a platform call.
    const probe = await vi.waitFor(async () => {
      const reply = await entities(s.url, [SAMPLE_USCC.healthy], 'medicalInsurance { status }');
      expect(reply.errors).toBeUndefined();
      return reply;
    }, { ...POLL, interval: 100 });
    expect(probe.data._entities[0].medicalInsurance).toEqual({ status: 'NORMAL' });
    const closed = await entities(s.url, [SAMPLE_USCC.revoked], 'medicalInsurance { status }');
    expect(closed.data._entities[0].medicalInsurance).toEqual({ status: 'SUSPENDED' });
    expect(infnoCalls()).toEqual({ 'infno.1301': 2 });
  });
});

/** Lets the first platform call fail as injected, then calls `recover` as soon as its reply is sent. */
function failFirstThenRecover(server: http.Server, recover: () => void): void {
  const first = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith('/__sim/')) return;
    server.off('request', first);
    res.once('finish', recover);
  };
  server.prependListener('request', first);
}

/** A 1301 output for `uscc` (the fake backend's answer once it lets a call through). */
function employerInfo(uscc: string) {
  return {
    empinfo: {
      emp_no: '3702120005233680', emp_name: '青岛海岸线科技有限公司', uscc, emp_type: '10', insu_admdvs: '370212',
      reg_date: '2016-04-04', emp_insu_stas: '1', stas_chg_date: null,
    },
    insuinfo: [{ insutype: '310', insutype_name: '职工基本医疗保险', begndate: '2016-04-04' }],
    psncnt: { psn_cnt_in_service: 46, psn_cnt_retired: 1 },
    arrears: { arrears_flag: '0', arrears_months: 0, arrears_sumamt: 0, earliest_ym: null, latest_ym: null },
  };
}
