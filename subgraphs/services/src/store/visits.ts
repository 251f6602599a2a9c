import type { Db } from './db.ts';

/** 走楼访企 in the services store (requests/visits.ts says who may record and read them). */
export interface VisitRow {
  id: string; uscc: string; buildingId: string; visitedAt: string; met: string; topics: string[]; notes: string | null;
  requestIds: string[]; staffSub: string; createdAt: string;
}
type Query = Pick<Db, 'query'>;
const COLUMNS = 'id, uscc, building_id, visited_at, met, topics, notes, request_ids, staff_sub, created_at, request_hash';
const toVisit = (r: any): VisitRow => ({
  id: r.id, uscc: r.uscc, buildingId: r.building_id, visitedAt: new Date(r.visited_at).toISOString(), met: r.met, topics: r.topics, notes: r.notes,
  requestIds: r.request_ids, staffSub: r.staff_sub, createdAt: new Date(r.created_at).toISOString(),
});

export type NewVisit = Omit<VisitRow, 'createdAt'> & { idempotencyKey: string; requestHash: string };

/** Stores a visit; on a known key, the visit stored under it and its hash. */
export async function insertVisit(db: Query, v: NewVisit): Promise<{ visit: VisitRow; requestHash: string }> {
  const inserted = await db.query(
    `INSERT INTO visit (id, idempotency_key, request_hash, uscc, building_id, visited_at, met, topics, notes, request_ids, staff_sub)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
    [v.id, v.idempotencyKey, v.requestHash, v.uscc, v.buildingId, v.visitedAt, v.met, v.topics, v.notes, v.requestIds, v.staffSub],
  );
  const [row] = inserted.length ? inserted : await db.query(`SELECT ${COLUMNS} FROM visit WHERE idempotency_key = $1`, [v.idempotencyKey]);
  return { visit: toVisit(row), requestHash: (row as any).request_hash };
}

/** A page of visits, newest first: a building's, or an enterprise's (optionally only in some buildings). */
export async function listVisits(db: Query, where: { buildingId: string } | { uscc: string; buildings?: string[] }, offset: number, limit: number): Promise<{ rows: VisitRow[]; total: number }> {
  const [clause, params] = 'buildingId' in where
    ? ['building_id = $1', [where.buildingId]]
    : where.buildings ? ['uscc = $1 AND building_id = ANY($2)', [where.uscc, where.buildings]] : ['uscc = $1', [where.uscc]];
  const n0 = params.length;
  const rows = await db.query(`SELECT ${COLUMNS} FROM visit WHERE ${clause} ORDER BY visited_at DESC, id DESC OFFSET $${n0 + 1} LIMIT $${n0 + 2}`, [...params, offset, limit]);
  const [{ n }] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM visit WHERE ${clause}`, params);
  return { rows: rows.map(toVisit), total: Number(n) };
}

/** Which of `ids` are requests of `uscc`. */
export async function requestsOf(db: Query, uscc: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await db.query<{ id: string }>('SELECT id FROM request WHERE uscc = $1 AND id = ANY($2)', [uscc, ids])).map((r) => r.id);
}
