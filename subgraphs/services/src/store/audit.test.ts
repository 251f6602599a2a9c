import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_OUTCOMES, type AccessRecordInput } from '@district/audit';
import { openDb, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import { appendAccessRecords, accessRecordsFor, GENESIS_HASH, hashRecord, verifyChain } from './audit.ts';

/** Every store test runs on PGlite, and on PostgreSQL too when DATABASE_URL is set (CI sets it). */
const stores = [
  { kind: 'pglite', databaseUrl: undefined as string | undefined },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', databaseUrl: process.env.DATABASE_URL }] : []),
];

const A = '91370212MA3C12346X';
const B = '91370212MA3C1235X8';

const input = (over: Partial<AccessRecordInput> = {}): AccessRecordInput => ({
  at: '2026-11-01T08:00:00.000Z', requestId: 'req-1', who: 'official-7', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE',
  caseId: 'CASE-1', departments: ['TAX', 'MARKET'], subjects: [A], fields: ['Enterprise.name', 'Query.enterprise'], outcome: 'OK', ...over,
});

/** What a superuser could do: switch the append-only triggers off and tamper. */
async function asSuperuser(db: Db, sql: string[]) {
  await db.query('ALTER TABLE access_record DISABLE TRIGGER USER');
  try {
    for (const s of sql) await db.query(s);
  } finally {
    await db.query('ALTER TABLE access_record ENABLE TRIGGER USER');
  }
}

describe('the canonical form of a record', () => {
  const legacy = {
    seq: 7, at: '2026-11-01T08:00:00.000Z', requestId: 'req-legacy-0001', who: 'official-7', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE', caseId: null,
    departments: ['MARKET', 'TAX'], subjects: [A], fields: ['Enterprise.name', 'Query.enterprise'], outcome: 'PARTIAL', prevHash: 'a'.repeat(64),
  };

  it('hashes a record without the columns added later exactly as records were hashed before them', () => {
    // The hash the first version of the chain gave this record: stored chains must keep verifying.
    expect(hashRecord(legacy)).toBe('1bbe605b04c8228818111c5bccc9372f266c4bb2c630439599eaec57de0bc6d2');
    expect(hashRecord({ ...legacy, clientRequestId: null })).toBe(hashRecord(legacy));
    expect(hashRecord({ ...legacy, clientRequestId: null, operation: null, operationId: null })).toBe(hashRecord(legacy));
  });

  it('covers the registered operation\'s name and id when there are some', () => {
    expect(hashRecord({ ...legacy, operation: 'Lifecycle' })).not.toBe(hashRecord(legacy));
    expect(hashRecord({ ...legacy, operation: 'Lifecycle', operationId: 'f'.repeat(64) })).not.toBe(hashRecord({ ...legacy, operation: 'Lifecycle' }));
  });

  it('covers the client\'s request id when there is one', () => {
    expect(hashRecord({ ...legacy, clientRequestId: 'client-0001' })).not.toBe(hashRecord(legacy));
    expect(hashRecord({ ...legacy, clientRequestId: '' })).not.toBe(hashRecord(legacy));
  });
});

describe.each(stores)('access record on $kind', ({ databaseUrl }) => {
  let db: Db;
  let schema: string;
  beforeEach(async () => {
    schema = `t_audit_${process.pid}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    db = await openDb({ databaseUrl, schema });
    await migrate(db);
  });
  afterEach(async () => {
    if (db.kind === 'postgres') await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  });

  it('chains each record to the one before it by hash, starting from the genesis hash', async () => {
    const [first, second] = await appendAccessRecords(db, [input(), input({ requestId: 'req-2', subjects: [B, A, A] })]);
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(second.subjects).toEqual([A, B]);
    const { hash, ...body } = second;
    expect(hashRecord(body)).toBe(hash);
    expect(await verifyChain(db)).toEqual({ ok: true, count: 2, head: second.hash });
  });

  it('appends a record once by its request id: a batch sent again after a crash adds only what is new', async () => {
    const [a, b] = await appendAccessRecords(db, [input({ requestId: 'req-a' }), input({ requestId: 'req-b' })]);
    // Written, but the writer died before it heard so: the same batch comes again, with one more.
    const again = await appendAccessRecords(db, [input({ requestId: 'req-a' }), input({ requestId: 'req-b' }), input({ requestId: 'req-c' })]);
    expect(again.map((r) => [r.seq, r.requestId])).toEqual([[1, 'req-a'], [2, 'req-b'], [3, 'req-c']]);
    expect(again.slice(0, 2).map((r) => r.hash)).toEqual([a.hash, b.hash]);
    // Twice in one batch, once on the chain.
    const twice = await appendAccessRecords(db, [input({ requestId: 'req-d' }), input({ requestId: 'req-d' })]);
    expect(twice.map((r) => r.seq)).toEqual([4, 4]);
    const seqs = await db.query<{ request_id: string }>('SELECT request_id FROM access_record ORDER BY seq');
    expect(seqs.map((r) => r.request_id)).toEqual(['req-a', 'req-b', 'req-c', 'req-d']);
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 4 });
  });

  it('keeps one unforked chain when many writers append at the same time', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAccessRecords(db, [input({ requestId: `req-${i}` })])));
    const verdict = await verifyChain(db);
    expect(verdict).toMatchObject({ ok: true, count: 40 });
    const seqs = await db.query<{ seq: string }>('SELECT seq FROM access_record ORDER BY seq');
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('keeps every outcome the gateway records, and nothing else', async () => {
    const records = await appendAccessRecords(db, ACCESS_OUTCOMES.map((outcome, i) => input({ requestId: `req-${outcome}-${i}`, outcome })));
    expect(records.map((r) => r.outcome)).toEqual([...ACCESS_OUTCOMES]);
    await expect(appendAccessRecords(db, [input({ requestId: 'req-odd', outcome: 'MAYBE' as any })])).rejects.toThrow(/check constraint/);
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: ACCESS_OUTCOMES.length });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of records', async () => {
    await appendAccessRecords(db, [input()]);
    await expect(db.query(`UPDATE access_record SET outcome = 'DENIED'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM access_record')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE access_record')).rejects.toThrow(/append-only/);
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 1 });
  });

  it('finds the records naming an enterprise, newest first', async () => {
    await appendAccessRecords(db, [input({ requestId: 'r1' }), input({ requestId: 'r2', subjects: [B] }), input({ requestId: 'r3', subjects: [A, B] })]);
    const { rows, total } = await accessRecordsFor(db, A, 0, 10);
    expect(total).toBe(2);
    expect(rows.map((r) => r.requestId)).toEqual(['r3', 'r1']);
  });

  describe('the verifier', () => {
    beforeEach(async () => {
      await appendAccessRecords(db, Array.from({ length: 5 }, (_, i) => input({ requestId: `req-${i + 1}` })));
    });

    it('names an edited record by its seq', async () => {
      await asSuperuser(db, [`UPDATE access_record SET purpose = 'AUDIT' WHERE seq = 3`]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 3, problem: 'HASH_MISMATCH', count: 2 });
    });

    it('catches a client request id set on a record that had none, or changed', async () => {
      await appendAccessRecords(db, [input({ requestId: 'req-6', clientRequestId: 'client-0006' })]);
      expect(await verifyChain(db)).toMatchObject({ ok: true, count: 6 });
      await asSuperuser(db, [`UPDATE access_record SET client_request_id = 'client-0002' WHERE seq = 2`]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 2, problem: 'HASH_MISMATCH' });
      await asSuperuser(db, [`UPDATE access_record SET client_request_id = NULL WHERE seq = 2`, `UPDATE access_record SET client_request_id = 'client-0007' WHERE seq = 6`]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 6, problem: 'HASH_MISMATCH' });
    });

    it('keeps the registered operation a request ran, under the hash', async () => {
      await appendAccessRecords(db, [input({ requestId: 'req-6', operation: 'Lifecycle', operationId: 'e'.repeat(64) })]);
      const [row] = await db.query<any>('SELECT operation, operation_id FROM access_record WHERE seq = 6');
      expect(row).toEqual({ operation: 'Lifecycle', operation_id: 'e'.repeat(64) });
      expect(await verifyChain(db)).toMatchObject({ ok: true, count: 6 });
      await asSuperuser(db, [`UPDATE access_record SET operation = 'BuildingDashboard' WHERE seq = 6`]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 6, problem: 'HASH_MISMATCH' });
    });

    it('names the record after a deleted one as a seq gap', async () => {
      await asSuperuser(db, ['DELETE FROM access_record WHERE seq = 2']);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 3, problem: 'SEQ_GAP', count: 1 });
    });

    it('names the first of two swapped records as reordered', async () => {
      await asSuperuser(db, [
        'UPDATE access_record SET seq = 1000 WHERE seq = 3',
        'UPDATE access_record SET seq = 3 WHERE seq = 4',
        'UPDATE access_record SET seq = 4 WHERE seq = 1000',
      ]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 3, problem: 'PREV_HASH_MISMATCH' });
    });

    it('catches a record edited and re-hashed, at the record after it', async () => {
      await asSuperuser(db, [`UPDATE access_record SET outcome = 'DENIED' WHERE seq = 2`]);
      const [row] = await db.query<any>('SELECT * FROM access_record WHERE seq = 2');
      const rehashed = hashRecord({ seq: 2, at: new Date(row.at).toISOString(), requestId: row.request_id, who: row.who, role: row.role, purpose: row.purpose, caseId: row.case_id, departments: row.departments, subjects: row.subjects, fields: row.fields, outcome: row.outcome, prevHash: row.prev_hash });
      await asSuperuser(db, [`UPDATE access_record SET hash = '${rehashed}' WHERE seq = 2`]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 3, problem: 'PREV_HASH_MISMATCH' });
    });

    it('keeps the time at millisecond precision, the precision it is hashed at', async () => {
      const [column] = await db.query<{ datetime_precision: number }>(
        `SELECT datetime_precision FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'access_record' AND column_name = 'at'`);
      expect(Number(column.datetime_precision)).toBe(3);
      // Given microseconds, the store keeps the millisecond the hash covers.
      await appendAccessRecords(db, [input({ requestId: 'req-micro', at: '2026-11-01T08:00:00.123456Z' })]);
      const [row] = await db.query<{ at: string }>(`SELECT to_char(at AT TIME ZONE 'UTC', 'HH24:MI:SS.US') AS at FROM access_record WHERE request_id = 'req-micro'`);
      expect(row.at).toBe('08:00:00.123000');
      expect(await verifyChain(db)).toMatchObject({ ok: true, count: 6 });
    });

    it('catches an edit of the time below a millisecond, even with the column widened to hold it', async () => {
      await asSuperuser(db, [
        'ALTER TABLE access_record ALTER COLUMN at TYPE timestamptz',
        `UPDATE access_record SET at = at + interval '400 microseconds' WHERE seq = 3`,
      ]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 3, problem: 'HASH_MISMATCH', count: 2 });
    });

    it('catches arrays re-stored with other bounds or dimensions, which read back as the same list', async () => {
      await asSuperuser(db, [`UPDATE access_record SET departments = '[2:3]={MARKET,TAX}'::text[] WHERE seq = 2`]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 2, problem: 'HASH_MISMATCH', count: 1 });
      await asSuperuser(db, [`UPDATE access_record SET departments = '{MARKET,TAX}'::text[] WHERE seq = 2`, `UPDATE access_record SET fields = '{{Enterprise.name},{Query.enterprise}}'::text[] WHERE seq = 4`]);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 4, problem: 'HASH_MISMATCH', count: 3 });
    });

    it('catches an edited array order, an element made null, and text changed only in spacing', async () => {
      for (const [edit, undo] of [
        [`UPDATE access_record SET departments = '{TAX,MARKET}' WHERE seq = 2`, `UPDATE access_record SET departments = '{MARKET,TAX}' WHERE seq = 2`],
        [`UPDATE access_record SET fields = ARRAY['Enterprise.name', NULL] WHERE seq = 2`, `UPDATE access_record SET fields = '{Enterprise.name,Query.enterprise}' WHERE seq = 2`],
        [`UPDATE access_record SET who = 'official-7 ' WHERE seq = 2`, `UPDATE access_record SET who = 'official-7' WHERE seq = 2`],
        [`UPDATE access_record SET case_id = NULL WHERE seq = 2`, `UPDATE access_record SET case_id = 'CASE-1' WHERE seq = 2`],
      ]) {
        await asSuperuser(db, [edit]);
        expect(await verifyChain(db), edit).toMatchObject({ ok: false, seq: 2, problem: 'HASH_MISMATCH' });
        await asSuperuser(db, [undo]);
        expect(await verifyChain(db), undo).toMatchObject({ ok: true, count: 5 });
      }
    });

    it('narrows a table written before to milliseconds, and its chain still verifies', async () => {
      await db.query('ALTER TABLE access_record ALTER COLUMN at TYPE timestamptz');
      await db.query(`DELETE FROM schema_migration WHERE id = '007_access_record_at_ms'`);
      expect(await migrate(db)).toEqual(['007_access_record_at_ms']);
      expect(await verifyChain(db)).toMatchObject({ ok: true, count: 5 });
    });

    it('will not narrow a table whose times were edited below the millisecond, so the edit is not rounded away', async () => {
      await asSuperuser(db, [
        'ALTER TABLE access_record ALTER COLUMN at TYPE timestamptz',
        `UPDATE access_record SET at = at + interval '400 microseconds' WHERE seq = 3`,
      ]);
      await db.query(`DELETE FROM schema_migration WHERE id = '007_access_record_at_ms'`);
      await expect(migrate(db)).rejects.toThrow(/digits below the millisecond.*audit:verify/);
      expect(await verifyChain(db)).toMatchObject({ ok: false, seq: 3, problem: 'HASH_MISMATCH' });
    });

    it('walks long chains in batches', async () => {
      expect(await verifyChain(db, 2)).toMatchObject({ ok: true, count: 5 });
    });
  });
});
