/**
 * `--profile`: where the CPU goes under scenario 1. Starts fresh subgraphs and our gateway, each
 * under `node --cpu-prof`, drives the lifecycle scenario at throughput load (backend latency 0),
 * stops them cleanly (a profile is written on exit), and summarizes each .cpuprofile: self time by
 * function and by package. The profiled run is not in the results table
 * (the profiler costs throughput); it only says where the time goes.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GATEWAYS, waitForGateway, writeSupergraphCopy } from './gateways.ts';
import { stopPart } from './procs.ts';
import { REPO, SUBGRAPHS, type SubgraphPool } from './stack.ts';
import { deployment } from './deployment.ts';
import type { LoadGenerator } from './load.ts';
import type { Identity, Scenario } from './scenarios.ts';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** node_modules/@scope/name/… -> @scope/name; our own files -> their workspace path; node: -> node internals. */
function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native / V8)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node internals';
  const local = url.replace(/^file:\/\//, '');
  return local.startsWith(REPO) ? path.relative(REPO, local).split('/').slice(0, 2).join('/') : local;
}

/** …/node_modules/@apollo/gateway/dist/x.js -> @apollo/gateway/dist/x.js; repo files relative to the repo. */
function shortUrl(url: string): string {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const local = url.replace(/^file:\/\//, '');
  return local.startsWith(REPO) ? path.relative(REPO, local) : url;
}

/**
 * `window`: [from, to] in µs of the monotonic clock. V8 stamps samples with CLOCK_MONOTONIC, the
 * clock of process.hrtime in the harness, so only the measured window's samples are counted
 * (not start-up, module loading or warm-up).
 */
export function summarize(file: string, top = 25, window?: [number, number]): string {
  const p: CpuProfile = JSON.parse(readFileSync(file, 'utf8'));
  // Self time per node: each sample's time delta goes to the node it hit.
  const self = new Map<number, number>();
  let at = p.startTime;
  p.samples.forEach((id, i) => {
    at += p.timeDeltas[i] ?? 0;
    if (window && (at < window[0] || at > window[1])) return;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  // Inclusive: a sample counts for every package on its (synchronous) stack, once each. Work resumed
  // from a promise has only the microtask queue below it, so this understates async call chains.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const pkg = packageOf(url, functionName);
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where ? ` — ${where}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const cf = byId.get(at)!.callFrame;
      if (cf.url) onStack.add(packageOf(cf.url, cf.functionName));
    }
    for (const k of onStack) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`;
  const rows = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `Profile: ${path.relative(REPO, file)}; ${window ? 'measured window only, ' : ''}${(total / 1e6).toFixed(1)} s sampled, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)}%). Shares are of busy (non-idle) time.`,
    'Inclusive counts a sample for every package on its synchronous stack; work resumed from a promise has only the microtask queue below it, so async chains are understated.',
    '',
    '| package / area | self time | on the stack (inclusive) |', '|---|--:|--:|',
    ...rows(byPkg, 15).map(([k, t]) => `| ${k} | ${pct(t)} | ${inclusive.has(k) ? pct(inclusive.get(k)!) : '–'} |`),
    '',
    '| function | self time |', '|---|--:|',
    ...rows(byFn, top).map(([k, t]) => `| \`${k.replaceAll('|', '\\|')}\` | ${pct(t)} |`),
    '',
  ].join('\n');
}

/** The main thread's profile in `dir`: tsx's module hooks run on a loader thread that writes a smaller one of its own. */
function mainProfile(dir: string): string {
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  return file;
}

/**
 * Profiles our gateway and each of the five subgraphs (each under its own `node --cpu-prof`)
 * while scenario 1 runs at throughput load, and writes one summary per process: the gateway is
 * only part of the machine's work per request (see the CPU table), so the subgraphs are shown too.
 */
export async function profileOurs(o: {
  pool: SubgraphPool; load: LoadGenerator; port: number; scenario: Scenario; auth: (i: Identity) => string | undefined;
  logDir: string; outDir: string; seconds: number; stamp: string; log: (line: string) => void;
}): Promise<string> {
  const root = path.join(o.logDir, 'cpu-profile');
  const dirOf = (part: string) => path.join(root, part);
  const profiler = (part: string) => {
    mkdirSync(dirOf(part), { recursive: true });
    return ['--cpu-prof', `--cpu-prof-dir=${dirOf(part)}`];
  };
  const subgraphs = await o.pool.forGateway('profile', { ...GATEWAYS.ours.subgraphEnv, ...deployment().ours }, profiler);
  const copy = writeSupergraphCopy(subgraphs.urls, path.join(o.logDir, 'supergraph-profile.graphql'));
  const gw = GATEWAYS.ours.start({ port: o.port, subgraphUrls: subgraphs.urls, supergraphCopy: copy, logDir: o.logDir, nodeArgs: profiler('gateway'), turn: 'profile' });
  const window: [number, number] = [0, 0];
  let rps = 0;
  try {
    await subgraphs.ready;
    await waitForGateway(gw, o.port);
    const s = o.scenario;
    const authorization = o.auth(s.identity);
    const { result } = await o.load.run({
      url: `http://127.0.0.1:${o.port}/graphql`, operationName: 'Lifecycle', query: s.query, connections: 32,
      warmup: { variables: s.variables, authorization, cursor: 0, seconds: 3 },
      measure: { variables: s.variables, authorization, cursor: 'after-warmup', seconds: o.seconds },
    }, async () => { window[0] = Number(process.hrtime.bigint() / 1000n); });
    window[1] = Number(process.hrtime.bigint() / 1000n);
    rps = result.rps;
    o.log(`profiled ours and its subgraphs, lifecycle: ${rps.toFixed(1)} req/s under the profiler`);
  } finally {
    // SIGTERM: a clean exit, which is when node writes the profile.
    await stopPart(gw, 15_000);
    await o.pool.stop();
  }
  const parts = ['gateway', ...SUBGRAPHS];
  const sections = parts.map((part) => `## ${part === 'gateway' ? 'Gateway (ours)' : `Subgraph ${part}`}\n\n${summarize(mainProfile(dirOf(part)), part === 'gateway' ? 25 : 15, window)}`);
  mkdirSync(o.outDir, { recursive: true });
  const out = path.join(o.outDir, `profile-${o.stamp}.md`);
  writeFileSync(out, [
    '# CPU profile of ours and its subgraphs, scenario 1 (lifecycle), throughput load', '',
    `${rps.toFixed(1)} req/s under the profiler (it costs throughput; these numbers are not in the results table). Each process was profiled on its own; "busy" is the share of the window that process was on a core.`, '',
    ...sections,
  ].join('\n'));
  return out;
}
