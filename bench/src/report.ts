/** The record of a run: JSON (everything) and Markdown (the tables), timestamped, plus latest.*. */
import type { AnswerComparison } from './answers.ts';
import type { Floor } from './floor.ts';
import type { GatewayId } from './gateways.ts';
import type { Machine } from './machine.ts';
import { runName, writeRecord } from './output.ts';
import type { LoadKind, LoadPlan, Measurement } from './run.ts';
import type { ScenarioId } from './scenarios.ts';
import { SUBGRAPHS, type Backend } from './stack.ts';

export interface Results {
  mode: 'quick' | 'full';
  /** embedded (in-memory caches, PGlite, development mode) or deployed (Redis, PostgreSQL, ours in production mode): deployment.ts. */
  rowSet?: 'embedded' | 'deployed';
  startedAt: string;
  wallSec: number;
  /** os.loadavg() when the run started and ended: 1, 5, 15 minutes. */
  loadAverage: { start: number[]; end: number[] };
  machine: Machine;
  auth: string;
  plans: LoadPlan[];
  scenarios: { id: ScenarioId; title: string; variableSets: number }[];
  gateways: { id: GatewayId; label: string; hwmMb: number }[];
  backendSettings: Partial<Record<LoadKind, Record<Backend, { latencyMs: number; jitter: number }>>>;
  /** Floor per scenario for the latency runs' backend settings. */
  floors: Partial<Record<ScenarioId, Floor>>;
  /** Gateways that could not be measured, and why. */
  failures: { gateway: GatewayId; error: string }[];
  /** Each gateway's answers to fixed queries against stock's (answers.ts). */
  answers: AnswerComparison[];
  measurements: Measurement[];
  ratios: Ratio[];
}

export interface Ratio {
  scenario: ScenarioId;
  load: LoadKind;
  versus: 'stock' | 'hive';
  /** ours / peer: > 1 means ours serves more. */
  rps: number;
  /** ours / peer: < 1 means ours is faster / cheaper. */
  p50: number;
  p99: number;
  cpuPerRequest: number;
}

export function ratios(ms: Measurement[]): Ratio[] {
  const out: Ratio[] = [];
  for (const m of ms.filter((x) => x.gateway === 'ours')) {
    for (const versus of ['stock', 'hive'] as const) {
      const p = ms.find((x) => x.gateway === versus && x.scenario === m.scenario && x.load === m.load);
      if (!p) continue;
      // A run with no completed request has no percentiles (null in JSON): no ratio either.
      const div = (a: number | null, b: number | null) => (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
      out.push({ scenario: m.scenario, load: m.load, versus, rps: div(m.rps, p.rps), p50: div(m.p50, p.p50), p99: div(m.p99, p.p99), cpuPerRequest: div(m.cpuMsPerRequest, p.cpuMsPerRequest) });
    }
  }
  return out;
}

const f = (x: number | null, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–');
const short: Record<Backend, string> = { market: 'm', tax: 't', 'medical-insurance': 'mi', 'real-estate': 're' };
const calls = (m: Measurement) => {
  const by = (Object.keys(short) as Backend[]).map((b) => f(m.backendCalls[b], Number.isInteger(Math.round(m.backendCalls[b] * 100) / 100) ? 0 : 2)).join('/');
  return `${f(m.backendCallsPerQuery, 2)} (${by})`;
};
const failed = (m: Measurement) => (m.failed ? `**${m.failed}** of ${m.sent}` : '0');

export function markdown(r: Results): string {
  const label = Object.fromEntries(r.gateways.map((g) => [g.id, g.label]));
  const L: string[] = [];
  const mach = r.machine;
  L.push(`# Gateway benchmark — ${r.mode} run, ${r.rowSet ?? 'embedded'} row set, ${r.startedAt}`, '');
  L.push(r.rowSet === 'deployed'
    ? 'Built JavaScript; Redis and PostgreSQL as deployed; ours (gateway and subgraphs) in production mode, the peers\' subgraphs in development mode (production refuses the unsigned calls the peers make).'
    : 'Built JavaScript; in-memory caches and PGlite, development mode (production refuses to run without Redis and PostgreSQL: see the deployed row set, `--deployed`).', '');
  L.push(`- Machine: ${mach.cpuModel}, ${mach.cores} cores, ${f(mach.memoryGb)} GB, ${mach.kernel}; everything (backends, 5 subgraphs, gateway, load generator) on this one machine.`);
  L.push(`- Node ${mach.node}; ${Object.entries(mach.versions).map(([k, v]) => `${k} ${v}`).join(', ')}; commit ${mach.commit}; ${mach.backingServices}; auth: ${r.auth}.`);
  const span = (x: { seconds?: number; amount?: number }, halves: boolean) =>
    x.seconds !== undefined ? `${x.seconds} s` : x.amount !== undefined ? `${x.amount} requests` : halves ? 'each building of its half once' : '–';
  for (const p of r.plans) {
    const s = r.backendSettings[p.kind];
    const lat = s ? Object.entries(s).map(([b, v]) => `${b} ${v.latencyMs} ms${v.jitter ? ` ±${Math.round(v.jitter * 100)}%` : ''}`).join(', ') : '';
    L.push(`- ${p.kind} runs: backend latency ${p.latency === 'zero' ? '0' : lat}; backend rate limits off.`);
    for (const [id, run] of Object.entries(p.runs)) {
      if (!r.scenarios.some((x) => x.id === id)) continue;
      L.push(`  - ${id}: ${run.connections} connection${run.connections > 1 ? 's' : ''}, warm-up ${id === 'dashboard-warm' ? 'the window\'s own buildings, once each' : span(run.warmup, false)} (excluded), window ${span(run.measure, id.startsWith('dashboard'))}`);
    }
  }
  L.push(`- Wall time of the whole run: ${f(r.wallSec / 60)} min. Load average at start ${r.loadAverage.start.map((x) => f(x, 2)).join(' ')}, at end ${r.loadAverage.end.map((x) => f(x, 2)).join(' ')}.`);
  const disturbed = r.measurements.filter((m) => m.foreignCores > 0.2);
  if (disturbed.length) L.push(`- **Disturbed:** in ${disturbed.length} of ${r.measurements.length} windows other processes on the machine used more than 0.2 cores (see the CPU table); compare those numbers with care.`);
  L.push('');
  L.push('Scenarios:', ...r.scenarios.map((s) => `- ${s.title}`), '');
  L.push('Columns: req/s = completed requests per second of the measured window; p50/p99 = response time, ms;',
    'CPU/req = gateway process user+system CPU per request, ms; RSS = peak resident memory of the gateway process in the window;',
    'calls/q = backend calls per query, total (market/tax/medical-insurance/real-estate); failed = non-2xx, socket errors, timeouts and responses carrying GraphQL errors.', '');

  for (const p of r.plans) {
    const rows = r.measurements.filter((m) => m.load === p.kind);
    if (!rows.length) continue;
    const latency = p.kind === 'latency';
    L.push(`## ${latency ? 'Latency runs (default backend latencies)' : 'Throughput runs (backend latency 0)'}`, '');
    L.push(`| scenario | gateway | req/s | p50 ms | p99 ms |${latency ? ' floor ms | p50/floor | rate-limited floor ms | p50/rate-limited |' : ''} CPU/req ms | RSS MB | calls/q | failed |`);
    L.push(`|---|---|--:|--:|--:|${latency ? '--:|--:|--:|--:|' : ''}--:|--:|---|--:|`);
    for (const m of rows) {
      const floor = r.floors[m.scenario]?.ms;
      // The rate-limited floor bounds the cold path only: a warm or cached answer asks no department.
      const limited = m.scenario === 'dashboard' ? r.floors[m.scenario]?.rateLimitedMs : undefined;
      const limitedCells = limited === undefined ? ' — | — |' : ` ${f(limited, 0)} | ${f(m.p50 / limited, 2)} |`;
      L.push(`| ${m.scenario} | ${label[m.gateway]} | ${f(m.rps)} | ${f(m.p50)} | ${f(m.p99)} |${latency ? ` ${f(floor ?? NaN, 0)} | ${f(m.p50 / (floor ?? NaN), 2)} |${limitedCells}` : ''} ${f(m.cpuMsPerRequest, 2)} | ${f(m.rssPeakMb, 0)} | ${calls(m)} | ${failed(m)} |`);
    }
    L.push('');
  }

  if (r.ratios.length) {
    L.push('## Ratios, ours / peer, same run', '', 'req/s: above 1 = ours serves more. p50, p99, CPU/req: below 1 = ours is faster / cheaper.', '');
    L.push('| scenario | load | vs | req/s | p50 | p99 | CPU/req |', '|---|---|---|--:|--:|--:|--:|');
    for (const x of r.ratios) L.push(`| ${x.scenario} | ${x.load} | ${x.versus === 'stock' ? 'stock' : 'Hive'} | ${f(x.rps, 2)}× | ${f(x.p50, 2)} | ${f(x.p99, 2)} | ${f(x.cpuPerRequest, 2)} |`);
    L.push('');
  }

  L.push('## Where the CPU went (throughput runs, ms per request)', '');
  L.push('Last column: CPU taken by processes outside the bench during the window (other sessions on a shared machine), in cores; above ~0.2 the run was disturbed.', '');
  L.push('| scenario | gateway | gateway | 5 subgraphs | 4 backends | load generator | gateway cores busy | others, cores |', '|---|---|--:|--:|--:|--:|--:|--:|');
  for (const m of r.measurements.filter((x) => x.load === 'throughput')) {
    const o = m.otherCpuMsPerRequest;
    L.push(`| ${m.scenario} | ${label[m.gateway]} | ${f(m.cpuMsPerRequest, 2)} | ${f(o.subgraphs, 2)} | ${f(o.backends, 2)} | ${f(o.loadGenerator, 2)} | ${f(m.cpuCores, 2)} | ${f(m.foreignCores, 2)} |`);
  }
  L.push('');
  L.push('The 5 subgraphs one by one (throughput runs, ms per request):', '');
  L.push(`| scenario | gateway | ${SUBGRAPHS.join(' | ')} |`, `|---|---|${SUBGRAPHS.map(() => '--:|').join('')}`);
  for (const m of r.measurements.filter((x) => x.load === 'throughput' && x.subgraphCpuMsPerRequest)) {
    L.push(`| ${m.scenario} | ${label[m.gateway]} | ${SUBGRAPHS.map((n) => f(m.subgraphCpuMsPerRequest[n], 2)).join(' | ')} |`);
  }
  L.push('');

  const floors = Object.entries(r.floors);
  if (floors.length) {
    L.push('## Floors (latency runs)', '', 'Sum over the query plan\'s sequential stages of the slowest configured base backend latency in each stage (services: no backend, 0 ms).', '');
    for (const [id, fl] of floors) L.push(`- ${id}: ${fl!.stages} = **${fl!.ms} ms**${fl!.rateLimitedMs !== fl!.ms ? `; rate-limited, cold (each department's batch size and concurrency cap): **${fl!.rateLimitedMs} ms**` : ''}`);
    L.push('');
  }
  if (r.answers.length) {
    L.push(`## Answers compared with ${label[r.answers[0].reference]}`, '', 'Fixed queries asked of each gateway before its load; JSON compared with keys sorted.', '');
    L.push('| gateway | check | bytes (reference) | answer |', '|---|---|--:|---|');
    for (const a of r.answers) L.push(`| ${label[a.gateway]} | ${a.check} | ${a.bytes} (${a.referenceBytes}) | ${a.difference ? `**differs** at \`${a.difference.replaceAll('|', '\\|').replaceAll('`', "'")}\`` : 'identical'} |`);
    L.push('');
  }
  for (const x of r.failures) L.push(`**${label[x.gateway] ?? x.gateway} could not be measured:** ${x.error}`, '');
  const notes = r.measurements.filter((m) => !m.preflight.startsWith('ok') || m.failures.first);
  if (notes.length) {
    L.push('## Errors seen', '');
    for (const m of notes) L.push(`- ${m.gateway} ${m.load} ${m.scenario}: preflight ${m.preflight}${m.failures.first ? `; first failure: \`${m.failures.first.replaceAll('`', "'").slice(0, 200)}\`` : ''}`);
    L.push('');
  }
  L.push(`Peak RSS over each gateway's life (VmHWM): ${r.gateways.map((g) => `${g.label} ${f(g.hwmMb, 0)} MB`).join(', ')}.`, '');
  return L.join('\n');
}

/** Writes <stamp>-<mode>.{md,json} and latest.{md,json} into `dir` (output.ts); returns the Markdown path. */
export function writeResults(dir: string, r: Results): string {
  return writeRecord(dir, runName(r.startedAt, r.rowSet === 'deployed' ? `${r.mode}-deployed` : r.mode), { md: markdown(r), json: `${JSON.stringify(r, null, 2)}\n` });
}
