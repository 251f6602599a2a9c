/**
 * `npm run bench [-- --quick] [--gateways ours,stock,hive] [--scenarios lifecycle,dashboard,cached,dashboard-warm]
 *  [--loads throughput,latency] [--profile] [--record] [--deployed]`
 *
 * Starts the department stand-ins and a load generator once, then for each gateway in turn: fresh
 * subgraphs, the gateway, throughput runs (backend latency 0) and latency runs (the stand-ins'
 * default latencies) of every scenario. Writes <stamp>-<mode>.{md,json} and latest.{md,json} to
 * bench/results/local/ (git-ignored), or with --record to bench/results/ for committing
 * (output.ts). Child processes' logs go to bench/.logs/<stamp>/. See bench/README.md.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compareAnswers, type Answers } from './answers.ts';
import { authMode, tokensFor } from './auth.ts';
import { queryPlanner, type Floor } from './floor.ts';
import { GATEWAYS, GATEWAY_IDS, SUPERGRAPH, type GatewayId } from './gateways.ts';
import { startLoadGenerator } from './load.ts';
import { describeMachine } from './machine.ts';
import { freePort, installCleanup, isStopping, liveParts, stopParts } from './procs.ts';
import { resultsDir } from './output.ts';
import { profileOurs } from './profile.ts';
import { ratios, writeResults, type Results } from './report.ts';
import { runGateway, type LoadPlan, type Measurement } from './run.ts';
import { buildScenarios, SCENARIO_IDS, type ScenarioId } from './scenarios.ts';
import { BACKENDS, REPO, build, startBackends, subgraphPool, type Backend } from './stack.ts';
import { deployed, useDeployment } from './deployment.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    gateways: { type: 'string', default: GATEWAY_IDS.join(',') },
    scenarios: { type: 'string', default: SCENARIO_IDS.join(',') },
    loads: { type: 'string', default: 'throughput,latency' },
    profile: { type: 'boolean', default: false },
    'profile-seconds': { type: 'string', default: '20' },
    record: { type: 'boolean', default: false },
    deployed: { type: 'boolean', default: false },
  },
});
const outDir = resultsDir(path.join(REPO, 'bench'), { record: args.record! });

function list<T extends string>(raw: string, allowed: readonly T[], what: string): T[] {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (!allowed.includes(i as T)) throw new Error(`unknown ${what} "${i}"; one of ${allowed.join(', ')}`);
  return items as T[];
}

const gatewayIds = list(args.gateways!, GATEWAY_IDS, 'gateway');
const scenarioIds = list(args.scenarios!, SCENARIO_IDS, 'scenario');
const loadKinds = list(args.loads!, ['throughput', 'latency'] as const, 'load');

// Durations. Full: about 10 minutes for 3 gateways × 3 scenarios × 2 loads on two cores. Quick:
// the same table from 2-second windows, under two minutes (most of it is starting 3 stacks).
// Connections: throughput runs keep enough requests in flight to saturate the machine (a dashboard
// costs ~200× a lifecycle query, so fewer); latency runs send one request at a time, so p50 is the
// unloaded latency that the floor bounds.
const quick = args.quick!;
const PLANS: LoadPlan[] = ([
  {
    kind: 'throughput', latency: 'zero', runs: {
      lifecycle: { connections: 32, warmup: { seconds: quick ? 1 : 5 }, measure: { seconds: quick ? 2 : 30 } },
      dashboard: { connections: 4, warmup: { amount: quick ? 1 : 8 }, measure: quick ? { amount: 4 } : {} },
      cached: { connections: 32, warmup: { seconds: quick ? 1 : 5 }, measure: { seconds: quick ? 2 : 30 } },
      // The warm-up reads the window's own buildings (rotation 'warm'): its span is the window's.
      'dashboard-warm': { connections: 4, warmup: { amount: 0 }, measure: quick ? { amount: 4 } : {} },
    },
  },
  {
    kind: 'latency', latency: 'default', runs: {
      lifecycle: { connections: 1, warmup: { seconds: quick ? 0.5 : 3 }, measure: { seconds: quick ? 1 : 20 } },
      dashboard: { connections: 1, warmup: { amount: 1 }, measure: quick ? { amount: 1 } : {} },
      cached: { connections: 1, warmup: { seconds: quick ? 0.5 : 3 }, measure: { seconds: quick ? 1 : 20 } },
      'dashboard-warm': { connections: 1, warmup: { amount: 0 }, measure: quick ? { amount: 1 } : {} },
    },
  },
] satisfies LoadPlan[]).filter((p) => loadKinds.includes(p.kind));

/** The throwaway turn that warms the backends before the first measured one. */
const WARM_UP_PLANS: LoadPlan[] = [{
  kind: 'throughput', latency: 'zero', runs: {
    lifecycle: { connections: 32, warmup: { seconds: 2 }, measure: { seconds: 8 } },
    dashboard: { connections: 4, warmup: { amount: 4 }, measure: { amount: 8 } },
    cached: { connections: 32, warmup: { seconds: 1 }, measure: { seconds: 2 } },
    'dashboard-warm': { connections: 4, warmup: { amount: 0 }, measure: { amount: 4 } },
  },
}];

const startedAt = new Date();
const loadAtStart = os.loadavg();
const stamp = startedAt.toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
const logDir = path.join(REPO, 'bench/.logs', stamp);
mkdirSync(logDir, { recursive: true });
const log = (line: string) => console.log(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);

installCleanup();
log(`results will go to ${path.relative(REPO, outDir)}/${args.record ? ' (--record: for committing)' : ' (not tracked; --record writes bench/results/ for committing)'}`);
try {
  const { scenarios: all, asOf, bigBuildings } = buildScenarios();
  const scenarios = scenarioIds.map((id) => all[id]);
  log(`${quick ? 'quick' : 'full'} run: ${gatewayIds.join(', ')} × ${scenarioIds.join(', ')} × ${loadKinds.join(', ')}; ${bigBuildings.length} big buildings; logs in ${path.relative(REPO, logDir)}`);
  // Deployed: Redis and PostgreSQL, ours in production mode, tokens from the bench's own JWKS (deployment.ts).
  const set = args.deployed ? await deployed(stamp, logDir, Object.values(all).map((s) => s.query)) : undefined;
  if (set) useDeployment(set);
  const identities = Object.values(all).map((s) => s.identity);
  const auth = set?.tokens ? await set.tokens(identities) : await tokensFor(identities);
  const authDescription = set ? 'tokens signed by the bench\'s JSON Web Key Set (production mode)' : { none: 'no Authorization header (no scripts/token.ts)', env: 'BENCH_TOKEN', script: 'tokens from scripts/token.ts' }[authMode()];

  log('npm run build: the bench runs the built JavaScript, as production does');
  build();
  const backends = await startBackends(logDir);
  const load = startLoadGenerator(logDir);
  const pool = subgraphPool(backends, logDir, asOf, { reuseServices: quick });
  const port = await freePort();
  log(`backends up (${BACKENDS.map((b) => backends.urls[b]).join(' ')}); gateways will listen on :${port}`);

  // The floor is computed for the latency runs' backend settings (base latency, jitter ignored).
  const defaults = await backends.setLatency('default');
  const plan = queryPlanner(SUPERGRAPH);
  const floors: Partial<Record<ScenarioId, Floor>> = {};
  const latencyMs = Object.fromEntries(BACKENDS.map((b) => [b, defaults[b].latencyMs])) as Record<Backend, number>;
  for (const s of scenarios) floors[s.id] = plan(s.query, latencyMs, s.listSize ?? 1);

  // The backends are one long-lived process for every turn: whichever gateway went first met them
  // with cold code (the backends' CPU per dashboard fell from ~210 to ~120 ms over the first two
  // turns). A throwaway turn, not recorded, warms them for everyone alike.
  if (!quick) {
    log('warming the backends with a throwaway turn of stock @apollo/gateway (not recorded)');
    await runGateway({ gateway: 'stock', port, backends, pool, load, scenarios, allScenarios: all, plans: WARM_UP_PLANS, auth, cursors: new Map(), logDir, log: () => {} });
  }

  const measurements: Measurement[] = [];
  const hwm: Partial<Record<GatewayId, number>> = {};
  const answers: Partial<Record<GatewayId, Answers>> = {};
  let backendSettings: Results['backendSettings'] = {};
  const failures: { gateway: GatewayId; error: string }[] = [];
  for (const gateway of gatewayIds) {
    // Each gateway starts from the same cursor, so all three are asked the same enterprises.
    try {
      const turn = await runGateway({ gateway, port, backends, pool, load, scenarios, allScenarios: all, plans: PLANS, auth, cursors: new Map(), logDir, log });
      measurements.push(...turn.measurements);
      hwm[gateway] = turn.hwmMb;
      answers[gateway] = turn.answers;
      backendSettings = { ...backendSettings, ...turn.backendSettings };
    } catch (error) {
      // One gateway failing (say a peer's release breaks) must not cost the others' numbers.
      if (isStopping()) throw error;
      log(`${GATEWAYS[gateway].label} FAILED: ${(error as Error).message}`);
      failures.push({ gateway, error: (error as Error).message });
    }
  }

  const results: Results = {
    mode: quick ? 'quick' : 'full',
    rowSet: set ? 'deployed' : 'embedded',
    startedAt: startedAt.toISOString(),
    wallSec: (Date.now() - startedAt.getTime()) / 1000,
    loadAverage: { start: loadAtStart, end: os.loadavg() },
    machine: describeMachine(),
    auth: authDescription,
    plans: PLANS,
    scenarios: scenarios.map((s) => ({ id: s.id, title: s.title, variableSets: s.variables.length })),
    gateways: gatewayIds.map((id) => ({ id, label: GATEWAYS[id].label, hwmMb: hwm[id] ?? NaN })),
    backendSettings,
    floors: loadKinds.includes('latency') ? floors : {},
    failures,
    answers: compareAnswers(answers),
    measurements,
    ratios: ratios(measurements),
  };
  const file = writeResults(outDir, results);
  log(`results: ${path.relative(REPO, file)} (and ${path.relative(REPO, outDir)}/latest.md, latest.json)`);
  if (failures.length) process.exitCode = 1;

  if (args.profile) {
    await backends.setLatency('zero');
    const summary = await profileOurs({ pool, load, port, scenario: all.lifecycle, auth, logDir, outDir, seconds: Number(args['profile-seconds']), stamp, log });
    log(`profile: ${path.relative(REPO, summary)}`);
  }
  await stopParts(liveParts());
  await set?.close();
  process.exit(process.exitCode ?? 0);
} catch (error) {
  if (isStopping()) await new Promise(() => {}); // the signal handler stops the children and exits
  console.error(`bench failed: ${(error as Error)?.stack ?? error}`);
  await stopParts(liveParts());
  process.exit(1);
}
