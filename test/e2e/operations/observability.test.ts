import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUNDLE_WORKER, GATEWAY, PARTS, SUBGRAPHS, portOf } from '@district/parts';
import { signDevToken, type DevClaims } from '@district/gateway/auth/dev-token';
import { REPO } from '../../src/processes.ts';
import { freeBase } from '../../src/free-ports.ts';
import { dropCachePrefix, dropSchema } from '../../src/stack.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../src/otlp-receiver.ts';
import { openingForm } from '../bundles/forms.ts';

/**
 * Health, metrics, traces and logs as an operator sees them, on the whole stack as `npm start`
 * runs it (one process per part, the bundle worker its own beside services on PostgreSQL), every
 * process exporting its spans to an OTLP/HTTP receiver this test runs and logging at debug:
 * - one trace of a lifecycle query, sent with the client's traceparent, spans gateway, subgraph
 *   and department call, linked parent to child;
 * - /health/live, /health/ready and /metrics answer on every process, and after a dashboard
 *   /metrics shows the operation, subgraph, department, cache, breaker, access-record and bundle
 *   series, with no USCC, id or person in a label;
 * - requests full of ID numbers, phones and names leave none of them in any process's output,
 *   while the per-request lines (request id, trace id, operation, role, status, duration,
 *   departments) are there.
 */

/** A valid 18-digit 身份证号 (its check digit computed), a mobile number and a person's name nobody else uses. */
function idNumber(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body17 + '10X98765432'[sum % 11];
}
const ID_NUMBER = idNumber('37021219850612263');
const PHONE = '13987654321';
const NAME = '司马青霞';
const PERSONAL = [ID_NUMBER, PHONE, NAME];

const LIFECYCLE_USCC = '913702121635897372';
const LIFECYCLE = `query Lifecycle {
  enterprise(uscc: "${LIFECYCLE_USCC}") {
    registration { name status establishedOn legalRepresentative { name } }
    tax { status creditGrade { year grade } hasArrears }
    medicalInsurance { status hasArrears }
    realEstate { currentUnitCount hasMortgage }
    lifecycle { stage events { at department kind title } }
  }
}
# asked for ${NAME}, ${ID_NUMBER}, ${PHONE}`;
const DASHBOARD = `query Dashboard { building(id: "LS-B001") { name enterprises(first: 200) { totalCount edges { node {
  uscc registration { name status } tax { status hasArrears } medicalInsurance { status hasArrears } realEstate { hasMortgage } } } } } }`;
const OPEN = 'mutation OpenEnterprise($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { id status } }';

const run = `${process.pid}_${Date.now().toString(36)}`;
let receiver: OtlpReceiver;
let stack: { child: ChildProcess; output: () => string; exited: Promise<number | null> };
let base: number;
const env = () => ({ PORT_BASE: String(base) });
const urlOf = (p: (typeof PARTS)[number]) => `http://127.0.0.1:${portOf(p, env())}`;

async function graphql(query: string, variables: Record<string, unknown> | undefined, claims: DevClaims, headers: Record<string, string> = {}) {
  const token = await signDevToken(claims);
  const res = await fetch(`${urlOf(GATEWAY)}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}
const AUDITOR: DevClaims = { role: 'auditor', purpose: 'AUDIT', sub: 'e2e-observability' };

/** The JSON log lines of one part, from `npm start`'s prefixed output. */
function jsonLines(part: string): Record<string, any>[] {
  const prefix = `[${part}]`;
  return stack.output().split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(20).trim()).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

/** The environments the stack was started with: their Redis keys and schemas are dropped afterwards. */
const started: NodeJS.ProcessEnv[] = [];

/** `npm start` on free ports until its banner; its output kept. Started again on another base if a port was taken meanwhile. */
async function startTheStack(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    base = await freeBase();
    const env: NodeJS.ProcessEnv = {
      ...process.env, NODE_ENV: 'development', PORT_BASE: String(base), SHUTDOWN_GRACE_MS: '3000', LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', CACHE_PREFIX: `t:obs:${run}:${attempt}`,
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', DATABASE_SCHEMA: `t_obs_${run}_${attempt}`, SEED_DEMO_DATA: 'true',
      BUNDLE_WORKER_INTERVAL_MS: '50',
    };
    started.push(env);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    stack = { child, output: () => out, exited };
    const up = await vi.waitFor(() => {
      if (child.exitCode !== null) return false;
      expect(out).toMatch(/District graph is up/);
      return true;
    }, { timeout: 150_000, interval: 200 });
    if (up) return;
    if (attempt === 3 || !/is already in use/.test(out)) throw new Error(`npm start exited while starting: ${out}`);
  }
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  await startTheStack();
}, 400_000);

afterAll(async () => {
  if (stack && stack.child.exitCode === null) {
    stack.child.kill('SIGINT');
    await stack.exited;
  }
  await receiver?.close();
  for (const env of started) await Promise.all([dropCachePrefix(env), dropSchema(env)]);
});

describe('operations: health, metrics, traces, logs', { timeout: 120_000 }, () => {
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');

  it('every process answers /health/live and /health/ready with what it waited for', async () => {
    expect(stack.output()).toMatch(new RegExp(`worker\\s+bundle-worker :${portOf(BUNDLE_WORKER, env())}`));
    for (const part of [GATEWAY, ...SUBGRAPHS, BUNDLE_WORKER]) {
      const live = await fetch(`${urlOf(part)}/health/live`);
      expect(live.status, part.id).toBe(200);
      const ready = await fetch(`${urlOf(part)}/health/ready`);
      expect(ready.status, part.id).toBe(200);
      const report = await ready.json();
      expect(report.ready, part.id).toBe(true);
      if (part.kind === 'gateway') expect(report).toMatchObject({ redis: 'up', subgraphs: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, 'up'])) });
      else if (part.name === 'services' || part.kind === 'worker') expect(report.checks, part.id).toEqual({ store: 'up' });
      else expect(report.checks, part.id).toEqual({ redis: 'up' });
    }
  });

  it('one trace of a lifecycle query spans the gateway, the subgraph and the department call, from the client\'s traceparent', async () => {
    const res = await graphql(LIFECYCLE, undefined, AUDITOR, { traceparent: `00-${traceId}-${clientSpanId}-01`, 'x-request-id': PHONE, 'x-note': ID_NUMBER });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.enterprise.lifecycle.stage).toBeTruthy();

    let spans: ReceivedSpan[] = [];
    await vi.waitFor(() => {
      spans = receiver.spans().filter((s) => s.traceId === traceId);
      expect(spans.some((s) => s.service === 'market' && s.name === 'backend MARKET')).toBe(true);
      expect(spans.some((s) => s.service === 'gateway' && s.name === 'POST /graphql')).toBe(true);
      // Every department was reached in the same trace (each process exports on its own schedule).
      for (const d of ['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE']) expect(spans.some((s) => s.name === `backend ${d}`), d).toBe(true);
    }, { timeout: 30_000, interval: 250 });
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const root = spans.find((s) => s.service === 'gateway' && s.name === 'POST /graphql')!;
    expect(root.parentSpanId).toBe(clientSpanId);
    expect(root.attributes).toMatchObject({ 'graphql.operation.name': 'Lifecycle', outcome: 'ok' });
    // Apollo's own spans: parse/validate, plan, and one fetch per subgraph.
    for (const name of ['gateway.request', 'gateway.validate', 'gateway.plan', 'gateway.execute', 'gateway.fetch']) {
      expect(spans.some((s) => s.service === 'gateway' && s.name === name), name).toBe(true);
    }
    // The department call's ancestry: backend MARKET ← market's server span ← the gateway's call to market ← … ← the root.
    const backend = spans.find((s) => s.service === 'market' && s.name === 'backend MARKET')!;
    expect(backend.attributes).toMatchObject({ department: 'MARKET', outcome: 'ok' });
    const chain: ReceivedSpan[] = [];
    for (let s: ReceivedSpan | undefined = backend; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) chain.push(s);
    expect(chain.at(-1)).toBe(root);
    const services = chain.map((s) => s.service);
    expect(chain.find((s) => s.service === 'market' && s.name === 'market POST')?.attributes).toMatchObject({ subgraph: 'market', outcome: 'ok' });
    expect(services).toContain('gateway');
    expect(chain.find((s) => s.service === 'gateway' && s.name === 'subgraph market')?.attributes).toMatchObject({ subgraph: 'market', department: 'MARKET', outcome: 'ok' });
    // Nothing personal, and no query text, in any span of the run.
    const attributes = JSON.stringify(receiver.spans().map((s) => s.attributes));
    for (const p of PERSONAL) expect(attributes).not.toContain(p);
    expect(attributes).not.toContain('legalRepresentative');
  });

  it('after a dashboard, /metrics on every process shows the series an operator reads, with bounded labels', async () => {
    const dashboard = await graphql(DASHBOARD, undefined, { role: 'building-staff', purpose: 'BUILDING_SERVICE', sub: 'e2e-obs-staff', buildings: ['LS-B001'] } as DevClaims);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.data.building.enterprises.totalCount).toBeGreaterThan(0);
    // A bundle, so the worker has something to count.
    const form = { ...openingForm(`e2e-obs-${run}`), legalRepresentative: { name: NAME, idNumber: ID_NUMBER, phone: PHONE } };
    const opened = await graphql(OPEN, { input: form }, { role: 'window-staff', purpose: 'ENTERPRISE_OPENING', sub: 'e2e-obs-clerk' } as DevClaims, { 'x-request-id': `obs-${ID_NUMBER}` });
    expect(opened.body.errors, JSON.stringify(opened.body.errors)).toBeUndefined();

    const scrape = async (part: (typeof PARTS)[number]) => {
      const res = await fetch(`${urlOf(part)}/metrics`);
      expect(res.status, part.id).toBe(200);
      return res.text();
    };
    const gateway = await scrape(GATEWAY);
    expect(gateway).toMatch(/district_graphql_operations_total\{operation="Dashboard",outcome="ok"\} [1-9]/);
    expect(gateway).toMatch(/district_graphql_operation_duration_seconds_bucket\{le="[^"]+",operation="Lifecycle"\}/);
    expect(gateway).toMatch(/district_subgraph_call_duration_seconds_count\{subgraph="market",outcome="ok"\} [1-9]/);
    expect(gateway).toMatch(/district_http_requests_total\{route="\/graphql",status="200"\} [1-9]/);
    expect(gateway).toMatch(/district_access_record_queue_depth \d+/);
    expect(gateway).toMatch(/district_access_record_write_duration_seconds_count\{outcome="ok"\} [1-9]/);

    for (const sub of SUBGRAPHS.filter((s) => s.name !== 'services')) {
      const text = await scrape(sub);
      const d = sub.department;
      expect(text, sub.name).toMatch(new RegExp(`district_graphql_operations_total\\{operation="[A-Za-z_0-9]+",outcome="ok"\\} [1-9]`));
      expect(text, sub.name).toMatch(new RegExp(`district_backend_call_duration_seconds_count\\{department="${d}",kind="[^"]+",outcome="ok"\\} [1-9]`));
      expect(text, sub.name).toMatch(new RegExp(`district_breaker_state\\{department="${d}"\\} 0`));
      expect(text, sub.name).toMatch(/district_cache_lookups_total\{kind="[^"]+",tier="redis",result="miss"\} [1-9]/);
    }
    await vi.waitFor(async () => {
      const worker = await scrape(BUNDLE_WORKER);
      expect(worker).toMatch(/district_bundles\{status="COMPLETED"\} [1-9]/);
      expect(worker).toMatch(/district_bundle_worker_lag_seconds \d/);
    }, { timeout: 30_000, interval: 250 });

    // Each bundle step is a trace of its own: the worker's step, its write through the market subgraph to the registry.
    await vi.waitFor(() => {
      const step = receiver.spans().find((s) => s.service === 'bundle-worker' && s.name === 'bundle step' && s.attributes.department === 'MARKET');
      expect(step).toBeDefined();
      expect(receiver.spans().some((s) => s.traceId === step!.traceId && s.service === 'market' && s.name === 'backend MARKET')).toBe(true);
    }, { timeout: 30_000, interval: 250 });

    // Bounded labels: no USCC, person, id or query text anywhere in any process's metrics.
    for (const part of [GATEWAY, ...SUBGRAPHS, BUNDLE_WORKER]) {
      const text = await scrape(part);
      const labelValues = [...text.matchAll(/="([^"]*)"/g)].map((m) => m[1]);
      for (const v of labelValues) {
        expect(v, part.id).not.toMatch(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);
        expect(v, part.id).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
        expect(v.length, part.id).toBeLessThan(100);
      }
      for (const p of PERSONAL) expect(text, part.id).not.toContain(p);
    }
  });

  it('the logs carry one line per request and per subgraph call with the request and trace ids, and no personal data', async () => {
    // More requests full of personal data: in a variable, an argument, a header.
    await graphql('query Named($who: String) { __typename }', { who: `${NAME} ${ID_NUMBER} ${PHONE}` }, AUDITOR, { 'x-request-id': PHONE });
    await graphql(`{ enterprise(uscc: "${ID_NUMBER}") { registration { name } } }`, undefined, AUDITOR);
    await graphql(`query Find { enterprise(uscc: "${LIFECYCLE_USCC}") { registration { legalRepresentative { name } } } } # ${NAME}`, undefined, AUDITOR, { 'x-request-id': `x${PHONE}` });

    // Searched once the last request's lines (its gateway line, and market's) have been written.
    await vi.waitFor(() => {
      expect(jsonLines('gateway').find((l) => l.msg === 'graphql request' && l.operation === 'Find')).toBeDefined();
      expect(jsonLines('market').find((l) => l.msg === 'subgraph call' && /^Find__market__/.test(l.operation))).toBeDefined();
      expect(jsonLines('gateway').find((l) => l.msg === 'graphql request' && l.traceId === traceId)).toBeDefined();
    }, { timeout: 20_000, interval: 250 });
    const gateway = jsonLines('gateway').find((l) => l.msg === 'graphql request' && l.traceId === traceId)!;
    expect(gateway).toMatchObject({ service: 'gateway', operation: 'Lifecycle', role: 'auditor', status: 200, outcome: 'ok' });
    expect(gateway.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(gateway.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof gateway.durationMs).toBe('number');
    expect(gateway.departments).toEqual(expect.arrayContaining(['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE']));

    // The subgraph's line of the same request: the gateway's request id (from the signed context), the same trace.
    const market = jsonLines('market').find((l) => l.msg === 'subgraph call' && l.traceId === traceId);
    expect(market).toMatchObject({ service: 'subgraph-market', requestId: gateway.requestId, role: 'auditor', status: 200, departments: ['MARKET'] });
    expect(market!.operation).toMatch(/^Lifecycle__market__\d+$/);
    // Every line of that trace, in any process, carries the request id too.
    for (const part of ['gateway', ...SUBGRAPHS.map((s) => s.name)]) {
      for (const l of jsonLines(part).filter((x) => x.traceId === traceId)) expect(l.requestId, `${part}: ${JSON.stringify(l)}`).toBeTruthy();
    }
    // The anonymous and refused requests were logged too (their operation names bounded).
    expect(jsonLines('gateway').some((l) => l.msg === 'graphql request' && l.operation === 'invalid')).toBe(true);

    const out = stack.output();
    for (const p of PERSONAL) {
      const at = out.indexOf(p);
      expect(at, `"${p}" in the logs: …${out.slice(Math.max(0, at - 300), at + 100)}…`).toBe(-1);
    }
  });
});
