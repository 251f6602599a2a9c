import type { Caller } from '@district/domain';
import type { Logger } from '@district/runtime';
import { AccessRecordInputSchema, REQUEST_ID, type AccessOutcome, type AccessRecordInput } from '@district/audit';
import type { Db } from '../store/db.ts';
import { appendAccessRecords, appendAccessRecordsIn } from '../store/audit.ts';
import { STEP_MUTATIONS } from '../departments/writes.ts';
import { PURPOSE_OF, type BundleKind, type CalledDepartment, type StepKey } from './definitions.ts';
import type { FactsRead } from './preconditions.ts';

/**
 * 访问记录 of what services itself reads and writes of enterprises' data for a bundle, appended
 * straight into its own store (it keeps the access record), as it does with the refusals of direct
 * calls: the gateway records the clerk's mutation, but the precondition reads (前置条件核验) and the
 * worker's department writes are services' own calls to the department subgraphs, and without
 * these an enterprise's accessLog would never show that a bundle wrote its registration or read its
 * tax facts.
 *
 * Each names the person it was done for, as the enterprise should see it — "window staff, for
 * ENTERPRISE_DEREGISTRATION, case LS-…, departments TAX, fields Mutation.taxApplyClearance" — and,
 * in `who` (auditors only), that services did it: `bundle-precheck:<sub>` for the reads made while
 * the clerk waited, `bundle-worker:<applicant sub>` for the writes made later on the bundle's
 * behalf. Its request id is the one the department calls carried (their logs); a precheck keeps the
 * submission's own request id (the gateway's) as `clientRequestId`, linking it to the gateway's
 * record of the mutation.
 */
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const usccs = (xs: readonly (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => typeof x === 'string' && USCC_SHAPE.test(x)))];

/** OK when every department answered, PARTIAL when some could not be read, ERROR when none could. */
function readOutcome(read: FactsRead): AccessOutcome {
  if (!read.unavailable.length) return 'OK';
  return read.unavailable.length < read.departments.length ? 'PARTIAL' : 'ERROR';
}

/** The record of one precondition check, for the caller who submitted; `caseId` once the bundle has its number. */
export function precheckRecord(caller: Caller, read: FactsRead, caseId: string | null): AccessRecordInput {
  return {
    at: read.at,
    requestId: read.requestId,
    clientRequestId: REQUEST_ID.test(caller.requestId) ? caller.requestId : null,
    who: `bundle-precheck:${caller.sub}`,
    role: caller.role,
    purpose: caller.purpose ?? null,
    caseId,
    departments: [...read.departments],
    subjects: usccs(read.subjects),
    fields: [...read.fields],
    outcome: readOutcome(read),
  };
}

export interface StepWrite {
  /** The id the department call carried. */
  requestId: string;
  at: string;
  bundleId: string;
  kind: BundleKind;
  applicantSub: string;
  applicantRole: string;
  step: StepKey;
  department: CalledDepartment;
  /** The enterprise written: the bundle's, or for an opening the USCC its market step issued (none before). */
  uscc: string | null | undefined;
  /** OK written; INVALID refused by the department; ERROR the department could not be reached. */
  outcome: Extract<AccessOutcome, 'OK' | 'INVALID' | 'ERROR'>;
}

/** The record of one department write a bundle step made, for the bundle's applicant and purpose. */
export function stepRecord(w: StepWrite): AccessRecordInput {
  return {
    at: w.at,
    requestId: w.requestId,
    clientRequestId: null,
    who: `bundle-worker:${w.applicantSub}`,
    role: w.applicantRole as AccessRecordInput['role'],
    purpose: PURPOSE_OF[w.kind],
    caseId: w.bundleId,
    departments: [w.department],
    subjects: usccs([w.uscc]),
    fields: [`Mutation.${STEP_MUTATIONS[w.step].field}`],
    outcome: w.outcome,
  };
}

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
