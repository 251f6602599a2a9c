import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO } from '../../src/processes.ts';
import { freeBase } from '../../src/free-ports.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';
import { dropCachePrefix, dropSchema } from '../../src/stack.ts';
import { startJwks } from '../../src/jwks.ts';

/**
 * The production build as an operator gets it: `npm run build`, the files a container receives
 * (scripts/stage.ts, as deploy/Dockerfile copies them) in an empty folder, `npm ci --omit=dev`
 * there, then `NODE_ENV=production npm start` from that folder alone, with the settings
 * production requires (Redis, PostgreSQL, the context key, a JWKS, the department credentials),
 * and a real query through the gateway. No TypeScript and no development dependency is there, so
 * an import that only a development install satisfies fails here, not in a cluster.
 *
 * Needs REDIS_URL and DATABASE_URL (production refuses to run without them); CI sets both.
 */
const needsServices = process.env.REDIS_URL && process.env.DATABASE_URL ? describe : describe.skip;
const DEV_TOOLS = ['tsx', 'typescript', 'vitest', 'esbuild', 'turbo'];
/** Builds and installs on two busy cores: generous. */
const PREPARE_MS = 600_000;

interface Run { code: number | null; output: string; ms: number }
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (b: Buffer) => { output += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { output += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

/** Files under `dir` (not node_modules) whose name ends with `suffix`. */
function filesEnding(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !f.split(path.sep).includes('node_modules') && f.endsWith(suffix));
}

needsServices('the production build, installed with production dependencies only', { timeout: PREPARE_MS }, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'district-prod-'));
  const app = path.join(scratch, 'app');
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const build = await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], REPO);
    expect(build.code, build.output).toBe(0);
    console.info(`npm run build: ${build.ms} ms`);
    const stage = await run(process.execPath, ['--import', 'tsx', 'scripts/stage.ts', app], REPO);
    expect(stage.code, stage.output).toBe(0);
    const install = await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], app);
    expect(install.code, install.output).toBe(0);
    console.info(`npm ci --omit=dev: ${install.ms} ms`);
    jwks = await startJwks();
    const base = await freeBase();
    // Only what an operator would set: nothing of this test's own environment (no loader in NODE_OPTIONS).
    env = {
      PATH: process.env.PATH, HOME: scratch, NODE_ENV: 'production', PORT_BASE: String(base), SHUTDOWN_GRACE_MS: '3000',
      REDIS_URL: process.env.REDIS_URL, CACHE_PREFIX: `t:prod:${tag}`,
      DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: `t_prod_${tag}`,
      SUBGRAPH_CONTEXT_KEY: `production-build-test-context-key-${tag}`,
      // A certificate signing key of this run's own (the development key is refused in production).
      CERTIFICATE_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      CERTIFICATE_VERIFY_URL: 'https://zwfw.district.example/certificates/verify',
      GATEWAY_JWKS_URL: jwks.url,
      // The stand-ins accept what the subgraphs send (backends/src/credentials.ts); none is a development value.
      MARKET_APP_KEY: 'prod-app', MARKET_APP_SECRET: `prod-secret-${tag}`, TAX_CHANNEL_ID: 'PROD-CHANNEL', TAX_TOKEN: `prod-token-${tag}`,
      MEDICAL_INSURANCE_SENDER_CODE: 'PRODSENDER', MEDICAL_INSURANCE_SIGN_NO: `prod-sign-${tag}`, REAL_ESTATE_SENDER_ID: 'PROD-SENDER', REAL_ESTATE_API_KEY: `prod-key-${tag}`,
      MEDICAL_INSURANCE_BACKEND_URL: `http://127.0.0.1:${base + 1003}`,
    };
  }, PREPARE_MS);

  afterAll(async () => {
    await jwks?.close();
    if (env) await Promise.all([dropCachePrefix(env), dropSchema(env)]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the built JavaScript and production dependencies only: no TypeScript source, no development tool', () => {
    expect(filesEnding(app, '.ts')).toEqual([]);
    expect(filesEnding(app, '.js')).toEqual(expect.arrayContaining([path.join('gateway', 'dist', 'main.js'), path.join('dist', 'scripts', 'start.js')]));
    // The workbench page, built by Vite, ships beside the built gateway that serves it.
    expect(filesEnding(app, 'index.html')).toEqual([path.join('gateway', 'dist', 'assets', 'apps', 'workbench', 'dist', 'index.html')]);
    for (const tool of DEV_TOOLS) expect(existsSync(path.join(app, 'node_modules', tool)), tool).toBe(false);
  });

  it('NODE_ENV=production npm start serves the whole stack from it: a lifecycle query through the gateway answers from every department', async () => {
    const child = spawn('npm', ['start'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await vi.waitFor(() => {
        if (child.exitCode !== null) throw new Error(`npm start exited while starting: ${out}`);
        expect(out).toMatch(/District graph is up/);
      }, { timeout: 180_000, interval: 250 });
      expect(out).not.toContain('GraphiQL');
      const token = await jwks.sign({ sub: 'prod-build-test', role: 'auditor', purpose: 'AUDIT' });
      const res = await fetch(`http://127.0.0.1:${env.PORT_BASE}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        // Production runs registered operations only (the safelist): the front end's Lifecycle, by id.
        body: JSON.stringify({ operationName: 'Lifecycle', variables: { uscc: SAMPLE_USCC.healthy }, extensions: { persistedQuery: { version: 1, sha256Hash: registeredId('Lifecycle') } } }),
      });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.errors).toBeUndefined();
      const e = body.data.enterprise;
      expect(e.registration.name).toBeTruthy();
      expect([e.tax, e.medicalInsurance, e.realEstate].every((x) => x !== null)).toBe(true);
      expect(e.lifecycle.events.map((ev: { department: string }) => ev.department)).toContain('MARKET');

      // The workbench page is served in production too, signing in with the identity provider's token (no /dev/token there).
      const gatewayUrl = `http://127.0.0.1:${env.PORT_BASE}`;
      const workbench = await fetch(`${gatewayUrl}/workbench`);
      expect(workbench.status).toBe(200);
      const html = await workbench.text();
      expect(html).toContain('{"devTokenPath":null}');
      expect((await fetch(`${gatewayUrl}${/src="(\/workbench\/[^"]+\.js)"/.exec(html)![1]}`)).status).toBe(200);
      expect((await fetch(`${gatewayUrl}/dev/token`, { method: 'POST', body: '{}' })).status).toBe(404);

      // The container's health check (deploy/Dockerfile's HEALTHCHECK), on parts that are up and on one that is not.
      for (const part of ['gateway', 'backends']) {
        const check = await run(process.execPath, ['dist/scripts/healthcheck.js', part], app, env);
        expect(check.code, `${part}: ${check.output}`).toBe(0);
      }
      const down = await run(process.execPath, ['dist/scripts/healthcheck.js', 'gateway'], app, { ...env, GATEWAY_PORT: '1' });
      expect(down.code).toBe(1);
      expect(down.output).toMatch(/^healthcheck: http:\/\/127\.0\.0\.1:1\/health\/live: /);
    } finally {
      // npm runs the launcher as its child: signal the group, as Ctrl-C in a terminal does.
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
      await exited;
    }
    expect(out).toMatch(/\[gateway\]\s+gateway: stopped/);
  });

  it("the container's command, dist/scripts/part.js, runs the part it is given from the built JavaScript, and refuses one it does not know", async () => {
    const unknown = await run(process.execPath, ['dist/scripts/part.js', 'no-such-part'], app, env);
    expect(unknown.code).toBe(64);
    expect(unknown.output).toMatch(/^part: no part "no-such-part"; one of: gateway, market, .*backends/);
    // A second market subgraph, on a port of its own, stopped as Kubernetes stops a pod.
    const child = spawn(process.execPath, ['dist/scripts/part.js'], { cwd: app, env: { ...env, PART: 'market', MARKET_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await vi.waitFor(() => {
        if (child.exitCode !== null) throw new Error(`part.js exited while starting: ${out}`);
        expect(out).toMatch(/market subgraph http:\/\/127\.0\.0\.1:\d+\//);
      }, { timeout: 90_000, interval: 200 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/market: stopped/);
  });

  it('without a build, NODE_ENV=production npm start says to run npm run build, and starts nothing', async () => {
    const bare = path.join(scratch, 'unbuilt');
    mkdirSync(path.join(bare, 'scripts'), { recursive: true });
    cpSync(path.join(app, 'scripts', 'start.mjs'), path.join(bare, 'scripts', 'start.mjs'));
    const started = await run(process.execPath, ['scripts/start.mjs'], bare, env);
    expect(started.code).toBe(1);
    expect(started.output).toMatch(/NODE_ENV=production runs only the built JavaScript, and it is not there: run `npm run build` first/);
  });
});

/** The id of a registered operation, from the manifest the build bundles with the gateway (schema/persisted-query-manifest.json). */
function registeredId(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'schema', 'persisted-query-manifest.json'), 'utf8')) as { operations: { id: string; name: string }[] };
  const op = manifest.operations.find((o) => o.name === name);
  if (!op) throw new Error(`the manifest registers no operation ${name}`);
  return op.id;
}
