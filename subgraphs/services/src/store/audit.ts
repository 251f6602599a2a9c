import { createHash } from 'node:crypto';
import type { AccessRecordInput } from '@district/audit';
import type { Db } from './db.ts';

/**
 * The access record: append-only and hash-chained. Each record's hash is SHA-256 over a canonical
 * serialization of all its columns, exactly as stored (the verifier reads the time to the
 * microsecond and the arrays' shape), including seq and the previous record's hash, so an edited,
 * deleted, inserted or reordered record breaks the chain (verifyChain). Appends take a
 * transaction-scoped advisory lock, so concurrent writers (several services instances on one
 * PostgreSQL, or concurrent requests on PGlite) never fork the chain; the primary key on seq is
 * the second line of defence.
 */
export const GENESIS_HASH = '0'.repeat(64);
const APPEND_LOCK_KEY = 7_370_213;

export interface AccessRecord {
  seq: number;
  at: string;
  requestId: string;
  /** The client's own x-request-id, when it sent one (column added later: null in older records). */
  clientRequestId?: string | null;
  /** The registered operation the request ran, its manifest name and id (columns added later: null in older records). */
  operation?: string | null;
  operationId?: string | null;
  /** The agent (帮办代办) who acted under a delegation, and that delegation (columns added later: null otherwise). */
  agent?: string | null;
  delegationId?: string | null;
  who: string;
  role: string;
  purpose: string | null;
  caseId: string | null;
  departments: string[];
  subjects: string[];
  fields: string[];
  outcome: string;
  prevHash: string;
  hash: string;
}

const sortedUnique = (xs: readonly string[]) => [...new Set(xs)].sort();

/**
 * The exact bytes hashed: a JSON array in fixed column order (no key-order ambiguity). Columns
 * added after the first records were written follow as one trailing object holding those that
 * are set, so every record written before them hashes exactly as it did; setting or clearing one
 * later changes the bytes like any other edit.
 */
export function canonical(r: Omit<AccessRecord, 'hash'>): string {
  const columns: unknown[] = [
    r.seq, r.at, r.requestId, r.who, r.role, r.purpose ?? null, r.caseId ?? null,
    r.departments, r.subjects, r.fields, r.outcome, r.prevHash,
  ];
  const later: Record<string, unknown> = {};
  if (r.clientRequestId != null) later.clientRequestId = r.clientRequestId;
  if (r.operation != null) later.operation = r.operation;
  if (r.operationId != null) later.operationId = r.operationId;
  if (r.agent != null) later.agent = r.agent;
  if (r.delegationId != null) later.delegationId = r.delegationId;
  if (Object.keys(later).length) columns.push(later);
  return JSON.stringify(columns);
}

export const hashRecord = (r: Omit<AccessRecord, 'hash'>): string => createHash('sha256').update(canonical(r)).digest('hex');

interface Row {
  seq: string | number; at: Date | string; request_id: string; client_request_id: string | null; who: string; role: string; purpose: string | null; case_id: string | null;
  departments: string[]; subjects: string[]; fields: string[]; outcome: string; prev_hash: string; hash: string;
  operation: string | null; operation_id: string | null; agent: string | null; delegation_id: string | null;
}

const fromRow = (r: Row): AccessRecord => ({
  seq: Number(r.seq), at: new Date(r.at).toISOString(), requestId: r.request_id, clientRequestId: r.client_request_id, who: r.who, role: r.role,
  purpose: r.purpose, caseId: r.case_id, departments: r.departments, subjects: r.subjects, fields: r.fields,
  outcome: r.outcome, prevHash: r.prev_hash, hash: r.hash, operation: r.operation, operationId: r.operation_id,
  agent: r.agent, delegationId: r.delegation_id,
});

/**
 * Appends records in order, in one transaction, chained onto the current head — once per request
 * id: a record whose request id is already on the chain (a batch sent again by a writer that died
 * between the write and hearing of it, audit-spool.ts) is not appended again; its place in the
 * answer is the record already there. Request ids are the gateway's own UUIDs, so no two requests
 * share one.
 */
export async function appendAccessRecords(db: Db, inputs: AccessRecordInput[]): Promise<AccessRecord[]> {
  if (!inputs.length) return [];
  return db.transaction((tx) => appendAccessRecordsIn(tx, inputs));
}

/**
 * The same, inside a transaction of the caller's: a record appended with what it records (a bundle
 * accepted, a step's outcome) commits with it or not at all. Holds the append lock until that
 * transaction ends, so append last.
 */
export async function appendAccessRecordsIn(tx: Pick<Db, 'query'>, inputs: AccessRecordInput[]): Promise<AccessRecord[]> {
  if (!inputs.length) return [];
  await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
  const ids = [...new Set(inputs.map((i) => i.requestId))];
  const known = new Map((await tx.query<Row>('SELECT * FROM access_record WHERE request_id = ANY($1::text[]) ORDER BY seq', [ids])).map((r) => [r.request_id, fromRow(r)]));
  const [head] = await tx.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM access_record ORDER BY seq DESC LIMIT 1');
  let seq = head ? Number(head.seq) : 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const out: AccessRecord[] = [];
  const answer: AccessRecord[] = [];
  for (const input of inputs) {
    const already = known.get(input.requestId);
    if (already) {
      answer.push(already);
      continue;
    }
    const body = {
      seq: ++seq,
      // Milliseconds, as the column keeps them (timestamptz(3)): what is hashed is what is stored.
      at: new Date(input.at).toISOString(),
      requestId: input.requestId, clientRequestId: input.clientRequestId ?? null, who: input.who, role: input.role,
      purpose: input.purpose ?? null, caseId: input.caseId ?? null,
      departments: sortedUnique(input.departments), subjects: sortedUnique(input.subjects), fields: sortedUnique(input.fields),
      outcome: input.outcome, prevHash, operation: input.operation ?? null, operationId: input.operationId ?? null,
      agent: input.agent ?? null, delegationId: input.delegationId ?? null,
    };
    const record = { ...body, hash: hashRecord(body) };
    out.push(record);
    answer.push(record);
    known.set(record.requestId, record);
    prevHash = record.hash;
  }
  if (!out.length) return answer;
  // One statement per batch: the gateway's group commits arrive tens at a time.
  const columns = 18;
  const values = out.map((_, i) => `(${Array.from({ length: columns }, (_, c) => `$${i * columns + c + 1}`).join(', ')})`).join(', ');
  await tx.query(
    `INSERT INTO access_record (seq, at, request_id, client_request_id, who, role, purpose, case_id, departments, subjects, fields, outcome, prev_hash, hash, operation, operation_id, agent, delegation_id) VALUES ${values}`,
    out.flatMap((r) => [r.seq, r.at, r.requestId, r.clientRequestId, r.who, r.role, r.purpose, r.caseId, r.departments, r.subjects, r.fields, r.outcome, r.prevHash, r.hash, r.operation, r.operationId, r.agent, r.delegationId]),
  );
  return answer;
}

/** The records naming one enterprise, newest first, a page at a time. */
export async function accessRecordsFor(db: Db, uscc: string, offset: number, limit: number): Promise<{ rows: AccessRecord[]; total: number }> {
  const rows = await db.query<Row>('SELECT * FROM access_record WHERE subjects @> ARRAY[$1]::text[] ORDER BY seq DESC OFFSET $2 LIMIT $3', [uscc, offset, limit]);
  const [{ n }] = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM access_record WHERE subjects @> ARRAY[$1]::text[]', [uscc]);
  return { rows: rows.map(fromRow), total: Number(n) };
}

export type ChainVerdict =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; seq: number; problem: 'HASH_MISMATCH' | 'SEQ_GAP' | 'PREV_HASH_MISMATCH'; reason: string };

/**
 * Each row as stored, for the verifier: the time at the full precision of its column (to the
 * microsecond, in UTC) rather than as a driver's Date rounds it, and whether every array is a plain
 * one-dimensional list from index 1 — the shape appends store, and the only one a driver's reading
 * does not flatten (`'[2:3]={a,b}'` reads back as `['a','b']`). No stored digit escapes the hash.
 */
const EXACT_ROWS = `SELECT *,
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at_exact,
    (${['departments', 'subjects', 'fields'].map((c) => `coalesce(array_ndims(${c}), 1) = 1 AND coalesce(array_lower(${c}, 1), 1) = 1`).join(' AND ')}) AS plain_arrays
  FROM access_record WHERE seq > $1 ORDER BY seq LIMIT $2`;

interface ExactRow extends Row {
  at_exact: string;
  plain_arrays: boolean;
}

/**
 * The record exactly as stored. A time is hashed as toISOString writes it (milliseconds), the only
 * form an append stores; a stored time with digits below the millisecond keeps them here, so it
 * can never hash like the original. An array not stored as a plain list cannot be the one hashed.
 */
function asStored(row: ExactRow, record: AccessRecord): AccessRecord | null {
  if (row.plain_arrays !== true) return null;
  const wholeMillisecond = row.at_exact.endsWith('000');
  return { ...record, at: wholeMillisecond ? `${row.at_exact.slice(0, 23)}Z` : `${row.at_exact}Z` };
}

/**
 * Walks the whole chain in seq order and names the first broken record: a seq gap means records
 * were deleted, a prev_hash that is not the previous record's hash means records were reordered or
 * inserted, a hash that does not match the record's content — every column as stored — means the
 * record was edited. (Removing the newest records leaves a valid, shorter chain: compare `head`
 * with an earlier run.)
 */
export async function verifyChain(db: Pick<Db, 'query'>, batch = 1000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let after = 0;
  for (;;) {
    const stored = await db.query<ExactRow>(EXACT_ROWS, [after, batch]);
    for (const row of stored) {
      const r = fromRow(row);
      if (r.seq !== expectedSeq) {
        return { ok: false, count, seq: r.seq, problem: 'SEQ_GAP', reason: `expected seq ${expectedSeq} but found ${r.seq}: record(s) ${expectedSeq}..${r.seq - 1} deleted` };
      }
      if (r.prevHash !== prevHash) {
        return { ok: false, count, seq: r.seq, problem: 'PREV_HASH_MISMATCH', reason: `prev_hash is not the hash of record ${r.seq - 1}: records reordered or inserted` };
      }
      const exact = asStored(row, r);
      if (!exact || hashRecord(exact) !== r.hash) {
        return { ok: false, count, seq: r.seq, problem: 'HASH_MISMATCH', reason: `hash does not match the record's content: record ${r.seq} edited` };
      }
      prevHash = r.hash;
      expectedSeq++;
      count++;
      after = r.seq;
    }
    if (stored.length < batch) return { ok: true, count, head: prevHash };
  }
}
