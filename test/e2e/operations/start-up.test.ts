import { spawn } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { REPO, runToExit } from '../../src/processes.ts';

/**
 * What an operator sees when starting the parts: every problem of every part's settings at once,
 * one line each and no stack trace; and `npm start` (scripts/start.ts) stopping the whole stack
 * when a part dies, but not reporting a failure when it was asked to stop.
 */
const STACK_FRAME = /^\s+at /m;
const production = { ...process.env, NODE_ENV: 'production', REDIS_URL: '', DATABASE_URL: '', SUBGRAPH_CONTEXT_KEY: '' };

describe('settings checked at start-up', () => {
  it('a production gateway with nothing configured names every missing setting at once, one line each, and exits 78', async () => {
    const run = await runToExit('gateway/src/main.ts', production);
    expect(run.code).toBe(78);
    const lines = run.stderr.trim().split('\n');
    expect(lines.every((l) => l.startsWith('gateway: '))).toBe(true);
    expect(lines.map((l) => l.split(':')[1].trim())).toEqual(expect.arrayContaining(['REDIS_URL', 'GATEWAY_JWKS_URL', 'SUBGRAPH_CONTEXT_KEY']));
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('a malformed value is named with what it must be, beside the other problems', async () => {
    const run = await runToExit('subgraphs/tax/src/main.ts', { ...production, TAX_PORT: 'forty', TAX_MAX_CONCURRENCY: '0' });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('tax: TAX_PORT: must be a port number, 0–65535 (got "forty")');
    expect(run.stderr).toContain('tax: TAX_MAX_CONCURRENCY: must be a whole number, at least 1 (got "0")');
    expect(run.stderr).toMatch(/^tax: TAX_TOKEN: the development channel token is refused in production/m);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('npm start shows the problems of every part before starting any', async () => {
    const run = await runToExit('scripts/start.ts', production);
    expect(run.code).toBe(1);
    const out = run.stdout + run.stderr;
    for (const part of ['market', 'tax', 'medical-insurance', 'real-estate', 'services', 'gateway']) {
      expect(out, part).toMatch(new RegExp(`^\\[${part}\\]\\s+\\S+: `, 'm'));
    }
    expect(out).toMatch(/\[services\]\s+DATABASE_URL: is required in production/);
    expect(out).not.toMatch(/\[backends\]/);
    expect(out).not.toMatch(STACK_FRAME);
  });
});

/** Ports nobody listens on now (bound, then released). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<net.Server>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** `npm start`'s environment on free ports, every part told where the others are. */
async function stackEnv(): Promise<NodeJS.ProcessEnv> {
  const [g, m, t, mi, re, s, bm, bt, bmi, bre] = await freePorts(10);
  const url = (p: number) => `http://127.0.0.1:${p}/`;
  return {
    ...process.env, NODE_ENV: 'development', SHUTDOWN_GRACE_MS: '3000', CACHE_PREFIX: `t:start:${process.pid}:${Date.now().toString(36)}`,
    DATABASE_SCHEMA: `t_start_${process.pid}_${Date.now().toString(36)}`, DATABASE_URL: '', SEED_DEMO_DATA: 'false',
    GATEWAY_PORT: String(g), MARKET_PORT: String(m), TAX_PORT: String(t), MEDICAL_INSURANCE_PORT: String(mi), REAL_ESTATE_PORT: String(re), SERVICES_PORT: String(s),
    MARKET_BACKEND_PORT: String(bm), TAX_BACKEND_PORT: String(bt), MEDICAL_INSURANCE_BACKEND_PORT: String(bmi), REAL_ESTATE_BACKEND_PORT: String(bre),
    MARKET_BACKEND_URL: url(bm), TAX_BACKEND_URL: url(bt), MEDICAL_INSURANCE_BACKEND_URL: url(bmi), REAL_ESTATE_BACKEND_URL: url(bre),
    MARKET_SUBGRAPH_URL: url(m), TAX_SUBGRAPH_URL: url(t), MEDICAL_INSURANCE_SUBGRAPH_URL: url(mi), REAL_ESTATE_SUBGRAPH_URL: url(re), SERVICES_SUBGRAPH_URL: url(s),
    SUBGRAPH_MARKET_URL: url(m), SUBGRAPH_TAX_URL: url(t), SUBGRAPH_MEDICAL_INSURANCE_URL: url(mi), SUBGRAPH_REAL_ESTATE_URL: url(re), SUBGRAPH_SERVICES_URL: url(s),
  };
}

/** scripts/start.ts until its "is up" banner; its output kept. */
async function startTheStack() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: REPO, env: await stackEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await vi.waitFor(() => {
    if (child.exitCode !== null) throw new Error(`npm start exited while starting: ${out}`);
    expect(out).toMatch(/District graph is up/);
  }, { timeout: 150_000, interval: 200 });
  return { child, output: () => out, exited };
}

const PARTS = ['backends', 'market', 'tax', 'medical-insurance', 'real-estate', 'services', 'gateway'];

describe('npm start', { timeout: 240_000 }, () => {
  it('asked to stop, stops every part gracefully, the gateway first, and exits 0', async () => {
    const stack = await startTheStack();
    stack.child.kill('SIGINT');
    expect(await stack.exited).toBe(0);
    const out = stack.output();
    for (const part of PARTS) expect(out, part).toMatch(new RegExp(`\\[${part}\\]\\s+${part}: stopped`));
    expect(out.indexOf('gateway: stopped')).toBeLessThan(out.indexOf('services: stopped'));
    expect(out).not.toMatch(/stopping the stack/);
  });

  it('stops the whole stack, exit code 1, when a part dies on its own', async () => {
    const stack = await startTheStack();
    const pid = await pidOf('subgraphs/tax/src/main.ts', stack.child.pid!);
    process.kill(pid, 'SIGKILL');
    expect(await stack.exited).toBe(1);
    const out = stack.output();
    expect(out).toMatch(/\[tax\]\s+exited \(SIGKILL\); stopping the stack/);
    for (const part of PARTS.filter((p) => p !== 'tax')) expect(out, part).toMatch(new RegExp(`\\[${part}\\]\\s+${part}: stopped`));
  });
});

/** The pid of the child of `parent` running `entry` (from /proc: no extra tools). */
async function pidOf(entry: string, parent: number): Promise<number> {
  const { readdir, readFile } = await import('node:fs/promises');
  for (const dir of await readdir('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const [cmdline, stat] = await Promise.all([readFile(`/proc/${dir}/cmdline`, 'utf8'), readFile(`/proc/${dir}/stat`, 'utf8')]);
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && cmdline.includes(entry)) return Number(dir);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no child of ${parent} runs ${entry}`);
}
