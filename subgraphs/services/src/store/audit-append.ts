import type { Logger } from '@district/runtime';
import { AccessRecordInputSchema, type AccessRecordInput } from '@district/audit';
import type { Db } from './db.ts';
import { appendAccessRecords, appendAccessRecordsIn } from './audit.ts';

/**
 * Services' own access records (audit/records.ts: its precondition reads and its worker's
 * department writes), appended beside the work they record, never failing that work.
 */

/** Records as the store takes them; one that is not (a bug of ours) is logged, never stored malformed. */
function valid(records: AccessRecordInput[], logger: Logger | undefined, what: Record<string, unknown>): AccessRecordInput[] {
  return records.filter((r) => {
    const parsed = AccessRecordInputSchema.safeParse(r);
    if (!parsed.success) logger?.error({ ...what, issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'access record not written: not valid');
    return parsed.success;
  });
}

/**
 * Appends inside the caller's transaction, so the record commits with what it records (a bundle
 * accepted, a step's outcome) and a crash loses neither without the other. Under a savepoint: a
 * record that cannot be written is logged as an error and the transaction goes on — recording
 * never fails the submission or the step.
 */
export async function appendWithin(tx: Pick<Db, 'query'>, records: AccessRecordInput[], logger: Logger | undefined, what: Record<string, unknown>): Promise<void> {
  const ok = valid(records, logger, what);
  if (!ok.length) return;
  await tx.query('SAVEPOINT access_record');
  try {
    await appendAccessRecordsIn(tx, ok);
    await tx.query('RELEASE SAVEPOINT access_record');
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT access_record');
    logger?.error({ ...what, err: error, records: ok.length }, 'access record not written');
  }
}

/** Appends on its own (nothing else to commit with it); a failure is logged as an error, never thrown. */
export async function appendOwn(db: Db, records: AccessRecordInput[], logger: Logger | undefined, what: Record<string, unknown>): Promise<void> {
  const ok = valid(records, logger, what);
  if (!ok.length) return;
  try {
    await appendAccessRecords(db, ok);
  } catch (error) {
    logger?.error({ ...what, err: error, records: ok.length }, 'access record not written');
  }
}
