import type { Channel, FollowUpStatus } from '../bundles/evaluation-rules.ts';
import type { Db } from './db.ts';

/** 好差评 in the services store: one evaluation per bundle, one follow-up per 差评 (bundles/evaluation.ts). */
export interface Evaluation {
  id: string; bundleId: string; itemCode: string; level: number; comment: string | null; channel: Channel; at: string;
}
export interface FollowUp {
  id: string; bundleId: string; evaluationId: string; status: FollowUpStatus; owner: string; dueAt: string;
  actions: string | null; revisitLevel: number | null; createdAt: string; closedAt: string | null;
}

type Query = Pick<Db, 'query'>;
const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

const EVALUATION_COLUMNS = 'id, bundle_id, item_code, level, comment, channel, created_at';
const toEvaluation = (r: any): Evaluation => ({ id: r.id, bundleId: r.bundle_id, itemCode: r.item_code, level: r.level, comment: r.comment, channel: r.channel, at: iso(r.created_at)! });
const FOLLOW_UP_COLUMNS = 'id, bundle_id, evaluation_id, status, owner, due_at, actions, revisit_level, created_at, closed_at';
const toFollowUp = (r: any): FollowUp => ({
  id: r.id, bundleId: r.bundle_id, evaluationId: r.evaluation_id, status: r.status, owner: r.owner, dueAt: iso(r.due_at)!,
  actions: r.actions, revisitLevel: r.revisit_level, createdAt: iso(r.created_at)!, closedAt: iso(r.closed_at),
});

export interface NewEvaluation {
  id: string; bundleId: string; itemCode: string; level: number; comment: string | null; channel: Channel;
  evaluatorSub: string; evaluatorRole: string; at: string;
  /** The follow-up a 差评 opens with it, in the same transaction. */
  followUp?: { id: string; owner: string; dueAt: string };
}

/** Stores the bundle's one evaluation (and its follow-up); false when the bundle was already rated. */
export async function insertEvaluation(db: Db, e: NewEvaluation): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO evaluation (id, bundle_id, item_code, level, comment, channel, evaluator_sub, evaluator_role, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (bundle_id) DO NOTHING RETURNING id`,
      [e.id, e.bundleId, e.itemCode, e.level, e.comment, e.channel, e.evaluatorSub, e.evaluatorRole, e.at],
    );
    if (!inserted.length) return false;
    if (e.followUp) {
      await tx.query(
        `INSERT INTO follow_up (id, evaluation_id, bundle_id, status, owner, due_at, created_at, updated_at) VALUES ($1, $2, $3, 'OPEN', $4, $5, $6, $6)`,
        [e.followUp.id, e.id, e.bundleId, e.followUp.owner, e.followUp.dueAt, e.at],
      );
    }
    return true;
  });
}

export async function evaluationOfBundle(db: Query, bundleId: string): Promise<Evaluation | null> {
  const [row] = await db.query(`SELECT ${EVALUATION_COLUMNS} FROM evaluation WHERE bundle_id = $1`, [bundleId]);
  return row ? toEvaluation(row) : null;
}

export async function evaluationById(db: Query, id: string): Promise<Evaluation | null> {
  const [row] = await db.query(`SELECT ${EVALUATION_COLUMNS} FROM evaluation WHERE id = $1`, [id]);
  return row ? toEvaluation(row) : null;
}

export async function followUpOfEvaluation(db: Query, evaluationId: string): Promise<FollowUp | null> {
  const [row] = await db.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up WHERE evaluation_id = $1`, [evaluationId]);
  return row ? toFollowUp(row) : null;
}

/** Follow-ups by due date, of one status or all. */
export async function followUps(db: Query, status: FollowUpStatus | null | undefined, limit: number): Promise<FollowUp[]> {
  const rows = status
    ? await db.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up WHERE status = $1 ORDER BY due_at, id LIMIT $2`, [status, limit])
    : await db.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up ORDER BY due_at, id LIMIT $1`, [limit]);
  return rows.map(toFollowUp);
}

/** Closes a follow-up not yet closed; null when there is none such (followUpStatus tells which). */
export async function closeFollowUpRow(db: Query, c: { id: string; actions: string; revisitLevel: number; closedBy: string; at: string }): Promise<FollowUp | null> {
  const updated = await db.query(
    `UPDATE follow_up SET status = 'CLOSED', actions = $2, revisit_level = $3, closed_by = $4, closed_at = $5, updated_at = $5
     WHERE id = $1 AND status <> 'CLOSED' RETURNING ${FOLLOW_UP_COLUMNS}`,
    [c.id, c.actions, c.revisitLevel, c.closedBy, c.at],
  );
  return updated.length ? toFollowUp(updated[0]) : null;
}

/** A follow-up's status; null when there is no such follow-up. */
export async function followUpStatus(db: Query, id: string): Promise<string | null> {
  const [row] = await db.query<{ status: string }>('SELECT status FROM follow_up WHERE id = $1', [id]);
  return row?.status ?? null;
}
