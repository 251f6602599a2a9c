import type { Db } from './db.ts';
import type { RequestAction, RequestState } from '../requests/rules.ts';

/** 诉求 in the services store (requests/flow.ts says who may do what). */
export interface RequestRow {
  id: string; uscc: string; buildingId: string | null; category: string; department: string; title: string; detail: string | null;
  state: RequestState; seq: number; dueAt: string; escalatedAt: string | null; createdAt: string; updatedAt: string;
}
export interface TransitionRow {
  seq: number; action: RequestAction | 'RAISE'; fromState: RequestState | null; toState: RequestState;
  actorSub: string; actorRole: string; note: string | null; at: string;
}
export interface RatingRow {
  level: number; comment: string | null; channel: string; followUpOwner: string | null; followUpDueAt: string | null; at: string;
  followUpActions: string | null; followUpRevisitLevel: number | null; followUpClosedAt: string | null;
}

type Query = Pick<Db, 'query'>;
const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
const COLUMNS = 'id, uscc, building_id, category, department, title, detail, state, seq, due_at, escalated_at, created_at, updated_at, request_hash';
const toRequest = (r: any): RequestRow => ({
  id: r.id, uscc: r.uscc, buildingId: r.building_id, category: r.category, department: r.department, title: r.title, detail: r.detail,
  state: r.state, seq: r.seq, dueAt: iso(r.due_at)!, escalatedAt: iso(r.escalated_at), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
});
const toTransition = (r: any): TransitionRow => ({
  seq: r.seq, action: r.action, fromState: r.from_state, toState: r.to_state, actorSub: r.actor_sub, actorRole: r.actor_role, note: r.note, at: iso(r.at)!,
});

export interface NewRequest {
  idempotencyKey: string; requestHash: string; uscc: string; buildingId: string | null; category: string; department: string;
  title: string; detail: string | null; dueAt: string; actorSub: string; actorRole: string; at: string;
}

/** Stores a raised request (受理) with its first transition; on a known key, the request stored under it and its hash. */
export async function insertRequest(db: Db, r: NewRequest): Promise<{ request: RequestRow; created: boolean; requestHash: string }> {
  return db.transaction(async (tx) => {
    const [{ n }] = await tx.query<{ n: string }>(`SELECT nextval('request_number') AS n`);
    const id = `SQ${r.at.slice(0, 10).replaceAll('-', '')}${String(n).padStart(6, '0')}`;
    const inserted = await tx.query(
      `INSERT INTO request (id, idempotency_key, request_hash, uscc, building_id, category, department, title, detail, state, seq, due_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'ACCEPTED', 1, $10, $11, $11) ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
      [id, r.idempotencyKey, r.requestHash, r.uscc, r.buildingId, r.category, r.department, r.title, r.detail, r.dueAt, r.at],
    );
    if (!inserted.length) {
      const [existing] = await tx.query(`SELECT ${COLUMNS} FROM request WHERE idempotency_key = $1`, [r.idempotencyKey]);
      return { request: toRequest(existing), created: false, requestHash: (existing as any).request_hash };
    }
    await tx.query(
      `INSERT INTO request_transition (request_id, seq, action, from_state, to_state, actor_sub, actor_role, at) VALUES ($1, 1, 'RAISE', NULL, 'ACCEPTED', $2, $3, $4)`,
      [id, r.actorSub, r.actorRole, r.at],
    );
    return { request: toRequest(inserted[0]), created: true, requestHash: r.requestHash };
  });
}

export async function getRequest(db: Query, id: string): Promise<RequestRow | null> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM request WHERE id = $1`, [id]);
  return row ? toRequest(row) : null;
}

/** The move an idempotency key already made, if any. */
export async function transitionByKey(db: Query, key: string): Promise<{ requestId: string; action: string } | null> {
  const [row] = await db.query<{ request_id: string; action: string }>('SELECT request_id, action FROM request_transition WHERE idempotency_key = $1', [key]);
  return row ? { requestId: row.request_id, action: row.action } : null;
}

export interface Move {
  id: string; action: RequestAction; from: RequestState; to: RequestState; actorSub: string; actorRole: string; note: string | null;
  idempotencyKey: string; at: string;
  /** Stored with the move, in its transaction (评价). */
  rating?: { level: number; comment: string | null; channel: string; followUpOwner: string | null; followUpDueAt: string | null };
}

/**
 * Moves a request from `from` to `to` under a row lock; returns the state it found when that was not
 * `from` (nothing moved), or 'DUPLICATE' when the key was taken meanwhile.
 */
export async function moveRequest(db: Db, m: Move): Promise<{ moved: true } | { moved: false; current: RequestState | 'DUPLICATE' }> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.query<{ state: RequestState; seq: number }>('SELECT state, seq FROM request WHERE id = $1 FOR UPDATE', [m.id]);
      if (row.state !== m.from) return { moved: false, current: row.state };
      const seq = row.seq + 1;
      await tx.query(
        `INSERT INTO request_transition (request_id, seq, action, from_state, to_state, actor_sub, actor_role, note, idempotency_key, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [m.id, seq, m.action, m.from, m.to, m.actorSub, m.actorRole, m.note, m.idempotencyKey, m.at],
      );
      await tx.query('UPDATE request SET state = $2, seq = $3, updated_at = $4 WHERE id = $1', [m.id, m.to, seq, m.at]);
      if (m.rating) {
        await tx.query(
          `INSERT INTO request_rating (request_id, level, comment, channel, rater_sub, follow_up_owner, follow_up_due_at, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [m.id, m.rating.level, m.rating.comment, m.rating.channel, m.actorSub, m.rating.followUpOwner, m.rating.followUpDueAt, m.at],
        );
      }
      return { moved: true as const };
    });
  } catch (error) {
    // 23505: the idempotency key was used by a move that committed first.
    if ((error as { code?: string }).code === '23505') return { moved: false, current: 'DUPLICATE' };
    throw error;
  }
}

export async function transitionsOf(db: Query, ids: readonly string[]): Promise<TransitionRow[][]> {
  const rows = await db.query<any>('SELECT request_id, seq, action, from_state, to_state, actor_sub, actor_role, note, at FROM request_transition WHERE request_id = ANY($1) ORDER BY seq', [ids]);
  return ids.map((id) => rows.filter((r) => r.request_id === id).map(toTransition));
}

export async function ratingsOf(db: Query, ids: readonly string[]): Promise<(RatingRow | null)[]> {
  const rows = await db.query<any>(
    'SELECT request_id, level, comment, channel, follow_up_owner, follow_up_due_at, at, follow_up_actions, follow_up_revisit_level, follow_up_closed_at FROM request_rating WHERE request_id = ANY($1)',
    [ids],
  );
  return ids.map((id) => {
    const r = rows.find((x) => x.request_id === id);
    return r ? {
      level: r.level, comment: r.comment, channel: r.channel, followUpOwner: r.follow_up_owner, followUpDueAt: iso(r.follow_up_due_at), at: iso(r.at)!,
      followUpActions: r.follow_up_actions, followUpRevisitLevel: r.follow_up_revisit_level, followUpClosedAt: iso(r.follow_up_closed_at),
    } : null;
  });
}

/** A page of requests, newest first: an enterprise's, or a building's open ones. */
export async function listRequests(
  db: Query, where: { uscc: string; buildings?: string[] } | { buildingId: string; open: true }, offset: number, limit: number,
): Promise<{ rows: RequestRow[]; total: number }> {
  // An enterprise's requests, to building staff: only those filed under one of their buildings.
  const [clause, params] = 'uscc' in where
    ? (where.buildings ? ['uscc = $1 AND building_id = ANY($2)', [where.uscc, where.buildings]] : ['uscc = $1', [where.uscc]])
    : [`building_id = $1 AND state <> 'CLOSED'`, [where.buildingId]];
  const n0 = params.length;
  const rows = await db.query(`SELECT ${COLUMNS} FROM request WHERE ${clause} ORDER BY created_at DESC, id DESC OFFSET $${n0 + 1} LIMIT $${n0 + 2}`, [...params, offset, limit]);
  const [{ n }] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM request WHERE ${clause}`, params);
  return { rows: rows.map(toRequest), total: Number(n) };
}

/** Requests by id, in the order asked. */
export async function listRequestsByIds(db: Query, ids: readonly string[]): Promise<RequestRow[]> {
  if (!ids.length) return [];
  const rows = (await db.query(`SELECT ${COLUMNS} FROM request WHERE id = ANY($1)`, [ids])).map(toRequest);
  return ids.map((id) => rows.find((r) => r.id === id)!).filter(Boolean);
}

/** Closes a request's open 差评 follow-up; false when there is none open. */
export async function closeRequestFollowUpRow(db: Query, c: { id: string; actions: string; revisitLevel: number; closedBy: string; at: string }): Promise<boolean> {
  const updated = await db.query(
    `UPDATE request_rating SET follow_up_actions = $2, follow_up_revisit_level = $3, follow_up_closed_by = $4, follow_up_closed_at = $5
     WHERE request_id = $1 AND follow_up_owner IS NOT NULL AND follow_up_closed_at IS NULL RETURNING request_id`,
    [c.id, c.actions, c.revisitLevel, c.closedBy, c.at],
  );
  return updated.length > 0;
}
