import type { Db } from './db.ts';
import { listRequestsByIds, type RequestRow } from './requests.ts';

/**
 * 督办: open requests past their limit are escalated to the routed department's supervisor queue,
 * once. Claimed with FOR UPDATE SKIP LOCKED, so instances running together take different rows;
 * marked (request.escalated_at) and queued (request_escalation, keyed by request) in one
 * transaction, so a worker killed half-way escalates nothing and the next run does it. Times are
 * the database's clock, so instances on several machines agree on what is overdue.
 */
export async function escalateOverdue(db: Db, by: string, batch = 50): Promise<{ id: string; department: string }[]> {
  return db.transaction(async (tx) => {
    const due = await tx.query<{ id: string; department: string; due_at: Date }>(
      `SELECT id, department, due_at FROM request WHERE state <> 'CLOSED' AND escalated_at IS NULL AND due_at < now()
       ORDER BY due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
    if (!due.length) return [];
    const ids = due.map((r) => r.id);
    await tx.query('UPDATE request SET escalated_at = now() WHERE id = ANY($1) AND escalated_at IS NULL', [ids]);
    const queued = await tx.query<{ request_id: string; department: string }>(
      `INSERT INTO request_escalation (request_id, department, due_at, escalated_by)
       SELECT id, department, due_at, $2 FROM request WHERE id = ANY($1) ON CONFLICT (request_id) DO NOTHING RETURNING request_id, department`,
      [ids, by],
    );
    return queued.map((r) => ({ id: r.request_id, department: r.department }));
  });
}

/** A department's supervisor queue: its escalated requests still open, longest overdue first. */
export async function escalationQueue(db: Pick<Db, 'query'>, department: string, offset: number, limit: number): Promise<{ rows: RequestRow[]; total: number }> {
  const where = `e.department = $1 AND r.state <> 'CLOSED'`;
  const ids = await db.query<{ id: string }>(
    `SELECT r.id FROM request_escalation e JOIN request r ON r.id = e.request_id WHERE ${where} ORDER BY e.due_at, r.id OFFSET $2 LIMIT $3`,
    [department, offset, limit],
  );
  const [{ n }] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM request_escalation e JOIN request r ON r.id = e.request_id WHERE ${where}`, [department]);
  return { rows: await listRequestsByIds(db, ids.map((r) => r.id)), total: Number(n) };
}
