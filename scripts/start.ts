/**
 * `npm start`: the whole stack on embedded defaults, one process per deployable thing, the way
 * it runs in production: the four department stand-ins, five subgraphs, then the gateway.
 *
 * Before anything starts, every part's settings are checked here, together, so an operator sees
 * every part's problems at once (one line each) instead of the first part's only. Output lines
 * are prefixed with their process. Ctrl-C (or SIGTERM) stops the stack gracefully: the gateway
 * first (it finishes what is in flight and writes the access records it owes to services), then
 * the subgraphs, then the stand-ins. A part that exits on its own stops the stack, exit code 1.
 *
 * With NODE_ENV=production (built as dist/scripts/start.js by `npm run build`; scripts/start.mjs
 * runs it) every part starts from its built JavaScript, `node <workspace>/dist/main.js`, with no
 * TypeScript loader; a missing build is told before anything starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import { ConfigError, ConfigProblems, DEFAULT_SHUTDOWN_GRACE_MS, UNDER_STACK, readShutdownGrace } from '@district/runtime';
import { BACKENDS, BUNDLE_WORKER, GATEWAY, SUBGRAPHS, portOf, portProblems, stackVariables, type SubgraphName } from '@district/parts';
import { readGatewayConfig } from '@district/gateway/config';
import { checkConfig as checkMarket } from '@district/subgraph-market/config';
import { checkConfig as checkTax } from '@district/subgraph-tax/config';
import { checkConfig as checkMedicalInsurance } from '@district/subgraph-medical-insurance/config';
import { checkConfig as checkRealEstate } from '@district/subgraph-real-estate/config';
import { checkConfig as checkServices } from '@district/subgraph-services/config';
import { NOT_BUILT, builtEntryOf, processOf } from './processes.ts';
import { checkWorkerConfig } from '@district/subgraph-services/worker/process';

const prefixOf = (name: string) => `[${name}]`.padEnd(20);

/** One process of the stack: the four stand-ins share one, every other part has its own. */
interface Part {
  name: string;
  entry: string;
  ports: number[];
  /** Throws a ConfigError with every problem of the part's settings. */
  check: (env: NodeJS.ProcessEnv) => unknown;
  /** Settings of this part only, over the stack's. */
  env?: Record<string, string>;
}

/** Each subgraph's settings check, by the parts list's names (a subgraph added there and not here fails to compile). */
const CHECKS: Record<SubgraphName, Part['check']> = {
  market: checkMarket, tax: checkTax, 'medical-insurance': checkMedicalInsurance, 'real-estate': checkRealEstate, services: checkServices,
};

const STACK_ENV = stackEnv();
/**
 * With PostgreSQL (DATABASE_URL) the bundle worker runs as its own process beside services
 * (BUNDLE_WORKER=false there), as in a cluster. The embedded PGlite store belongs to one process,
 * so without PostgreSQL services runs the worker itself, as it always did.
 */
const SEPARATE_WORKER = !!STACK_ENV.DATABASE_URL;
const PARTS: Part[] = [
  { name: 'backends', entry: BACKENDS[0].entry, ports: BACKENDS.map((b) => portOf(b, STACK_ENV)), check: () => undefined },
  ...SUBGRAPHS.map((s) => ({
    name: s.name, entry: s.entry, ports: [portOf(s, STACK_ENV)], check: CHECKS[s.name],
    ...(SEPARATE_WORKER && s.name === 'services' ? { env: { BUNDLE_WORKER: 'false' } } : {}),
  })),
  ...(SEPARATE_WORKER ? [{ name: BUNDLE_WORKER.name, entry: BUNDLE_WORKER.entry, ports: [portOf(BUNDLE_WORKER, STACK_ENV)], check: checkWorkerConfig }] : []),
  { name: 'gateway', entry: GATEWAY.entry, ports: [portOf(GATEWAY, STACK_ENV)], check: readGatewayConfig },
];

/**
 * The environment every part starts with: ours, plus where every part is (@district/parts) when
 * PORT_BASE or a port variable moved it, so each finds the others whatever moved them: a part's
 * port variable, the gateway's SUBGRAPH_<NAME>_URL, services' <DEPT>_SUBGRAPH_URL, a subgraph's
 * <DEPT>_BACKEND_URL, SERVICES_SUBGRAPH_URL. What is at its default is left unset, as a part
 * started alone would see it (medical insurance's production check wants its backend URL set
 * explicitly, say). Malformed port settings, or two parts on one port, stop here, all told.
 */
function stackEnv(): NodeJS.ProcessEnv {
  const problems = portProblems(process.env);
  if (problems.length) {
    problems.forEach((p) => process.stderr.write(`${prefixOf('start')} ${p}\n`));
    process.exit(1);
  }
  const defaults = stackVariables({});
  const moved = Object.entries(stackVariables(process.env)).filter(([name, value]) => value !== defaults[name]);
  return { ...process.env, ...Object.fromEntries(moved) };
}

/** Every part's settings problems, printed together; true when there are none. */
function checkAll(): boolean {
  let ok = true;
  const grace = new ConfigProblems();
  grace.read(() => readShutdownGrace(STACK_ENV));
  grace.forEach((p) => { ok = false; process.stderr.write(`${prefixOf('start')} ${p}\n`); });
  for (const part of PARTS) {
    try {
      part.check({ ...STACK_ENV, ...part.env });
    } catch (error) {
      ok = false;
      const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
      for (const p of problems) process.stderr.write(`${prefixOf(part.name)} ${p}\n`);
    }
  }
  return ok;
}

const children = new Map<Part, ChildProcess>();
let stopping = false;

function portOpen(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(p, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPorts(part: Part, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${part.name} exited while starting`);
    if ((await Promise.all(part.ports.map(portOpen))).every(Boolean)) return;
    await sleep(150);
  }
  throw new Error(`${part.name} did not open ports ${part.ports.join(', ')} within ${timeoutMs / 1000} s`);
}

const PRODUCTION = STACK_ENV.NODE_ENV === 'production';
/** The built module of a part's process (production). */
const builtOf = (part: Part) => builtEntryOf(processOf(part.name)!);

/** How a part's process starts: its built JavaScript in production (source maps for stack traces), its source through tsx otherwise. */
const argsOf = (part: Part) => (PRODUCTION ? ['--enable-source-maps', builtOf(part)] : ['--import', 'tsx', part.entry]);

function launch(part: Part): ChildProcess {
  // stdin is a pipe the part watches: if this process dies, the parts stop too (packages/runtime/src/graceful.ts).
  const child = spawn(process.execPath, argsOf(part), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...STACK_ENV, ...part.env, [UNDER_STACK]: '1' } });
  const prefix = prefixOf(part.name);
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    // Not asked to stop: the stack is incomplete without it.
    console.error(`${prefix} exited (${signal ?? `code ${code}`}); stopping the stack`);
    void stop(1);
  });
  children.set(part, child);
  return child;
}

const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;

/** SIGTERM to these parts, then their exit; SIGKILL for any still running after the grace (and a margin). */
async function stopParts(parts: Part[], graceMs: number): Promise<void> {
  const running = parts.map((p) => children.get(p)).filter((c): c is ChildProcess => !!c && !exited(c));
  for (const c of running) c.kill('SIGTERM');
  await Promise.race([Promise.all(running.map((c) => (exited(c) ? null : new Promise((r) => c.once('exit', r))))), sleep(graceMs + 6_000)]);
  for (const c of running) if (!exited(c)) c.kill('SIGKILL');
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  let graceMs = DEFAULT_SHUTDOWN_GRACE_MS;
  try {
    graceMs = readShutdownGrace(process.env);
  } catch {
    // told at start
  }
  // The gateway first: what it finishes still reaches the subgraphs, and its access records services.
  const gateway = PARTS.filter((p) => p.name === 'gateway');
  const backends = PARTS.filter((p) => p.name === 'backends');
  await stopParts(gateway, graceMs);
  await stopParts(PARTS.filter((p) => !gateway.includes(p) && !backends.includes(p)), graceMs);
  await stopParts(backends, graceMs);
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

if (!checkAll()) {
  console.error(`${prefixOf('start')} not starting: fix the settings above (README: "Ports", "Caches, timeouts and degradation", "Authentication and limits")`);
  process.exit(1);
}

const unbuilt = PRODUCTION ? PARTS.filter((p) => !existsSync(builtOf(p))) : [];
if (unbuilt.length) {
  console.error(`${prefixOf('start')} ${NOT_BUILT} (missing: ${unbuilt.map(builtOf).join(', ')})`);
  process.exit(1);
}

try {
  const started = Date.now();
  const [backends, ...rest] = PARTS;
  await waitForPorts(backends, launch(backends));
  const middle = rest.slice(0, -1);
  await Promise.all(middle.map((p) => waitForPorts(p, launch(p))));
  const subgraphs = middle.filter((p) => p.name !== BUNDLE_WORKER.name);
  const worker = middle.find((p) => p.name === BUNDLE_WORKER.name);
  const gateway = rest.at(-1)!;
  await waitForPorts(gateway, launch(gateway));
  // What is real: the ports each part was told and was seen listening on.
  const g = `http://127.0.0.1:${gateway.ports[0]}`;
  const listing = (names: string[], ports: number[]) => names.map((n, i) => `${n} :${ports[i]}`).join('  ');
  console.log(`
District graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s
  GraphQL   ${g}/graphql${PRODUCTION ? '' : `\n  GraphiQL  ${g}/`}
  workbench ${g}/workbench  (楼小二工作台, the building-service page)
  health    ${g}/health/ready
  metrics   ${g}/metrics
  subgraphs ${listing(subgraphs.map((p) => p.name), subgraphs.map((p) => p.ports[0]))}
  worker    ${worker ? `bundle-worker :${worker.ports[0]} (its own process: health and metrics)` : 'inside services (no DATABASE_URL: the embedded store is one process\'s)'}
  backends  ${listing(BACKENDS.map((b) => b.name), backends.ports)}  (GET /__sim/stats)
Ctrl-C stops everything.`);
} catch (error) {
  if (!stopping) {
    console.error(`${prefixOf('start')} ${(error as Error).message}; stopping the stack`);
    await stop(1);
  }
}
