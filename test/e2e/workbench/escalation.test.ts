import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { openDb, type Db } from '@district/subgraph-services/store/db';
import { migrate } from '@district/subgraph-services/store/migrate';
import { insertRequest } from '@district/subgraph-services/store/requests';
import { killAll, startPart, type PartProcess } from '../../src/processes.ts';

/**
 * 督办 by the bundle worker as its own process (part bundle-worker, subgraphs/services/src/worker-main.ts),
 * the way a cluster runs it: many overdue requests, a worker killed with SIGKILL while it works
 * through them and started again, and (on PostgreSQL) two workers at once on one database. Each
 * overdue request ends with exactly one escalation; none within its limit, none closed.
 *
 * PGlite is one process's store, so there only the restart: the test seeds it, closes it, and
 * reads it again once the worker has stopped, following the worker through its log. PostgreSQL
 * (DATABASE_URL) is read while the workers run.
 */
const WORKER = 'subgraphs/services/src/worker-main.ts';
const STARTED = /bundle worker (http:\/\/\S+)/;
/** More than one poll's batch (50, store/request-escalation.ts), so a kill lands between batches. */
const OVERDUE = 400;
const USCC = '91370212MA3C12346X';

const stores = [
  { kind: 'PGlite', url: undefined as string | undefined },
  ...(process.env.DATABASE_URL ? [{ kind: 'PostgreSQL', url: process.env.DATABASE_URL }] : []),
];

/** The worker's "overdue requests escalated" log lines: how many each poll escalated. */
const escalationsLogged = (p: PartProcess) => p.output().split('\n').filter((l) => l.includes('"escalated"'))
  .map((l) => JSON.parse(l) as { worker: string; escalated: number });
const loggedTotal = (...ps: PartProcess[]) => ps.flatMap(escalationsLogged).reduce((n, l) => n + l.escalated, 0);

describe.each(stores)('督办 by bundle-worker processes on $kind', ({ url }) => {
  const parts: PartProcess[] = [];
  const dirs: string[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    killAll(parts);
    if (url) {
      const db = await openDb({ databaseUrl: url, schema: 'public' });
      for (const s of schemas) await db.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await db.close();
    }
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  /** A store of its own with OVERDUE overdue requests, one within its limit and one overdue but closed. */
  async function seeded() {
    const schema = `t_esc_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
    schemas.push(schema);
    const dir = url ? undefined : await mkdtemp(path.join(tmpdir(), 'escalation-'));
    if (dir) dirs.push(dir);
    const db = await openDb({ databaseUrl: url, schema, pgliteDir: dir });
    await migrate(db);
    let n = 0;
    const raise = async (dueAt: string) => (await insertRequest(db, {
      idempotencyKey: `esc-${schema}-${n++}`, requestHash: 'h', uscc: USCC, buildingId: 'LS-B001', category: 'TAX', department: 'TAX',
      title: '退税进度', detail: null, dueAt, actorSub: 'ent', actorRole: 'enterprise', at: new Date().toISOString(),
    })).request.id;
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const overdue: string[] = [];
    for (let i = 0; i < OVERDUE; i++) overdue.push(await raise(past));
    const onTime = await raise(new Date(Date.now() + 86_400_000).toISOString());
    const closed = await raise(past);
    await db.query(`UPDATE request SET state = 'CLOSED' WHERE id = $1`, [closed]);
    const env: NodeJS.ProcessEnv = {
      ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', BUNDLE_WORKER_PORT: '0', DATABASE_SCHEMA: schema,
      BUNDLE_WORKER_INTERVAL_MS: '250', ...(url ? { DATABASE_URL: url } : { PGLITE_DIR: dir }),
    };
    if (!url) delete env.DATABASE_URL;
    return { db, env, overdue, onTime, closed, open: () => openDb({ databaseUrl: url, schema, pgliteDir: dir }) };
  }

  const worker = async (env: NodeJS.ProcessEnv) => {
    const p = await startPart(WORKER, env, STARTED);
    parts.push(p);
    return p;
  };
  const kill = async (p: PartProcess) => {
    p.child.kill('SIGKILL');
    expect((await p.exited).signal).toBe('SIGKILL');
  };
  const stop = async (p: PartProcess) => {
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
  };
  const escalations = async (db: Db) => db.query<{ request_id: string; escalated_by: string }>('SELECT request_id, escalated_by FROM request_escalation ORDER BY request_id');

  /** Each overdue request escalated exactly once (marked and queued), nothing else; by which workers. */
  async function expectEscalatedOnce(db: Db, s: Awaited<ReturnType<typeof seeded>>): Promise<Set<string>> {
    const rows = await escalations(db);
    expect(rows.map((r) => r.request_id)).toEqual([...s.overdue].sort());
    const marked = await db.query<{ id: string }>('SELECT id FROM request WHERE escalated_at IS NOT NULL ORDER BY id');
    expect(marked.map((r) => r.id)).toEqual([...s.overdue].sort());
    return new Set(rows.map((r) => r.escalated_by));
  }

  it('escalates each overdue request once when the worker is killed with SIGKILL mid-run and started again', async () => {
    const s = await seeded();
    if (!url) await s.db.close(); // PGlite: the worker's store now, until it stops

    const first = await worker(s.env);
    // Kill once it has escalated some, not all: on PostgreSQL as the store says, on PGlite as its log says.
    await vi.waitFor(async () => {
      const done = url ? (await escalations(s.db)).length : loggedTotal(first);
      expect(done).toBeGreaterThan(0);
    }, { ...POLL, timeout: 60_000 });
    await kill(first);
    if (url) expect((await escalations(s.db)).length).toBeLessThan(OVERDUE);

    const second = await worker(s.env);
    if (url) {
      await vi.waitFor(async () => expect((await escalations(s.db)).length).toBe(OVERDUE), { ...POLL, timeout: 60_000 });
    } else {
      // The killed worker may have committed a batch it never logged; the restarted one then
      // logs fewer. Wait for the total, or for the restarted worker to have gone quiet after its work.
      let last = -1;
      let quietSince = Date.now();
      await vi.waitFor(() => {
        const now = loggedTotal(second);
        if (now !== last) { last = now; quietSince = Date.now(); }
        expect(loggedTotal(first, second) >= OVERDUE || (now > 0 && Date.now() - quietSince > 3_000)).toBe(true);
      }, { timeout: 60_000, interval: 100 });
    }
    await stop(second);

    const db = url ? s.db : await s.open();
    try {
      const by = await expectEscalatedOnce(db, s);
      // Both took part: the first was killed mid-run, the second finished the rest.
      expect(by.size, [...by].join(', ')).toBe(2);
      // No escalation was reported twice: what the workers logged is at most what there is.
      expect(loggedTotal(first, second)).toBeLessThanOrEqual(OVERDUE);
      expect(loggedTotal(second)).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 240_000); // two worker starts of up to 90 s each on a busy machine

  // PGlite is one process's store: two processes cannot share it.
  if (url) it('escalates each overdue request once with two worker processes on one database', async () => {
    const s = await seeded();
    const [a, b] = await Promise.all([worker(s.env), worker(s.env)]);
    await vi.waitFor(async () => expect((await escalations(s.db)).length).toBe(OVERDUE), { ...POLL, timeout: 60_000 });
    await Promise.all([stop(a), stop(b)]);
    try {
      const by = await expectEscalatedOnce(s.db, s);
      // Every escalation reported by exactly one of them: together they logged each request once.
      expect(loggedTotal(a, b)).toBe(OVERDUE);
      expect([...by].every((w) => [...escalationsLogged(a), ...escalationsLogged(b)].some((l) => l.worker === w))).toBe(true);
    } finally {
      await s.db.close();
    }
  }, 240_000);
});
