/**
 * One gateway's turn: its subgraphs (fresh department subgraphs, so no gateway inherits caches
 * another warmed; the peers' with their bench-only setting), the gateway on the shared port, then
 * every (load, scenario) run with the numbers read around each measured window.
 */
import path from 'node:path';
import { GATEWAYS, waitForGateway, writeSupergraphCopy, type GatewayId } from './gateways.ts';
import { BACKENDS, SUBGRAPHS, type Backend, type RunningBackends, type Subgraph, type SubgraphPool } from './stack.ts';
import { deployment } from './deployment.ts';
import { assertAlive, stopPart, type Part } from './procs.ts';
import { cpuMs, hwmMb, machineBusyMs, watchRss } from './proc-stats.ts';
import { askChecks, preflight, type Answers } from './answers.ts';
import type { LoadGenerator, LoadJob, LoadResult } from './load.ts';
import type { Identity, Scenario, ScenarioId } from './scenarios.ts';

export type LoadKind = 'throughput' | 'latency';

/** How long (or how many requests) a phase lasts. */
export interface Span { seconds?: number; amount?: number }
export interface RunSpec { connections: number; warmup: Span; measure: Span }

export interface LoadPlan {
  kind: LoadKind;
  /** Backend latency for the runs of this kind. */
  latency: 'zero' | 'default';
  runs: Record<ScenarioId, RunSpec>;
}

export interface Measurement extends Pick<LoadResult, 'durationSec' | 'sent' | 'completed' | 'rps' | 'p50' | 'p90' | 'p99' | 'mean'> {
  gateway: GatewayId;
  scenario: ScenarioId;
  load: LoadKind;
  connections: number;
  /** Non-2xx, socket errors, timeouts and 200s carrying GraphQL errors, together. */
  failed: number;
  failures: { non2xx: number; socketErrors: number; timeouts: number; graphqlErrors: number; first?: string };
  /** Gateway CPU (user + system) per request sent, ms. */
  cpuMsPerRequest: number;
  /** Gateway CPU over the window as a share of one core (1.0 = one core busy all the time). */
  cpuCores: number;
  rssPeakMb: number;
  /** Backend calls per request sent, per department and in total. */
  backendCalls: Record<Backend, number>;
  backendCallsPerQuery: number;
  /** Same CPU measure for the rest of the machine's workload, to see where the cores went. */
  otherCpuMsPerRequest: { subgraphs: number; backends: number; loadGenerator: number };
  /** The subgraphs' CPU per request, each on its own: which one the machine's cores went to. */
  subgraphCpuMsPerRequest: Record<Subgraph, number>;
  /** CPU that processes outside the bench used during the window, in cores (other sessions' tests, say). */
  foreignCores: number;
  /** Distinct variable sets (enterprises / buildings) asked in the window. */
  distinct: number;
  preflight: string;
}

export interface GatewayTurn {
  measurements: Measurement[];
  /** Answers to the fixed correctness checks (answers.ts), asked before any load. */
  answers: Answers;
  hwmMb: number;
  backendSettings: Partial<Record<LoadKind, Record<Backend, { latencyMs: number; jitter: number }>>>;
}

const harnessMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const cpuOf = (parts: Part[]) => parts.reduce((sum, p) => sum + cpuMs(p.pid), 0);

/**
 * The load job for one run, following the scenario's rotation (scenarios.ts): which variable sets
 * the warm-up and the window ask, from where, for how long.
 */
function jobFor(s: Scenario, spec: RunSpec, kind: LoadKind, cursors: Map<ScenarioId, number>, auth: (i: Identity) => string | undefined, url: string): LoadJob {
  const authorization = auth(s.identity);
  const phase = (variables: Scenario['variables'], cursor: number | 'after-warmup', span: Span) => ({ variables, authorization, cursor, ...span });
  const base = { url, operationName: /query (\w+)/.exec(s.query)![1], query: s.query, connections: spec.connections };
  if (s.rotation === 'carry') {
    const from = cursors.get(s.id) ?? 0;
    return { ...base, warmup: phase(s.variables, from, spec.warmup), measure: phase(s.variables, 'after-warmup', spec.measure) };
  }
  if (s.rotation === 'halves' || s.rotation === 'warm') {
    const half = Math.ceil(s.variables.length / 2);
    const mine = kind === 'throughput' ? s.variables.slice(0, half) : s.variables.slice(half);
    // Each building once: a count, never more than the half holds (no count given: all of it).
    const measure = { amount: Math.min(spec.measure.amount ?? mine.length, mine.length) };
    // Warm: the warm-up reads exactly what the window then asks again.
    const warmup = s.rotation === 'warm' ? phase(mine, 0, measure) : phase(s.warmupVariables, 0, spec.warmup);
    return { ...base, warmup, measure: phase(mine, 0, measure) };
  }
  return { ...base, warmup: phase(s.variables, 0, spec.warmup), measure: phase(s.variables, 0, spec.measure) };
}

export async function runGateway(o: {
  gateway: GatewayId;
  port: number;
  backends: RunningBackends;
  pool: SubgraphPool;
  load: LoadGenerator;
  scenarios: Scenario[];
  /** Every scenario, selected or not: the answer checks use their identities. */
  allScenarios: Record<ScenarioId, Scenario>;
  plans: LoadPlan[];
  auth: (i: Identity) => string | undefined;
  cursors: Map<ScenarioId, number>;
  logDir: string;
  log: (line: string) => void;
}): Promise<GatewayTurn> {
  const def = GATEWAYS[o.gateway];
  const started = Date.now();
  const subgraphs = await o.pool.forGateway(o.gateway, { ...def.subgraphEnv, ...(o.gateway === 'ours' ? deployment().ours : {}) });
  let gateway: Part | undefined;
  try {
    const supergraphCopy = writeSupergraphCopy(subgraphs.urls, path.join(o.logDir, `supergraph-${o.gateway}.graphql`));
    gateway = def.start({ port: o.port, subgraphUrls: subgraphs.urls, supergraphCopy, logDir: o.logDir, turn: o.gateway });
    await subgraphs.ready;
    await waitForGateway(gateway, o.port);
    o.log(`${def.label}: up in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${gateway.pid})`);
    const url = `http://127.0.0.1:${o.port}/graphql`;
    const turn: GatewayTurn = { measurements: [], answers: await askChecks(url, o.allScenarios, o.auth), hwmMb: 0, backendSettings: {} };
    const rss = watchRss(gateway.pid);
    for (const plan of o.plans) {
      const settings = await o.backends.setLatency(plan.latency);
      turn.backendSettings[plan.kind] = Object.fromEntries(BACKENDS.map((b) => [b, { latencyMs: settings[b].latencyMs, jitter: settings[b].jitter }])) as any;
      for (const s of o.scenarios) {
        const spec = plan.runs[s.id];
        const job = jobFor(s, spec, plan.kind, o.cursors, o.auth, url);
        // The preflight asks what the warm-up asks first, so it warms nothing the window asks.
        const w = job.warmup ?? job.measure;
        const pre = w.variables[(Number(w.cursor) || 0) % w.variables.length];
        const check = await preflight(url, s, pre, o.auth(s.identity));
        const subgraphCpu = () => Object.fromEntries(SUBGRAPHS.map((n) => [n, cpuMs(subgraphs.parts[n].pid)])) as Record<Subgraph, number>;
        let cpu0 = { gw: 0, sub: 0, be: 0, lg: 0, machine: 0, harness: 0, each: subgraphCpu() };
        let t0 = 0;
        const { result } = await o.load.run(job, async () => {
          // Requests the warm-up abandoned are still being answered: let them finish first.
          await o.backends.settle();
          await o.backends.resetStats();
          rss.reset();
          cpu0 = { gw: cpuMs(gateway!.pid), sub: cpuOf(Object.values(subgraphs.parts)), be: cpuMs(o.backends.part.pid), lg: cpuMs(o.load.part.pid), machine: machineBusyMs(), harness: harnessMs(), each: subgraphCpu() };
          t0 = performance.now();
        });
        // Same for the window's own tail: its abandoned requests were sent in the window.
        const calls = await o.backends.settle();
        assertAlive([gateway, ...Object.values(subgraphs.parts), o.backends.part, o.load.part]);
        const rssPeak = rss.peak();
        const wallMs = performance.now() - t0;
        const gwCpu = cpuMs(gateway.pid) - cpu0.gw;
        const sent = Math.max(1, result.sent);
        const per = (x: number) => x / sent;
        const each = subgraphCpu();
        const used = { sub: cpuOf(Object.values(subgraphs.parts)) - cpu0.sub, be: cpuMs(o.backends.part.pid) - cpu0.be, lg: cpuMs(o.load.part.pid) - cpu0.lg };
        const foreign = machineBusyMs() - cpu0.machine - gwCpu - used.sub - used.be - used.lg - (harnessMs() - cpu0.harness);
        if (s.rotation === 'carry') o.cursors.set(s.id, result.cursor);
        const failed = result.non2xx + result.socketErrors + result.timeouts + result.graphqlErrors;
        const m: Measurement = {
          gateway: o.gateway, scenario: s.id, load: plan.kind, connections: job.connections, durationSec: result.durationSec,
          sent: result.sent, completed: result.completed, rps: result.rps, p50: result.p50, p90: result.p90, p99: result.p99, mean: result.mean,
          failed,
          failures: { non2xx: result.non2xx, socketErrors: result.socketErrors, timeouts: result.timeouts, graphqlErrors: result.graphqlErrors, first: result.firstError },
          cpuMsPerRequest: per(gwCpu),
          cpuCores: gwCpu / wallMs,
          rssPeakMb: rssPeak,
          backendCalls: Object.fromEntries(BACKENDS.map((b) => [b, per(calls[b])])) as Record<Backend, number>,
          backendCallsPerQuery: per(BACKENDS.reduce((sum, b) => sum + calls[b], 0)),
          otherCpuMsPerRequest: { subgraphs: per(used.sub), backends: per(used.be), loadGenerator: per(used.lg) },
          subgraphCpuMsPerRequest: Object.fromEntries(SUBGRAPHS.map((n) => [n, per(each[n] - cpu0.each[n])])) as Record<Subgraph, number>,
          foreignCores: Math.max(0, foreign) / wallMs,
          distinct: Math.min(result.sent, job.measure.variables.length),
          preflight: check,
        };
        turn.measurements.push(m);
        const n = (x: number | null, d = 1) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(d));
        o.log(`  ${plan.kind.padEnd(10)} ${s.id.padEnd(9)} ${n(m.rps).padStart(8)} req/s  p50 ${n(m.p50)} ms  p99 ${n(m.p99)} ms  ` +
          `cpu ${n(m.cpuMsPerRequest, 2)} ms/req  rss ${n(m.rssPeakMb, 0)} MB  calls ${n(m.backendCallsPerQuery, 2)}/q  n=${m.completed}` +
          (m.foreignCores > 0.2 ? `  (others on the machine: ${n(m.foreignCores, 2)} cores)` : '') +
          (failed ? `  FAILED ${failed} (${result.firstError?.slice(0, 120)})` : '') + (check.startsWith('ok') ? '' : `  preflight: ${check}`));
      }
    }
    turn.hwmMb = hwmMb(gateway.pid);
    rss.stop();
    return turn;
  } finally {
    if (gateway) await stopPart(gateway);
  }
}
