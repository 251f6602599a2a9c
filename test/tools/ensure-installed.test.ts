import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

/**
 * scripts/ensure-installed.mjs, the prestart/pretest step: on a fake project with a tiny lockfile,
 * with `npm` on PATH replaced by a stub that records its arguments and "installs" (writes npm's
 * record and the tools' links), so no real install runs.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = path.join(REPO, 'scripts/ensure-installed.mjs');
const ROOT_PACKAGE = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));

const scratch = mkdtempSync(path.join(tmpdir(), 'ensure-installed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const project = path.join(scratch, 'project');
const stubs = path.join(scratch, 'bin');
const calls = path.join(scratch, 'npm-calls.log');

/** A stub npm: logs "<cwd> <args>", then installs like npm ci would, or fails with NPM_STUB_EXIT. */
mkdirSync(stubs, { recursive: true });
writeFileSync(path.join(stubs, 'npm'), `#!/bin/sh
echo "$(pwd) $*" >> "${calls}"
if [ -n "$NPM_STUB_EXIT" ]; then echo "npm ERR! stubbed failure" >&2; exit "$NPM_STUB_EXIT"; fi
mkdir -p node_modules/.bin
echo '{}' > node_modules/.package-lock.json
for tool in tsx turbo vitest; do touch "node_modules/.bin/$tool"; done
`);
chmodSync(path.join(stubs, 'npm'), 0o755);

interface Run { code: number | null; stdout: string; stderr: string }
function ensureInstalled(env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, project], { env: { ...process.env, PATH: `${stubs}${path.delimiter}${process.env.PATH}`, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const npmCalls = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean) : []);
const CI = `${project} ci --no-audit --no-fund`;

beforeEach(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(calls, { force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fake', private: true }));
  writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify({ name: 'fake', lockfileVersion: 3, requires: true, packages: { '': { name: 'fake' } } }));
});

describe('ensure-installed', () => {
  it('runs npm ci in the project when nothing is installed, saying why, then the tools are there', async () => {
    const run = await ensureInstalled();
    expect(run.code).toBe(0);
    expect(npmCalls()).toEqual([CI]);
    expect(run.stderr).toMatch(/^ensure-installed: nothing is installed yet; installing from package-lock.json \(npm ci --no-audit --no-fund\)\n$/);
    expect(existsSync(path.join(project, 'node_modules/.bin/vitest'))).toBe(true);
  });

  it('does nothing and prints nothing once installed, as after CI\'s own npm ci', async () => {
    await ensureInstalled();
    const again = await ensureInstalled();
    expect(again).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(npmCalls()).toEqual([CI]);
  });

  it('reinstalls when package-lock.json changed after the last install', async () => {
    await ensureInstalled();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(project, 'package-lock.json'), later, later);
    const run = await ensureInstalled();
    expect(run.stderr).toMatch(/package-lock.json changed since the last install/);
    expect(npmCalls()).toEqual([CI, CI]);
  });

  it('reinstalls when a tool the scripts run is missing', async () => {
    await ensureInstalled();
    rmSync(path.join(project, 'node_modules/.bin/turbo'));
    const run = await ensureInstalled();
    expect(run.stderr).toMatch(/node_modules\/\.bin\/turbo is missing/);
    expect(npmCalls()).toEqual([CI, CI]);
  });

  it('fails with npm\'s exit code and one line of its own when npm ci fails', async () => {
    const run = await ensureInstalled({ NPM_STUB_EXIT: '3' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/ensure-installed: npm ci failed \(exit code 3\); run it yourself to see why: npm ci\n$/);
  });

  it('with NODE_ENV=production installs the production dependencies only, and wants none of the development tools', async () => {
    const run = await ensureInstalled({ NODE_ENV: 'production' });
    expect(run.code).toBe(0);
    expect(npmCalls()).toEqual([`${project} ci --omit=dev --no-audit --no-fund`]);
    for (const tool of ['tsx', 'turbo', 'vitest']) rmSync(path.join(project, `node_modules/.bin/${tool}`));
    expect(await ensureInstalled({ NODE_ENV: 'production' })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(npmCalls()).toHaveLength(1);
  });

  it('runs before npm start and npm test at the root, and nowhere else', () => {
    expect(ROOT_PACKAGE.scripts.prestart).toBe('node scripts/ensure-installed.mjs');
    expect(ROOT_PACKAGE.scripts.pretest).toBe('node scripts/ensure-installed.mjs');
  });
});
