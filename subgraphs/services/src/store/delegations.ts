import type { Db } from './db.ts';

type Query = Pick<Db, 'query'>;

/**
 * 委托 (delegations, 帮办代办) in the services store. Nothing here is cached: the gateway reads a
 * delegation once per request of an agent (one indexed row by its primary key), so a revocation
 * holds on every instance from the next request, with nothing to invalidate.
 */
export interface DelegationRow {
  id: string;
  uscc: string;
  agentKind: 'STAFF' | 'PERSON';
  agentId: string;
  purposes: string[];
  bundleKinds: string[];
  certificateKinds: string[];
  validFrom: string;
  validUntil: string;
  oneTime: boolean;
  usedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export type NewDelegation = Omit<DelegationRow, 'usedAt' | 'revokedAt' | 'createdAt'> & { grantedBy: string; idempotencyKey: string; requestHash: string };

const COLUMNS = `id, uscc, agent_kind AS "agentKind", agent_id AS "agentId", purposes, bundle_kinds AS "bundleKinds", certificate_kinds AS "certificateKinds",
  valid_from AS "validFrom", valid_until AS "validUntil", one_time AS "oneTime", used_at AS "usedAt", revoked_at AS "revokedAt", created_at AS "createdAt"`;

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
const row = (r: any): DelegationRow => ({
  ...r, validFrom: iso(r.validFrom)!, validUntil: iso(r.validUntil)!, usedAt: iso(r.usedAt), revokedAt: iso(r.revokedAt), createdAt: iso(r.createdAt)!,
});

/** Stores a new delegation; when its idempotency key is taken, the one stored under it and its request hash instead. */
export async function insertDelegation(db: Query, d: NewDelegation): Promise<{ delegation: DelegationRow; requestHash: string }> {
  const inserted = await db.query(
    `INSERT INTO delegation (id, uscc, agent_kind, agent_id, purposes, bundle_kinds, certificate_kinds, valid_from, valid_until, one_time, granted_by, idempotency_key, request_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
    [d.id, d.uscc, d.agentKind, d.agentId, d.purposes, d.bundleKinds, d.certificateKinds, d.validFrom, d.validUntil, d.oneTime, d.grantedBy, d.idempotencyKey, d.requestHash],
  );
  if (inserted.length) return { delegation: row(inserted[0]), requestHash: d.requestHash };
  const [existing] = await db.query<any>(`SELECT ${COLUMNS}, request_hash AS "requestHash" FROM delegation WHERE idempotency_key = $1`, [d.idempotencyKey]);
  const { requestHash, ...rest } = existing;
  return { delegation: row(rest), requestHash };
}

export async function delegationById(db: Query, id: string): Promise<DelegationRow | null> {
  const [r] = await db.query(`SELECT ${COLUMNS} FROM delegation WHERE id = $1`, [id]);
  return r ? row(r) : null;
}

/** Withdraws a delegation (撤销) once; revoking it again changes nothing. */
export async function revokeDelegationRow(db: Query, id: string, at: Date): Promise<DelegationRow | null> {
  await db.query('UPDATE delegation SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at.toISOString()]);
  return delegationById(db, id);
}

/**
 * Spends a one-time delegation's use, atomically: one conditional UPDATE, so of any number of
 * concurrent uses (on any instance sharing the store) exactly one finds it unspent. True when this
 * call spent it; false when it was spent, revoked, or outside its window by then.
 */
export async function consumeDelegation(db: Query, id: string, agentId: string, at: Date): Promise<boolean> {
  const spent = await db.query(
    `UPDATE delegation SET used_at = $3 WHERE id = $1 AND agent_id = $2 AND one_time AND used_at IS NULL AND revoked_at IS NULL
       AND valid_from <= $3 AND valid_until > $3 RETURNING id`,
    [id, agentId, at.toISOString()],
  );
  return spent.length === 1;
}

/** The delegations an enterprise granted, or an agent holds, newest first, a page at a time. */
export async function listDelegations(db: Query, by: { uscc: string } | { agentId: string }, offset: number, limit: number): Promise<{ rows: DelegationRow[]; total: number }> {
  const [where, value] = 'uscc' in by ? ['uscc = $1', by.uscc] : ['agent_id = $1', by.agentId];
  const rows = await db.query(`SELECT ${COLUMNS} FROM delegation WHERE ${where} ORDER BY created_at DESC, id OFFSET $2 LIMIT $3`, [value, offset, limit]);
  const [{ n }] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM delegation WHERE ${where}`, [value]);
  return { rows: rows.map(row), total: Number(n) };
}
