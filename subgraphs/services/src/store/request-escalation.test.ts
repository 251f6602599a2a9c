import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDepartments } from '../departments/fake.ts';
import { BundleWorker } from '../worker/worker.ts';
import { openDb, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import { escalateOverdue, escalationQueue } from './request-escalation.ts';
import { insertRequest } from './requests.ts';

/** On PGlite, and on PostgreSQL too when DATABASE_URL is set (two pools there: two instances). */
const stores = [
  { kind: 'pglite', url: undefined as string | undefined },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', url: process.env.DATABASE_URL }] : []),
];
const USCC = '91370212MA3C12346X';

describe.each(stores)('督办 of overdue requests on $kind', ({ url }) => {
  const schema = `t_req_esc_${process.pid}_${Date.now().toString(36)}`;
  let db: Db;
  let other: Db;
  let n = 0;
  const raise = async (dueAt: string, department = 'TAX') => (await insertRequest(db, {
    idempotencyKey: `esc-${schema}-${n++}`, requestHash: 'h', uscc: USCC, buildingId: 'LS-B001', category: 'TAX', department, title: 't', detail: null,
    dueAt, actorSub: 'ent', actorRole: 'enterprise', at: new Date().toISOString(),
  })).request.id;
  const queued = async () => (await db.query<{ request_id: string }>('SELECT request_id FROM request_escalation ORDER BY request_id')).map((r) => r.request_id);

  beforeAll(async () => {
    db = await openDb({ databaseUrl: url, schema });
    await migrate(db);
    // A second instance: its own pool on PostgreSQL; PGlite is one process's own store.
    other = url ? await openDb({ databaseUrl: url, schema }) : db;
  });
  afterAll(async () => {
    if (db?.kind === 'postgres') await db.query(`DROP SCHEMA ${schema} CASCADE`);
    if (other !== db) await other?.close();
    await db?.close();
  });

  it('escalates each overdue open request once, two instances at once and again after a restart; not one within its limit or closed', async () => {
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const overdue = await Promise.all(Array.from({ length: 30 }, () => raise(past)));
    const onTime = await raise(new Date(Date.now() + 86_400_000).toISOString());
    const closed = await raise(past);
    await db.query(`UPDATE request SET state = 'CLOSED' WHERE id = $1`, [closed]);
    const [a, b] = await Promise.all([escalateOverdue(db, 'instance-a', 7), escalateOverdue(other, 'instance-b', 7)]);
    expect(new Set([...a, ...b].map((e) => e.id)).size).toBe(a.length + b.length);
    // Both instances keep polling until nothing is left; then a restarted one finds nothing to do.
    for (let i = 0; i < 10; i++) await Promise.all([escalateOverdue(db, 'instance-a', 7), escalateOverdue(other, 'instance-b', 7)]);
    expect(await escalateOverdue(db, 'instance-a-restarted')).toEqual([]);
    expect(await queued()).toEqual([...overdue].sort());
    expect(await queued()).not.toContain(onTime);
    const [row] = await db.query<{ escalated_at: Date | null }>('SELECT escalated_at FROM request WHERE id = $1', [overdue[0]]);
    expect(row.escalated_at).not.toBeNull();
    const queue = await escalationQueue(db, 'TAX', 0, 5);
    expect(queue.total).toBe(30);
    expect(queue.rows).toHaveLength(5);
    expect((await escalationQueue(db, 'MARKET', 0, 5)).total).toBe(0);
  });

  it('is run by the bundle worker: a worker stopped and a new one started escalate a request once', async () => {
    const id = await raise(new Date(Date.now() - 60_000).toISOString(), 'MARKET');
    const first = new BundleWorker({ db, writes: new FakeDepartments(), intervalMs: 20, id: 'w1' });
    first.start();
    const deadline = Date.now() + 20_000;
    while (!(await queued()).includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await first.stop();
    const second = new BundleWorker({ db: other, writes: new FakeDepartments(), intervalMs: 20, id: 'w2' });
    second.start();
    expect(await second.escalate()).toBe(0);
    await second.stop();
    const rows = await db.query<{ escalated_by: string }>('SELECT escalated_by FROM request_escalation WHERE request_id = $1', [id]);
    expect(rows).toEqual([{ escalated_by: 'w1' }]);
  });
});
