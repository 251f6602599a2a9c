import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { PARTS, portOf } from '@district/parts';

/**
 * Parts of the stack as child processes, the way they run in production (`node --import tsx
 * <part>/src/main.ts`), for tests that signal or kill them. Each waits for the part's start line,
 * within a limit that fits a loaded machine, and keeps its output for assertions and for the
 * failure message.
 */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A part's main module, relative to the repository: e.g. `gateway/src/main.ts`. */
export type PartEntry = string;

export interface PartProcess {
  child: ChildProcess;
  /** The URL from the part's start line. */
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const PART_START_TIMEOUT_MS = 90_000;

/** Runs `node --import tsx <entry>` with this environment until it exits; resolves with its output. */
export function runToExit(entry: PartEntry, env: NodeJS.ProcessEnv, timeoutMs = PART_START_TIMEOUT_MS): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit within ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts a part and resolves once its start line (matched by `started`, whose first group is the
 * URL) appears; rejects with its output if it exits first or takes longer than the limit.
 */
export function startPart(entry: PartEntry, env: NodeJS.ProcessEnv, started: RegExp, timeoutMs = PART_START_TIMEOUT_MS): Promise<PartProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${timeoutMs} ms: ${out}`));
    }, timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = started.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code ?? signal}) before it started: ${out}`));
    });
  });
}

/** Kills what is still running (afterAll). */
export function killAll(parts: (PartProcess | undefined)[]): void {
  for (const p of parts) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}

/**
 * A PORT_BASE whose ports (every part's: base … base+6, base+1001 … base+1004, @district/parts) nobody listens
 * on now, all below the kernel's ephemeral range: a port in that range can be handed to any other
 * process's outgoing connection or port-0 listener between this check and the stack's start.
 */
export async function freeBase(): Promise<number> {
  const free = (port: number) => new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  const highest = ephemeralStart() - 1 - 1004;
  for (let tries = 0; tries < 50; tries++) {
    const base = 10_000 + Math.floor(Math.random() * (highest - 10_000));
    if ((await Promise.all(PARTS.map((p) => free(portOf(p, { PORT_BASE: String(base) }))))).every(Boolean)) return base;
  }
  throw new Error('no free PORT_BASE found');
}

/** The first port the kernel hands out on its own (Linux's default when it cannot be read). */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}
