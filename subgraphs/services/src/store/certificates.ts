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

/** Withdraws a certificate (撤销): verification then answers REVOKED. */
export async function revokeCertificate(db: Pick<Db, 'query'>, number: string, at = new Date()): Promise<void> {
  await db.query('UPDATE certificate SET revoked_at = $2 WHERE number = $1 AND revoked_at IS NULL', [number, at.toISOString()]);
}
