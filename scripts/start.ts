/**
 * `npm start`: the whole stack on embedded defaults, one process per deployable thing, the way
 * it runs in production: the four department stand-ins, five subgraphs, then the gateway.
 *
 * Before anything starts, every part's settings are checked here, together, so an operator sees
 * every part's problems at once (one line each) instead of the first part's only. Output lines
 * are prefixed with their process. Ctrl-C (or SIGTERM) stops the stack gracefully: the gateway
 * first (it finishes what is in flight and writes the access records it owes to services), then
 * the subgraphs, then the stand-ins. A part that exits on its own stops the stack, exit code 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import { ConfigError, ConfigProblems, DEFAULT_SHUTDOWN_GRACE_MS, UNDER_STACK, env as envField, loadConfig, readShutdownGrace } from '@district/runtime';
import { DEFAULT_PORTS } from '@district/backends';
import { readGatewayConfig } from '@district/gateway/config';
import { checkConfig as checkMarket } from '@district/subgraph-market/config';
import { checkConfig as checkTax } from '@district/subgraph-tax/config';
import { checkConfig as checkMedicalInsurance } from '@district/subgraph-medical-insurance/config';
import { checkConfig as checkRealEstate } from '@district/subgraph-real-estate/config';
import { checkConfig as checkServices } from '@district/subgraph-services/config';
import { z } from 'zod';

interface Part {
  name: string;
  entry: string;
  ports: number[];
  /** Throws a ConfigError with every problem of the part's settings. */
  check: (env: NodeJS.ProcessEnv) => unknown;
}

const PORTS = loadPorts();
const PARTS: Part[] = [
  { name: 'backends', entry: 'backends/src/main.ts', ports: PORTS.backends, check: () => undefined },
  { name: 'market', entry: 'subgraphs/market/src/main.ts', ports: [PORTS.MARKET_PORT], check: checkMarket },
  { name: 'tax', entry: 'subgraphs/tax/src/main.ts', ports: [PORTS.TAX_PORT], check: checkTax },
  { name: 'medical-insurance', entry: 'subgraphs/medical-insurance/src/main.ts', ports: [PORTS.MEDICAL_INSURANCE_PORT], check: checkMedicalInsurance },
  { name: 'real-estate', entry: 'subgraphs/real-estate/src/main.ts', ports: [PORTS.REAL_ESTATE_PORT], check: checkRealEstate },
  { name: 'services', entry: 'subgraphs/services/src/main.ts', ports: [PORTS.SERVICES_PORT], check: checkServices },
  { name: 'gateway', entry: 'gateway/src/main.ts', ports: [PORTS.GATEWAY_PORT], check: readGatewayConfig },
];

/** The ports each part listens on, as the parts themselves read them (every malformed one told). */
function loadPorts() {
  const schema = z.object({
    GATEWAY_PORT: envField.port(4000),
    MARKET_PORT: envField.port(4001),
    TAX_PORT: envField.port(4002),
    MEDICAL_INSURANCE_PORT: envField.port(4003),
    REAL_ESTATE_PORT: envField.port(4004),
    SERVICES_PORT: envField.port(4005),
    MARKET_BACKEND_PORT: envField.port(DEFAULT_PORTS.market),
    TAX_BACKEND_PORT: envField.port(DEFAULT_PORTS.tax),
    MEDICAL_INSURANCE_BACKEND_PORT: envField.port(DEFAULT_PORTS['medical-insurance']),
    REAL_ESTATE_BACKEND_PORT: envField.port(DEFAULT_PORTS['real-estate']),
  });
  const problems = new ConfigProblems();
  const ports = problems.read(() => loadConfig(schema, process.env));
  if (!ports) {
    problems.forEach((p) => process.stderr.write(`[start] ${p}\n`));
    process.exit(1);
  }
  return { ...ports, backends: [ports.MARKET_BACKEND_PORT, ports.TAX_BACKEND_PORT, ports.MEDICAL_INSURANCE_BACKEND_PORT, ports.REAL_ESTATE_BACKEND_PORT] };
}

const prefixOf = (name: string) => `[${name}]`.padEnd(20);

/** Every part's settings problems, printed together; true when there are none. */
function checkAll(): boolean {
  let ok = true;
  const grace = new ConfigProblems();
  grace.read(() => readShutdownGrace(process.env));
  grace.forEach((p) => { ok = false; process.stderr.write(`${prefixOf('start')} ${p}\n`); });
  for (const part of PARTS) {
    try {
      part.check(process.env);
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

function launch(part: Part): ChildProcess {
  // stdin is a pipe the part watches: if this process dies, the parts stop too (packages/runtime/src/graceful.ts).
  const child = spawn(process.execPath, ['--import', 'tsx', part.entry], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, [UNDER_STACK]: '1' } });
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

try {
  const started = Date.now();
  const [backends, ...rest] = PARTS;
  await waitForPorts(backends, launch(backends));
  const subgraphs = rest.slice(0, -1);
  await Promise.all(subgraphs.map((p) => waitForPorts(p, launch(p))));
  const gateway = rest.at(-1)!;
  await waitForPorts(gateway, launch(gateway));
  const g = `http://127.0.0.1:${PORTS.GATEWAY_PORT}`;
  const production = process.env.NODE_ENV === 'production';
  const [market, tax, medicalInsurance, realEstate] = PORTS.backends;
  console.log(`
District graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s
  GraphQL   ${g}/graphql${production ? '' : `\n  GraphiQL  ${g}/`}
  health    ${g}/health/ready
  metrics   ${g}/metrics
  backends  market :${market}  tax :${tax}  medical-insurance :${medicalInsurance}  real-estate :${realEstate}  (GET /__sim/stats)
Ctrl-C stops everything.`);
} catch (error) {
  if (!stopping) {
    console.error(`${prefixOf('start')} ${(error as Error).message}; stopping the stack`);
    await stop(1);
  }
}
