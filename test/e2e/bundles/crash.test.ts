import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { CONTEXT_HEADER, readContextVerification, signContext } from '@district/runtime';
import { POLL } from '@district/runtime/polling';
import { startStack, type Stack } from '../../src/stack.ts';
import { openingForm } from './forms.ts';

/**
 * A worker killed with SIGKILL mid-bundle, then restarted: the bundle finishes and every department
 * is written once. The services subgraph (with its worker) runs as a child process on a durable
 * store: PostgreSQL when DATABASE_URL is set, else PGlite in a temporary directory. The market
 * stand-in is slow, so the kill lands while the market write is in flight.
 */
const MAIN = fileURLToPath(new URL('../../../subgraphs/services/src/main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIELDS = 'id status reason uscc steps { key status attempts lastError } results { uscc licenceNo insuranceEmployerNo }';

describe('bundle worker killed with SIGKILL mid-bundle', () => {
  let stack: Stack;
  let dir: string;
  let schema: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    stack = await startStack({ backendSettings: { market: { latencyMs: 1_500 } } });
    dir = await mkdtemp(path.join(tmpdir(), 'bundles-crash-'));
    schema = `t_crash_${process.pid}_${Date.now().toString(36)}`;
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await stack?.stop();
    if (process.env.DATABASE_URL) {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Starts the services subgraph as a child process; resolves with its URL once it listens. */
  function startServices(): Promise<{ child: ChildProcess; url: string }> {
    const env = {
      ...process.env, ...stack.env,
      SERVICES_PORT: '0', DATABASE_SCHEMA: schema, SEED_DEMO_DATA: 'false',
      ...(process.env.DATABASE_URL ? {} : { PGLITE_DIR: dir }),
      BUNDLE_WORKER_INTERVAL_MS: '50', BUNDLE_LEASE_MS: '2500', BUNDLE_BACKOFF_MS: '100', BUNDLE_MAX_ATTEMPTS: '10',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`services child did not start: ${out}`)), 60_000); // tsx and PGlite start slowly on a busy machine
      const onData = (b: Buffer) => {
        out += b.toString();
        const m = /services subgraph (http:\/\/\S+)/.exec(out);
        if (m) { clearTimeout(timer); resolve({ child, url: m[1] }); }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
      child.on('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`services child exited (${code ?? signal}): ${out}`)); });
    });
  }

  async function call(url: string, query: string, variables: Record<string, unknown>) {
    const context = await signContext({ sub: 'w-crash', role: 'window-staff', purpose: 'ENTERPRISE_OPENING', requestId: `crash-${Date.now()}` } as any, readContextVerification(stack.env).key);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: context }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as any;
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  }
  const readBundle = async (url: string, id: string) => (await call(url, `query($id: ID!) { bundle(id: $id) { ${FIELDS} } }`, { id })).bundle;

  it('finishes after a restart with exactly one write per department', async () => {
    const name = '青岛崂山断电重启科技有限公司';
    const first = await startServices();
    const submitted = (await call(first.url, `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { ${FIELDS} } }`, { input: openingForm('e2e-crash-0001', name) })).openEnterprise;

    // Kill when the market write has reached the (slow) registry and is not yet answered.
    await vi.waitFor(() => expect(stack.backends.sims.market.stats().byRoute['enterprise.establish'] ?? 0, 'the market write never started').toBeGreaterThanOrEqual(1), POLL);
    const before = await readBundle(first.url, submitted.id);
    expect(before.steps.find((s: any) => s.key === 'MARKET_ESTABLISH')).toMatchObject({ status: 'RUNNING', attempts: 1 });
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startServices();
    let bundle: any;
    const deadline = Date.now() + 30_000;
    do {
      await new Promise((r) => setTimeout(r, 100));
      bundle = await readBundle(second.url, submitted.id);
    } while (!['COMPLETED', 'FAILED', 'NEEDS_ATTENTION'].includes(bundle.status) && Date.now() < deadline);
    expect(bundle.status, JSON.stringify(bundle)).toBe('COMPLETED');
    // The killed attempt was taken over after its lease expired: two attempts, one key.
    expect(bundle.steps.find((s: any) => s.key === 'MARKET_ESTABLISH').attempts).toBe(2);

    // Two requests reached the registry (the killed one and its retry), one enterprise was registered.
    const byRoute = (d: keyof Stack['backends']['sims']) => stack.backends.sims[d].stats().byRoute as Record<string, number>;
    expect(byRoute('market')['enterprise.establish']).toBe(2);
    const listed = await stack.query('query($k: String) { enterprises(first: 10, filter: { keyword: $k }) { totalCount edges { node { uscc } } } }', { k: name });
    expect(listed.errors, JSON.stringify(listed.errors)).toBeUndefined();
    expect((listed.data as any).enterprises.totalCount).toBe(1);
    expect((listed.data as any).enterprises.edges[0].node.uscc).toBe(bundle.results.uscc);
    expect(byRoute('tax')['SWZJ.HXZG.DJ.XBNSRXXQR']).toBe(1);
    expect(byRoute('medical-insurance')['infno.3301']).toBe(1);
    const res = await stack.query('query($u: ID!) { enterprise(uscc: $u) { tax { status } medicalInsurance { status } } }', { u: bundle.results.uscc });
    expect((res.data as any).enterprise.tax.status).toBeTruthy();
    expect((res.data as any).enterprise.medicalInsurance.status).toBeTruthy();
    second.child.kill('SIGTERM');
  }, 180_000); // two child starts of up to 60 s each, and the bundle finishing
});
