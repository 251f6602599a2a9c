import type { Logger } from '@district/runtime';
import type { AccessRecordInput } from '@district/audit';
import { appendWithin } from './audit-append.ts';
import type { Db } from './db.ts';

/**
 * 证明 (certificates) in the services store: one row per certificate, the document kept as the
 * exact text that was signed (certificates/signing.ts), so verification checks the stored bytes.
 */
export interface StoredCertificate {
  number: string;
  kind: string;
  uscc: string;
  idempotencyKey: string;
  verificationCode: string;
  /** The signed JSON text (certificates/issue.ts: CertificateDocument). */
  document: string;
  signature: string;
  keyId: string;
  issuedAt: string;
  validUntil: string;
  revokedAt: string | null;
}

const COLUMNS = `number, kind, uscc, idempotency_key AS "idempotencyKey", verification_code AS "verificationCode", document, signature,
  key_id AS "keyId", issued_at AS "issuedAt", valid_until AS "validUntil", revoked_at AS "revokedAt"`;

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
const row = (r: any): StoredCertificate => ({ ...r, issuedAt: iso(r.issuedAt)!, validUntil: iso(r.validUntil)!, revokedAt: iso(r.revokedAt) });

/** 证明编号: LS-ZM-YYYYMMDD-NNNNNN, the date in China Standard Time. */
export function certificateNumber(seq: number, at: Date): string {
  const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `LS-ZM-${day}-${String(seq % 1_000_000).padStart(6, '0')}`;
}

export async function nextCertificateSeq(db: Pick<Db, 'query'>): Promise<number> {
  const [r] = await db.query<{ n: string }>("SELECT nextval('certificate_number') AS n");
  return Number(r.n);
}

export async function certificateByKey(db: Pick<Db, 'query'>, idempotencyKey: string): Promise<StoredCertificate | null> {
  const [r] = await db.query(`SELECT ${COLUMNS} FROM certificate WHERE idempotency_key = $1`, [idempotencyKey]);
  return r ? row(r) : null;
}

export async function certificateByCode(db: Pick<Db, 'query'>, code: string): Promise<StoredCertificate | null> {
  const [r] = await db.query(`SELECT ${COLUMNS} FROM certificate WHERE verification_code = $1`, [code]);
  return r ? row(r) : null;
}

export async function certificateByNumber(db: Pick<Db, 'query'>, number: string): Promise<StoredCertificate | null> {
  const [r] = await db.query(`SELECT ${COLUMNS} FROM certificate WHERE number = $1`, [number]);
  return r ? row(r) : null;
}

/**
 * Stores a certificate with its access record, in one transaction; `false` when its idempotency key
 * was taken meanwhile (a concurrent issue with the same key: the caller reads that one back).
 */
export async function insertCertificate(
  db: Db, c: StoredCertificate & { issuerSub: string; issuerRole: string }, records: AccessRecordInput[], logger?: Logger,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO certificate (number, kind, uscc, idempotency_key, verification_code, document, signature, key_id, issued_at, valid_until, issuer_sub, issuer_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (idempotency_key) DO NOTHING RETURNING number`,
      [c.number, c.kind, c.uscc, c.idempotencyKey, c.verificationCode, c.document, c.signature, c.keyId, c.issuedAt, c.validUntil, c.issuerSub, c.issuerRole],
    );
    if (!inserted.length) return false;
    await appendWithin(tx, records, logger, { certificate: c.number });
    return true;
  });
}

/** 撤销 as stored: who withdrew the certificate, when, why, under which idempotency key. */
export interface Revocation {
  number: string;
  revokedAt: string;
  reason: string;
  revokedBySub: string;
  revokedByRole: string;
  idempotencyKey: string;
}

const REVOCATION_COLUMNS = `number, revoked_at AS "revokedAt", revoke_reason AS "reason", revoked_by_sub AS "revokedBySub",
  revoked_by_role AS "revokedByRole", revoke_idempotency_key AS "idempotencyKey"`;
const revocationRow = (r: any): Revocation => ({ ...r, revokedAt: iso(r.revokedAt)! });

export async function revocationByKey(db: Pick<Db, 'query'>, idempotencyKey: string): Promise<Revocation | null> {
  const [r] = await db.query(`SELECT ${REVOCATION_COLUMNS} FROM certificate WHERE revoke_idempotency_key = $1`, [idempotencyKey]);
  return r ? revocationRow(r) : null;
}

/**
 * Withdraws a certificate (撤销) with its access record, in one transaction: verification then
 * answers REVOKED. `null` when it was already revoked (or its key taken) meanwhile: the caller reads
 * back what is stored.
 */
export async function revokeCertificate(
  db: Db, r: Omit<Revocation, 'revokedAt'> & { at: Date }, records: AccessRecordInput[], logger?: Logger,
): Promise<Revocation | null> {
  return db.transaction(async (tx) => {
    const [updated] = await tx.query(
      `UPDATE certificate SET revoked_at = $2, revoke_reason = $3, revoked_by_sub = $4, revoked_by_role = $5, revoke_idempotency_key = $6
       WHERE number = $1 AND revoked_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM certificate WHERE revoke_idempotency_key = $6)
       RETURNING ${REVOCATION_COLUMNS}`,
      [r.number, r.at.toISOString(), r.reason, r.revokedBySub, r.revokedByRole, r.idempotencyKey],
    );
    if (!updated) return null;
    await appendWithin(tx, records, logger, { certificate: r.number });
    return revocationRow(updated);
  }).catch((error: unknown) => {
    // The same key taken by a concurrent revocation between the check and the write (unique_violation): read back like any other repeat.
    if ((error as { code?: string } | null)?.code === '23505') return null;
    throw error;
  });
}

/** What is stored of a certificate's revocation, if any. */
export async function revocationOf(db: Pick<Db, 'query'>, number: string): Promise<Revocation | null> {
  const [r] = await db.query(`SELECT ${REVOCATION_COLUMNS} FROM certificate WHERE number = $1 AND revoked_at IS NOT NULL`, [number]);
  return r ? revocationRow(r) : null;
}
