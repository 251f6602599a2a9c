import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@district/subgraph-services/store/db';
import { migrate } from '@district/subgraph-services/store/migrate';
import { appendAccessRecords } from '@district/subgraph-services/store/audit';
import { SAMPLE_USCC } from '../src/samples.ts';

/**
 * `npm run audit:verify` as a user runs it (the script in a process of its own): 0 for an intact
 * chain, 1 for a broken one, and 2 with one line saying what to do when it cannot run at all:
 * never a stack trace.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = path.join(REPO, 'scripts/audit-verify.ts');

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the verifier with only these store settings (CI's own DATABASE_URL must not leak in). */
function verify(settings: Record<string, string>): Promise<Run> {
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATABASE_SCHEMA', 'PGLITE_DIR', 'NODE_ENV']) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: REPO, env: { ...env, ...settings }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One line on stderr, naming the tool, with no stack frame in it. */
function expectOneClearLine(run: Run, says: RegExp): void {
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(/^audit:verify: /);
  expect(run.stderr).toMatch(says);
  expect(run.stderr).not.toMatch(/^\s+at |node:internal|\.ts:\d+/m);
  expect(run.stdout).toBe('');
  expect(run.code).toBe(2);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'audit-verify-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('audit:verify when it cannot run', () => {
  it('says a PGLITE_DIR that does not exist is missing and how to create it, exit 2, and creates nothing', async () => {
    const dir = path.join(scratch, 'data', 'services');
    const run = await verify({ PGLITE_DIR: dir });
    expectOneClearLine(run, /no services store at .*services \(PGLITE_DIR=.*\): start the stack with the same setting once \(PGLITE_DIR=.* npm start\)/);
    expect(existsSync(dir)).toBe(false);
  });

  it('says a folder that is not a store is not one, exit 2', async () => {
    expectOneClearLine(await verify({ PGLITE_DIR: scratch }), /is not a services store/);
  });

  it('says an unreachable database cannot be read, naming it without a password, exit 2', async () => {
    const run = await verify({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/test' });
    expectOneClearLine(run, /cannot read the services store at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test \(schema services\): .*ECONNREFUSED/);
    expect(run.stderr).not.toContain('secret');
  });

  it('says a DATABASE_URL that is not a URL is wrong, exit 2', async () => {
    expectOneClearLine(await verify({ DATABASE_URL: 'not a url' }), /DATABASE_URL is not a URL/);
  });

  it('says a DATABASE_URL for another database than PostgreSQL is wrong, exit 2', async () => {
    expectOneClearLine(await verify({ DATABASE_URL: 'mysql://root@127.0.0.1/test' }), /DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it('says which setting is needed when none is set, exit 2', async () => {
    expectOneClearLine(await verify({}), /set DATABASE_URL \(and DATABASE_SCHEMA\) or PGLITE_DIR/);
  });

  it('names a malformed setting, exit 2', async () => {
    expectOneClearLine(await verify({ PGLITE_DIR: scratch, DATABASE_SCHEMA: 'Bad-Name' }), /DATABASE_SCHEMA: .*\(got "Bad-Name"\)/);
  });
});

describe('audit:verify on a PGlite store the stack kept on disk', () => {
  const dir = path.join(scratch, 'store');
  beforeAll(async () => {
    const db = await openDb({ schema: 'services', pgliteDir: dir });
    await migrate(db);
    await appendAccessRecords(db, ['r-1', 'r-2', 'r-3'].map((requestId) => ({
      at: new Date().toISOString(), requestId, who: 'auditor-1', role: 'auditor' as const, purpose: 'AUDIT' as const, caseId: null,
      departments: ['MARKET'], subjects: [SAMPLE_USCC.healthy], fields: ['Query.enterprise'], outcome: 'OK' as const,
    })));
    await db.close();
  });

  it('prints OK with the count and exits 0', async () => {
    const run = await verify({ PGLITE_DIR: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^OK: 3 access records, chain intact \(head [0-9a-f]{64}\)\n$/);
    expect(run.code).toBe(0);
  });

  it('prints where the chain breaks and exits 1 once a record is edited behind the triggers', async () => {
    const db = await openDb({ schema: 'services', pgliteDir: dir });
    await db.query('ALTER TABLE access_record DISABLE TRIGGER USER');
    await db.query("UPDATE access_record SET who = 'someone-else' WHERE seq = 2");
    await db.close();
    const run = await verify({ PGLITE_DIR: dir });
    expect(run.stdout).toMatch(/^BROKEN at seq 2 \(HASH_MISMATCH\)/);
    expect(run.code).toBe(1);
  });
});
