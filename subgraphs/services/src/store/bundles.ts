import { createHash } from 'node:crypto';
import { conflict, type Caller } from '@district/domain';
import type { Logger } from '@district/runtime';
import type { AccessRecordInput } from '@district/audit';
import type { BundleKind, StepDefinition, StepKey, StepResult } from '../bundles/definitions.ts';
import { bundleStatus, type BundleStatus, type StepStatus } from '../bundles/status.ts';
import { appendOwn, appendWithin } from './audit-append.ts';
import type { Db } from './db.ts';

/**
 * Bundles and their steps in the services store. A bundle is created once per idempotency key:
 * submitting again with the same key returns the same bundle (and a different form under the same
 * key is a CONFLICT). The form is kept for the department writes and never logged: it holds the
 * legal representative's ID number.
 */
export interface BundleStep {
  key: StepKey;
  department: string;
  position: number;
  status: StepStatus;
  attempts: number;
  lastError: string | null;
  result: StepResult | null;
  nextAttemptAt: string;
}

export interface Bundle {
  id: string;
  kind: BundleKind;
  status: BundleStatus;
  reason: string | null;
  uscc: string | null;
  applicantSub: string;
  applicantRole: string;
  results: StepResult;
  createdAt: string;
  updatedAt: string;
  steps: BundleStep[];
}

type Query = Pick<Db, 'query'>;

/** 办件编号: LS-YYYYMMDD-NNNNNN, the date in China Standard Time. */
export function bundleNumber(seq: number, now = new Date()): string {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `LS-${day}-${String(seq % 1_000_000).padStart(6, '0')}`;
}

/** Stable JSON (sorted keys), so the same form hashes the same whatever its key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as any)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface NewBundle {
  kind: BundleKind;
  idempotencyKey: string;
  caller: Caller;
  uscc: string | null;
  form: Record<string, unknown>;
  steps: StepDefinition[];
  /** Access records of the submission (its precondition reads), given the bundle's number: appended with the bundle. */
  records?: (bundleId: string | null) => AccessRecordInput[];
}

/**
 * Creates the bundle and its steps, or returns the bundle already submitted under this key. The
 * submission's access records are appended in the same transaction as the bundle; when no bundle
 * is created (the key was taken meanwhile, or the store failed) they are appended on their own.
 */
export async function submitBundle(db: Db, b: NewBundle, logger?: Logger): Promise<{ bundle: Bundle; created: boolean }> {
  const requestHash = createHash('sha256').update(stable({ kind: b.kind, form: b.form })).digest('hex');
  const onItsOwn = async (bundleId: string | null) => { if (b.records) await appendOwn(db, b.records(bundleId), logger, { kind: b.kind }); };
  const created = await db.transaction(async (tx) => {
    const [{ n }] = await tx.query<{ n: string | number }>(`SELECT nextval('bundle_number') AS n`);
    const id = bundleNumber(Number(n));
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO bundle (id, kind, idempotency_key, request_hash, applicant_sub, applicant_role, uscc, form, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, 'SUBMITTED') ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [id, b.kind, b.idempotencyKey, requestHash, b.caller.sub, b.caller.role, b.uscc, JSON.stringify(b.form)],
    );
    if (!inserted.length) return null;
    for (const [position, s] of b.steps.entries()) {
      await tx.query('INSERT INTO bundle_step (bundle_id, key, department, position, needs, status) VALUES ($1, $2, $3, $4, $5::text[], $6)', [id, s.key, s.department, position, s.needs, 'PENDING']);
    }
    if (b.records) await appendWithin(tx, b.records(id), logger, { bundle: id });
    return id;
  }).catch(async (error) => {
    await onItsOwn(null);
    throw error;
  });
  if (created) return { bundle: (await getBundle(db, created))!, created: true };
  const [existing] = await db.query<{ id: string; request_hash: string; applicant_sub: string }>('SELECT id, request_hash, applicant_sub FROM bundle WHERE idempotency_key = $1', [b.idempotencyKey]);
  const same = existing.request_hash === requestHash && existing.applicant_sub === b.caller.sub;
  await onItsOwn(same ? existing.id : null);
  if (!same) {
    throw conflict(`幂等键已用于另一申请 — the idempotency key ${b.idempotencyKey} was already used for a different submission (${existing.id})`, { bundleId: existing.id });
  }
  return { bundle: (await getBundle(db, existing.id))!, created: false };
}

/** The bundle already submitted under this idempotency key, if any. */
export async function bundleIdForKey(db: Query, idempotencyKey: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM bundle WHERE idempotency_key = $1', [idempotencyKey]);
  return row?.id ?? null;
}

interface BundleRow {
  id: string; kind: BundleKind; status: BundleStatus; reason: string | null; uscc: string | null; applicant_sub: string; applicant_role: string;
  results: StepResult; created_at: Date | string; updated_at: Date | string;
}
interface StepRow {
  key: StepKey; department: string; position: number; status: StepStatus; attempts: number; last_error: string | null;
  result: StepResult | null; next_attempt_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * A bundle with its steps, read in ONE statement: one snapshot. The worker records a step's outcome
 * and the bundle's results in one transaction; two reads could fall on either side of it and show
 * a completed bundle without the result its last step just added.
 */
export async function getBundle(db: Query, id: string): Promise<Bundle | null> {
  const [row] = await db.query<BundleRow & { steps: StepRow[] | null }>(
    `SELECT b.id, b.kind, b.status, b.reason, b.uscc, b.applicant_sub, b.applicant_role, b.results, b.created_at, b.updated_at,
       (SELECT json_agg(json_build_object('key', s.key, 'department', s.department, 'position', s.position, 'status', s.status, 'attempts', s.attempts,
                 'last_error', s.last_error, 'result', s.result, 'next_attempt_at', s.next_attempt_at) ORDER BY s.position)
          FROM bundle_step s WHERE s.bundle_id = b.id) AS steps
     FROM bundle b WHERE b.id = $1`,
    [id],
  );
  if (!row) return null;
  const steps = (row.steps ?? [])
    .map((s) => ({ key: s.key, department: s.department, position: s.position, status: s.status, attempts: s.attempts, lastError: s.last_error, result: s.result, nextAttemptAt: iso(s.next_attempt_at) }));
  return {
    id: row.id, kind: row.kind,
    // Derived from the steps (bundles/status.ts); the stored column follows it for listings.
    status: bundleStatus(steps),
    reason: row.reason, uscc: row.uscc, applicantSub: row.applicant_sub, applicantRole: row.applicant_role,
    results: row.results ?? {}, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at), steps,
  };
}

export interface BundleForm {
  kind: BundleKind;
  form: Record<string, any>;
  results: StepResult;
  uscc: string | null;
  /** Who submitted it, in which role: the person its department writes are recorded for. */
  applicantSub: string;
  applicantRole: string;
}

/** The form, for the worker's department writes only. */
export async function getForm(db: Query, id: string): Promise<BundleForm | null> {
  const [row] = await db.query<BundleForm>('SELECT kind, form, results, uscc, applicant_sub AS "applicantSub", applicant_role AS "applicantRole" FROM bundle WHERE id = $1', [id]);
  return row ?? null;
}
