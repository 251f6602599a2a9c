import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBackends, type RunningBackends } from '@district/backends';
import { BACKENDS } from '@district/parts';
import { signDevToken, type DevClaims } from '@district/gateway/auth/dev-token';
import { POLL } from '@district/runtime/polling';
import { startInstances, type Instance, type Instances } from '../../src/instances.ts';
import { runToExit } from '../../src/processes.ts';
import { LOADED_MACHINE_BUDGETS, dropCachePrefix, dropSchema } from '../../src/stack.ts';
import { LIFECYCLE_QUERY, SAMPLE_USCC } from '../../src/samples.ts';
import { chineseDigits, openingForm } from '../bundles/forms.ts';

/**
 * 多实例: two gateways and two instances of every subgraph and of the bundle worker, on one Redis
 * and one PostgreSQL, each part behind a round-robin as a cluster's Service puts it, under a steady
 * bounded load. One instance of each is sent SIGTERM (and started again), then the other is killed
 * with SIGKILL (and started again). What must hold: no request that reached a draining instance
 * fails; bundles in flight complete with one effect per department; every answered request has its
 * access record and the chain verifies; a write seen through one gateway is seen through the
 * other; a caller's rate limit holds across both gateways.
 *
 * Needs REDIS_URL and DATABASE_URL (CI sets both): without them the instances share nothing.
 */
const shared = process.env.REDIS_URL && process.env.DATABASE_URL ? describe : describe.skip;

const run = `${process.pid}_${Date.now().toString(36)}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'test',
  ...LOADED_MACHINE_BUDGETS,
  CACHE_PREFIX: `t:multi:${run}`,
  DATABASE_SCHEMA: `t_multi_${run}`,
  SEED_DEMO_DATA: 'true',
  SHUTDOWN_GRACE_MS: '10000',
  BUNDLE_WORKER_INTERVAL_MS: '100', BUNDLE_LEASE_MS: '4000', BUNDLE_BACKOFF_MS: '200', BUNDLE_MAX_ATTEMPTS: '30',
  // Everyone may do plenty; the enterprise below has 8 requests per 10 minutes, across all gateways.
  RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_WINDOW_SECONDS: '600', RATE_LIMIT_POINTS: 'auditor=1000000,window-staff=1000000,enterprise=8',
};

const LOAD_USCCS = [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled, SAMPLE_USCC.deregistered, SAMPLE_USCC.branch, SAMPLE_USCC.abnormal];
const BUNDLE = 'id status uscc steps { key status attempts lastError } results { uscc licenceNo insuranceEmployerNo }';

/**
 * A request of the load: the phase it was sent in and the phase it was answered in; `unanswered`,
 * the id of a first try whose connection closed with no answer (sent again under this id).
 */
interface Sent { id: string; phase: string; endPhase: string; status: number; errors?: unknown[]; unanswered?: string }

shared('two instances of every part behind round-robins', { timeout: 900_000 }, () => {
  let backends: RunningBackends;
  let stack: Instances;
  const token = (claims: DevClaims) => signDevToken(claims);

  beforeAll(async () => {
    backends = await startBackends({
      ports: Object.fromEntries(BACKENDS.map((b) => [b.name, 0])),
      settings: Object.fromEntries(BACKENDS.map((b) => [b.name, { latencyMs: 5, rateLimitPerSecond: 0 }])),
    });
    env.LIFECYCLE_TODAY = backends.dataset.asOf;
    stack = await startInstances(2, env, backends.urls);
  }, 600_000);
  afterAll(async () => {
    await stack?.stop();
    await backends?.close();
    await dropCachePrefix(env);
    await dropSchema(env);
  });

  /** POST to the gateways' round-robin (or one gateway) as this caller; our x-request-id names the request. */
  async function post(id: string, query: string, variables: Record<string, unknown>, claims: DevClaims, url = stack.graphql) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': id, authorization: `Bearer ${await token(claims)}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    return { status: res.status, headers: res.headers, ...body };
  }

  const auditor: DevClaims = { role: 'auditor', purpose: 'AUDIT', sub: `multi-auditor-${run}` };
  const clerk: DevClaims = { role: 'window-staff', purpose: 'ENTERPRISE_OPENING', sub: `multi-clerk-${run}` };

  /**
   * A steady, bounded load: `workers` clients, each sending the next lifecycle query when the last
   * is answered. A client whose connection closes with no answer sends the query once more, as a
   * browser does on a reused connection: a kept-alive connection that a stopping gateway closes
   * while the client writes on it carries a request the gateway never read (HTTP/1.1 cannot tell
   * the two apart; the test below checks that such a first try never reached GraphQL).
   */
  function steadyLoad(workers: number) {
    const sent: Sent[] = [];
    let phase = 'warm';
    let running = true;
    let n = 0;
    const loop = async () => {
      while (running) {
        const id = `multi-${run}-${++n}`;
        const at = phase;
        const variables = { uscc: LOAD_USCCS[n % LOAD_USCCS.length] };
        const attempt = async (attemptId: string, unanswered?: string) => {
          try {
            const res = await post(attemptId, LIFECYCLE_QUERY, variables, auditor);
            sent.push({ id: attemptId, phase: at, endPhase: phase, status: res.status, errors: res.errors, unanswered });
          } catch (error) {
            if (!unanswered) return attempt(`${id}-again`, id);
            sent.push({ id: attemptId, phase: at, endPhase: phase, status: 0, errors: [String(error)], unanswered });
          }
        };
        await attempt(id);
      }
    };
    const loops = Array.from({ length: workers }, loop);
    return {
      sent,
      set phase(p: string) { phase = p; },
      stop: async () => { running = false; await Promise.all(loops); },
    };
  }

  async function openBundles(count: number, tag: 'a' | 'b') {
    const opened = [];
    for (let i = 1; i <= count; i++) {
      const name = `青岛崂山多实例${tag === 'a' ? '甲' : '乙'}${chineseDigits(i)}号科技有限公司`;
      const res = await post(`multi-${run}-open-${tag}-${i}`, `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { ${BUNDLE} } }`, { input: openingForm(`multi-${run}-${tag}-${i}`, name) }, clerk);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      opened.push({ name, id: res.data.openEnterprise.id as string });
    }
    return opened;
  }

  /** SIGTERM or SIGKILL to these instances, then each started again where it was. */
  async function signalAndRestart(instances: Instance[], signal: 'SIGTERM' | 'SIGKILL') {
    await Promise.all(instances.map(async (i) => {
      i.process!.child.kill(signal);
      const exit = await i.process!.exited;
      if (signal === 'SIGTERM') expect(exit, `${i.part.id}#${i.index}: ${i.process!.output()}`).toEqual({ code: 0, signal: null });
    }));
    for (const i of instances) await stack.start(i);
  }

  it('rides out a graceful stop and a kill of every part without losing a request, a bundle or an access record', async () => {
    const load = steadyLoad(4);
    await vi.waitFor(() => expect(load.sent.length).toBeGreaterThan(20), { timeout: 60_000, interval: 50 });

    // SIGTERM to the first instance of every part while requests and bundles are in flight: the
    // market registry slowed, so its reads and the bundles' 设立登记 writes are still out.
    backends.sims.market.setFaults({ latencyMs: 800 });
    const first = await openBundles(3, 'a');
    load.phase = 'sigterm';
    await signalAndRestart(stack.all().filter((i) => i.index === 0), 'SIGTERM');
    load.phase = 'after-sigterm';
    backends.sims.market.clearFaults();
    await vi.waitFor(() => expect(load.sent.filter((s) => s.phase === 'after-sigterm').length).toBeGreaterThan(20), { timeout: 60_000, interval: 50 });

    // SIGKILL to the second instance of every part, the registry slow again.
    backends.sims.market.setFaults({ latencyMs: 800 });
    const second = await openBundles(3, 'b');
    load.phase = 'sigkill';
    await signalAndRestart(stack.all().filter((i) => i.index === 1), 'SIGKILL');
    load.phase = 'after-sigkill';
    backends.sims.market.clearFaults();
    await vi.waitFor(() => expect(load.sent.filter((s) => s.phase === 'after-sigkill').length).toBeGreaterThan(20), { timeout: 60_000, interval: 50 });
    await load.stop();

    // No request failed while instances drained, nor once every part was back; one in flight when
    // an instance was killed may fail, but only as an outage the client can retry.
    const failed = load.sent.filter((s) => s.status !== 200 || s.errors);
    const duringKill = (s: Sent) => s.phase === 'sigkill' || s.endPhase === 'sigkill';
    expect(failed.filter((s) => !duringKill(s)), 'requests that failed outside the kill').toEqual([]);
    for (const s of failed.filter(duringKill)) expect(JSON.stringify(s.errors)).toMatch(/DEPARTMENT_UNAVAILABLE|fetch failed|socket|ECONNRESET|other side closed/);
    expect(load.sent.filter((s) => s.phase === 'sigterm').length, 'requests sent while instances drained').toBeGreaterThan(0);

    // Every bundle completes, each enterprise registered once, known to tax and insurance.
    for (const b of [...first, ...second]) {
      let bundle: any;
      await vi.waitFor(async () => {
        bundle = (await post(`multi-${run}-poll-${b.id}`, `query($id: ID!) { bundle(id: $id) { ${BUNDLE} } }`, { id: b.id }, { ...clerk })).data?.bundle;
        expect(bundle?.status).toMatch(/COMPLETED|FAILED|NEEDS_ATTENTION/);
      }, { timeout: 120_000, interval: 250 });
      expect(bundle.status, JSON.stringify(bundle)).toBe('COMPLETED');
      const found = await post(`multi-${run}-find-${b.id}`, 'query($k: String) { enterprises(first: 5, filter: { keyword: $k }) { totalCount edges { node { uscc tax { status } medicalInsurance { status } } } } }', { k: b.name }, auditor);
      expect(found.data.enterprises.totalCount, b.name).toBe(1);
      const node = found.data.enterprises.edges[0].node;
      expect(node.uscc).toBe(bundle.results.uscc);
      expect(node.tax?.status, JSON.stringify(found)).toBeTruthy();
      expect(node.medicalInsurance?.status, JSON.stringify(found)).toBeTruthy();
    }

    // Every answered request is on the access record, and the chain verifies; a first try the
    // client sent again had not reached GraphQL (no record), wherever it was cut.
    const answered = load.sent.filter((s) => s.status === 200 && !s.errors).map((s) => s.id);
    const cut = load.sent.filter((s) => s.unanswered && !duringKill(s)).map((s) => s.unanswered!);
    const pg = (await import('pg')).default;
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    try {
      await vi.waitFor(async () => {
        const { rows } = await db.query(`SELECT count(DISTINCT client_request_id)::int AS n FROM ${env.DATABASE_SCHEMA}.access_record WHERE client_request_id = ANY($1::text[])`, [answered]);
        expect(rows[0].n).toBe(answered.length);
      }, POLL);
      const { rows: reached } = await db.query(`SELECT client_request_id FROM ${env.DATABASE_SCHEMA}.access_record WHERE client_request_id = ANY($1::text[])`, [cut]);
      expect(reached, 'first tries cut while instances drained that had reached GraphQL').toEqual([]);
    } finally {
      await db.end();
    }
    const verify = await runToExit('scripts/audit-verify.ts', env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/chain intact/);
  });

  it('shows a write made through one gateway when read through the other', async () => {
    const [a, b] = stack.byPart.gateway.map((g) => `${g.url}/graphql`);
    const read = async (url: string, i: number) =>
      (await post(`multi-${run}-read-${url}-${i}`, 'query($u: ID!) { enterprise(uscc: $u) { registration { name } } }', { u: SAMPLE_USCC.renamed }, auditor, url)).data.enterprise.registration.name;
    // Both gateways, both market instances, have read (and cached) the enterprise.
    const before = await read(a, 0);
    for (let i = 1; i < 4; i++) expect(await read(i % 2 ? b : a, i)).toBe(before);

    const changer: DevClaims = { role: 'window-staff', purpose: 'ENTERPRISE_CHANGE', sub: `multi-changer-${run}` };
    const newName = '青岛多实例一致科技有限公司';
    const changed = await post(`multi-${run}-change`, `mutation($input: ChangeEnterpriseInput!) { changeEnterprise(input: $input) { ${BUNDLE} } }`, { input: { idempotencyKey: `multi-${run}-change`, uscc: SAMPLE_USCC.renamed, newName } }, changer, a);
    expect(changed.errors, JSON.stringify(changed.errors)).toBeUndefined();
    await vi.waitFor(async () => {
      const res = await post(`multi-${run}-change-poll`, `query($id: ID!) { bundle(id: $id) { ${BUNDLE} } }`, { id: changed.data.changeEnterprise.id }, changer, a);
      expect(res.data.bundle.status).toBe('COMPLETED');
    }, { timeout: 120_000, interval: 250 });
    for (let i = 0; i < 4; i++) expect(await read(i % 2 ? a : b, 10 + i)).toBe(newName);
  });

  it("holds an enterprise's rate limit across both gateways", async () => {
    const enterprise: DevClaims = { role: 'enterprise', purpose: 'SELF_SERVICE', sub: `multi-ent-${run}`, uscc: SAMPLE_USCC.healthy };
    const [a, b] = stack.byPart.gateway.map((g) => `${g.url}/graphql`);
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const res = await post(`multi-${run}-ent-${i}`, 'query($u: ID!) { enterprise(uscc: $u) { registration { name } } }', { u: SAMPLE_USCC.healthy }, enterprise, i % 2 ? b : a);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(8).fill(200), ...Array(4).fill(429)]);
  });
});
