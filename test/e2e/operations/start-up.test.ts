import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { signDevToken } from '@district/gateway/auth/dev-token';
import { REPO, freeBase, runToExit } from '../../src/processes.ts';

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

  it('npm start tells a malformed PORT_BASE and two parts on one port, and starts nothing', async () => {
    const run = await runToExit('scripts/start.ts', { ...process.env, PORT_BASE: 'high', TAX_PORT: '4001', MARKET_PORT: '4001' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\[start\]\s+PORT_BASE: must be a whole number from 1 to 64531, so every part's port \(PORT_BASE \+ its default − 4000\) is a port number \(got "high"\)$/m);
    expect(run.stderr).toMatch(/^\[start\]\s+TAX_PORT: 4001 is MARKET_PORT's too/m);
    expect(run.stdout + run.stderr).not.toMatch(/\[(backends|market|gateway)\]/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});

/** `npm start`'s environment moved to free ports by the one setting, PORT_BASE. */
async function stackEnv(base: number): Promise<NodeJS.ProcessEnv> {
  return {
    ...process.env, NODE_ENV: 'development', SHUTDOWN_GRACE_MS: '3000', CACHE_PREFIX: `t:start:${process.pid}:${Date.now().toString(36)}`,
    DATABASE_SCHEMA: `t_start_${process.pid}_${Date.now().toString(36)}`, DATABASE_URL: '', SEED_DEMO_DATA: 'false',
    PORT_BASE: String(base),
  };
}

/**
 * scripts/start.ts until its "is up" banner; its output kept. Another test run on this machine
 * may take a port of the free base found (a second clone's `npm start` test, say): the start is
 * then tried again on another base, as an operator would move the stack, at most three times.
 */
async function startTheStack() {
  for (let attempt = 1; ; attempt++) {
    const started = await startOnce(await freeBase());
    if (started.ok) return started;
    if (attempt === 3 || !/is already in use/.test(started.output())) return started.fail();
  }
}

async function startOnce(base: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: REPO, env: await stackEnv(base), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const up = await vi.waitFor(() => {
    if (child.exitCode !== null) return false;
    expect(out).toMatch(/District graph is up/);
    return true;
  }, { timeout: 150_000, interval: 200 });
  const output = () => out;
  return { ok: up, base, child, output, exited, fail: (): never => { throw new Error(`npm start exited while starting: ${out}`); } };
}

const PARTS = ['backends', 'market', 'tax', 'medical-insurance', 'real-estate', 'services', 'gateway'];

/** The README's "query Lifecycle" example, as it stands there. */
function readmeQuery(name: string): string {
  const readme = readFileSync(new URL('README.md', pathToFileURL(REPO)), 'utf8');
  const block = readme.split('```graphql\n').map((b) => b.slice(0, b.indexOf('```'))).find((b) => b.startsWith(`query ${name} `));
  if (!block) throw new Error(`README.md has no "query ${name}" example`);
  return block;
}

describe('npm start', { timeout: 240_000 }, () => {
  it('moved by PORT_BASE alone: the banner lists the moved ports, and the gateway there answers the README\'s lifecycle query', async () => {
    const stack = await startTheStack();
    const base = stack.base;
    try {
      const out = stack.output();
      expect(out).toContain(`GraphQL   http://127.0.0.1:${base}/graphql`);
      expect(out).toContain(`subgraphs market :${base + 1}  tax :${base + 2}  medical-insurance :${base + 3}  real-estate :${base + 4}  services :${base + 5}`);
      expect(out).toContain(`backends  market :${base + 1001}  tax :${base + 1002}  medical-insurance :${base + 1003}  real-estate :${base + 1004}`);
      const token = await signDevToken({ role: 'auditor', purpose: 'AUDIT', sub: 'e2e-start-up' });
      const res = await fetch(`http://127.0.0.1:${base}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: readmeQuery('Lifecycle') }),
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.errors).toBeUndefined();
      // Every department answered, each subgraph having found its stand-in at the moved port.
      const e = body.data.enterprise;
      expect(e.registration.name).toBeTruthy();
      expect([e.tax, e.medicalInsurance, e.realEstate].every((x) => x !== null)).toBe(true);
      expect(e.lifecycle.stage).toBeTruthy();
      expect(e.lifecycle.events.map((ev: { department: string }) => ev.department)).toContain('MARKET');
    } finally {
      stack.child.kill('SIGINT');
      expect(await stack.exited).toBe(0);
    }
  });

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
