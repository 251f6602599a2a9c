/**
 * `npm start`: the whole stack on embedded defaults, one process per deployable thing, the way
 * it runs in production: the four department stand-ins, five subgraphs, then the gateway.
 * Output lines are prefixed with their process; Ctrl-C stops everything cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';

interface Part {
  name: string;
  entry: string;
  ports: number[];
}

const port = (envName: string, fallback: number) => Number(process.env[envName] ?? fallback);
const PARTS: Part[] = [
  { name: 'backends', entry: 'backends/src/main.ts', ports: [port('MARKET_BACKEND_PORT', 5001), port('TAX_BACKEND_PORT', 5002), port('MEDICAL_INSURANCE_BACKEND_PORT', 5003), port('REAL_ESTATE_BACKEND_PORT', 5004)] },
  { name: 'market', entry: 'subgraphs/market/src/main.ts', ports: [port('MARKET_PORT', 4001)] },
  { name: 'tax', entry: 'subgraphs/tax/src/main.ts', ports: [port('TAX_PORT', 4002)] },
  { name: 'medical-insurance', entry: 'subgraphs/medical-insurance/src/main.ts', ports: [port('MEDICAL_INSURANCE_PORT', 4003)] },
  { name: 'real-estate', entry: 'subgraphs/real-estate/src/main.ts', ports: [port('REAL_ESTATE_PORT', 4004)] },
  { name: 'services', entry: 'subgraphs/services/src/main.ts', ports: [port('SERVICES_PORT', 4005)] },
  { name: 'gateway', entry: 'gateway/src/main.ts', ports: [port('GATEWAY_PORT', 4000)] },
];

const children: ChildProcess[] = [];
let stopping = false;

function portOpen(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(p, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPorts(part: Part, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${part.name} exited with code ${child.exitCode} while starting`);
    if ((await Promise.all(part.ports.map(portOpen))).every(Boolean)) return;
    await sleep(150);
  }
  throw new Error(`${part.name} did not open ports ${part.ports.join(', ')} within ${timeoutMs / 1000}s`);
}

function launch(part: Part): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', part.entry], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const prefix = `[${part.name}]`.padEnd(20);
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
    if (!stopping) {
      console.error(`${prefix} exited (${signal ?? code}); stopping the stack`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const c of [...children].reverse()) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.race([Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))), sleep(5_000)]);
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  const started = Date.now();
  const [backends, ...rest] = PARTS;
  await waitForPorts(backends, launch(backends));
  const subgraphs = rest.slice(0, -1);
  await Promise.all(subgraphs.map((p) => waitForPorts(p, launch(p))));
  const gateway = rest.at(-1)!;
  await waitForPorts(gateway, launch(gateway));
  const g = gateway.ports[0];
  console.log(`
District graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s
  GraphQL   http://127.0.0.1:${g}/graphql
  GraphiQL  http://127.0.0.1:${g}/
  health    http://127.0.0.1:${g}/health/ready
  metrics   http://127.0.0.1:${g}/metrics
  backends  market :5001  tax :5002  medical-insurance :5003  real-estate :5004  (GET /__sim/stats)
Ctrl-C stops everything.`);
} catch (error) {
  console.error(String((error as Error).message));
  await stop(1);
}
