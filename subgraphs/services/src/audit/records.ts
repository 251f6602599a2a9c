import type { Caller } from '@district/domain';
import { REQUEST_ID, type AccessOutcome, type AccessRecordInput } from '@district/audit';
import { PURPOSE_OF, type BundleKind, type CalledDepartment, type StepKey } from '../bundles/definitions.ts';
import { STEP_MUTATIONS } from '../departments/writes.ts';
import { delegationOfRecord } from '../delegations/rules.ts';

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
 * record of the mutation. They are appended beside what they record (store/audit-append.ts).
 */
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const usccs = (xs: readonly (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => typeof x === 'string' && USCC_SHAPE.test(x)))];

/**
 * What one check read of the departments' data, for its access record (precheckRecord): the
 * departments asked, the fields read as Type.field, the enterprises whose data was read, and the
 * departments that could not be read.
 */
export interface FactsRead {
  /** The id the check's department reads carried, and its record carries. */
  requestId: string;
  at: string;
  departments: CalledDepartment[];
  fields: string[];
  subjects: string[];
  unavailable: CalledDepartment[];
}

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
    ...delegationOfRecord(caller),
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
