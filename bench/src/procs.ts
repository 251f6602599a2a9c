/**
 * Child processes of the harness: every part of the stack (backends, each subgraph, the gateway
 * under test, the load generator) runs in a process of its own, so the gateway's CPU and memory
 * can be read from /proc for its pid alone, and a gateway never shares an event loop with the
 * subgraphs it calls.
 *
 * Each child is started detached (its own process group) so that stopping it also stops anything it
 * spawned, and so that a Ctrl-C in the terminal reaches only the harness, which then stops the
 * children in order instead of racing them. Every child ever started is tracked here and stopped on
 * exit, error, SIGINT or SIGTERM.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Part {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
}

const live = new Set<Part>();

/** Starts `node <args>` with stdout and stderr going straight to a log file (no piping through us). */
export function startPart(name: string, args: string[], options: { env: NodeJS.ProcessEnv; logFile: string; cwd?: string; ipc?: boolean }): Part {
  const fd = openSync(options.logFile, 'a');
  const stdio: SpawnOptions['stdio'] = options.ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd];
  const child = spawn(process.execPath, args, { env: options.env, cwd: options.cwd, stdio, detached: true });
  closeSync(fd); // the child holds its own copy
  if (child.pid === undefined) throw new Error(`${name}: could not start`);
  const part: Part = { name, child, pid: child.pid, logFile: options.logFile };
  live.add(part);
  child.once('exit', () => live.delete(part));
  return part;
}

function signalGroup(part: Part, signal: NodeJS.Signals): void {
  try {
    process.kill(-part.pid, signal); // the whole group: the child and anything it spawned
  } catch {
    try { part.child.kill(signal); } catch { /* already gone */ }
  }
}

/** SIGTERM (the parts shut down cleanly on it), then SIGKILL after a grace period. */
export async function stopPart(part: Part, graceMs = 5_000): Promise<void> {
  if (part.child.exitCode !== null || part.child.signalCode !== null) {
    live.delete(part);
    return;
  }
  const exited = new Promise<void>((resolve) => part.child.once('exit', () => resolve()));
  signalGroup(part, 'SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    signalGroup(part, 'SIGKILL');
    await exited;
  }
  live.delete(part);
}

export async function stopParts(parts: Part[]): Promise<void> {
  await Promise.all(parts.map((p) => stopPart(p)));
}

/** Last resort, synchronous (usable from an 'exit' handler): kill whatever is still running. */
function killAllNow(): void {
  for (const part of live) signalGroup(part, 'SIGKILL');
  live.clear();
}

let cleanupInstalled = false;
let stopping = false;
/** True once a signal asked us to stop: errors from children dying then are expected, not failures. */
export const isStopping = () => stopping;
/**
 * Installs the handlers that stop every child: on Ctrl-C / SIGTERM (orderly, then exit 130/143),
 * on an uncaught error, and on any exit as a synchronous backstop.
 */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    if (stopping) return;
    stopping = true;
    console.error(`\nbench: ${signal}, stopping ${live.size} child process(es)`);
    void stopParts([...live]).finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.on('exit', killAllNow);
}

export function liveParts(): Part[] {
  return [...live];
}

/**
 * A port free right now on 127.0.0.1, for a child to listen on. Chosen below the kernel's ephemeral
 * range: the load makes thousands of outgoing connections, each holding an ephemeral port, and a
 * port picked from that range (listen(0)) can be taken by one of them before the child binds it.
 */
const handedOut = new Set<number>();
export async function freePort(): Promise<number> {
  let low = 32768;
  try { low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low; } catch { /* not Linux */ }
  const from = Math.min(10_000, low - 2_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = from + Math.floor(Math.random() * (low - from));
    if (handedOut.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found below the ephemeral range');
}

/** Whether `pid` itself holds the listening socket on `port` (not some other process). */
function listensOn(pid: number, port: number): boolean {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = readFileSync(table, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A = LISTEN, inode is field 9.
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) inodes.add(f[9]);
    }
  }
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try { return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''); } catch { return false; }
    });
  } catch {
    return true; // no /proc: trust the open port
  }
}

/** Throws if a part has exited: numbers measured on a broken stack are worse than none. */
export function assertAlive(parts: Part[]): void {
  const dead = parts.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
  if (dead.length) throw new Error(`${dead.map((p) => `${p.name} exited (${p.child.signalCode ?? p.child.exitCode}; see ${p.logFile})`).join(', ')}`);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until the part listens on every port, failing fast (with the log's tail) if it exits. */
export async function waitForPorts(part: Part, ports: number[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (part.child.exitCode !== null || part.child.signalCode !== null) {
      throw new Error(`${part.name} exited (${part.child.signalCode ?? part.child.exitCode}) while starting; see ${part.logFile}`);
    }
    // Open, and held by this child: another process on the port must not pass for it.
    if ((await Promise.all(ports.map(portOpen))).every(Boolean)) {
      if (ports.every((p) => listensOn(part.pid, p))) return;
      throw new Error(`${part.name}: port ${ports.join(', ')} is held by another process; see ${part.logFile}`);
    }
    await sleep(100);
  }
  throw new Error(`${part.name} did not listen on ${ports.join(', ')} within ${timeoutMs / 1000} s; see ${part.logFile}`);
}
