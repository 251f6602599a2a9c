/**
 * `npm run audit:verify`: walks the access record's hash chain in the services store
 * (DATABASE_URL + DATABASE_SCHEMA, or PGlite in PGLITE_DIR) and prints OK with the count, or the
 * first broken record and why. Exit code 0 when intact, 1 when broken, 2 when it cannot run (a
 * setting missing or wrong, no store where PGLITE_DIR points, the database unreachable): then one
 * line on stderr says what is wrong and how to put it right, never a stack trace.
 *
 * A PGlite store belongs to one process at a time, and PGlite has no lock to stop a second one
 * (two processes on one folder lose writes). So the verifier never opens the folder itself: it
 * verifies a copy, and a running stack's store is left alone. Stop the stack first for a result
 * that includes its last writes.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readServicesConfig } from '@district/subgraph-services/config';
import { openDb, type Db } from '@district/subgraph-services/store/db';
import { verifyChain } from '@district/subgraph-services/store/audit';

/** How long the database may take to answer before the verifier gives up (an unroutable host otherwise hangs for minutes). */
const ANSWER_WITHIN_MS = 15_000;

/** A failure the user can put right: printed as one line, exit code 2. */
class CannotVerify extends Error {}

/** The first line of an error's message (or its code), without a stack. */
function reason(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: unknown[] };
  const text = e?.message || e?.code || (e?.errors?.length ? reason(e.errors[0]) : String(error));
  return text.split('\n')[0];
}

/** DATABASE_URL as it may be printed: a postgres:// URL with any password left out. */
function printableDatabaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CannotVerify('DATABASE_URL is not a URL: expected postgres://user@host:port/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new CannotVerify(`DATABASE_URL must be a postgres:// URL, not ${url.protocol}//…`);
  }
  if (url.password) url.password = '***';
  return url.toString();
}

/** Copies the PGlite folder PGLITE_DIR names, after checking it holds a store; returns the copy. */
function snapshotPglite(setting: string): string {
  const dir = path.resolve(setting);
  if (!existsSync(dir)) {
    throw new CannotVerify(`no services store at ${dir} (PGLITE_DIR=${setting}): start the stack with the same setting once (PGLITE_DIR=${setting} npm start) so the services subgraph keeps its store there, then stop it and verify`);
  }
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new CannotVerify(`${dir} (PGLITE_DIR=${setting}) is not a services store: point PGLITE_DIR at the folder the stack was started with`);
  }
  const copy = mkdtempSync(path.join(tmpdir(), 'audit-verify-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

function within<T>(promise: Promise<T>, where: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CannotVerify(`the services store at ${where} did not answer within ${ANSWER_WITHIN_MS / 1000} s: is the database running and reachable?`)), ANSWER_WITHIN_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function verify(): Promise<number> {
  let config: ReturnType<typeof readServicesConfig>;
  try {
    config = readServicesConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV === 'production' ? 'production' : 'development' });
  } catch (error) {
    const problems = (error as { problems?: string[] }).problems; // a ConfigError names every bad setting
    throw new CannotVerify(problems?.length ? problems.join('; ') : reason(error));
  }
  if (!config.DATABASE_URL && !config.PGLITE_DIR) {
    throw new CannotVerify('set DATABASE_URL (and DATABASE_SCHEMA) or PGLITE_DIR: an in-memory store has no record to verify');
  }
  const where = config.DATABASE_URL ? `${printableDatabaseUrl(config.DATABASE_URL)} (schema ${config.DATABASE_SCHEMA})` : path.resolve(config.PGLITE_DIR!);
  const copy = config.DATABASE_URL ? undefined : snapshotPglite(config.PGLITE_DIR!);
  let db: Db | undefined;
  try {
    try {
      db = await within(openDb({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, pgliteDir: copy }), where);
      const [table] = await within(db.query<{ t: string | null }>(`SELECT to_regclass('access_record')::text AS t`), where);
      if (!table?.t) throw new CannotVerify(`no access_record table in the services store at ${where}: has the services subgraph run on it?`);
      const verdict = await within(verifyChain(db), where);
      if (verdict.ok) {
        console.log(`OK: ${verdict.count} access records, chain intact (head ${verdict.head})`);
        return 0;
      }
      console.log(`BROKEN at seq ${verdict.seq} (${verdict.problem}): ${verdict.reason}; ${verdict.count} records before it are intact`);
      return 1;
    } catch (error) {
      if (error instanceof CannotVerify) throw error;
      throw new CannotVerify(`cannot read the services store at ${where}: ${reason(error)}`);
    }
  } finally {
    await db?.close().catch(() => undefined);
    if (copy) rmSync(copy, { recursive: true, force: true });
  }
}

let code: number;
try {
  code = await verify();
} catch (error) {
  console.error(`audit:verify: ${error instanceof CannotVerify ? error.message : reason(error)}`);
  code = 2;
}
// A connection the database never answered may still be pending: exit rather than wait for it.
process.exit(code);
