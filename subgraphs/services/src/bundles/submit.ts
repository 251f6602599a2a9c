import { forbidden, type Caller } from '@district/domain';
import { assertAgentCovers } from '../delegations/rules.ts';
import type { Logger } from '@district/runtime';
import { precheckRecord, type FactsRead } from '../audit/records.ts';
import type { DepartmentFacts } from '../departments/facts.ts';
import { appendOwn } from '../store/audit-append.ts';
import { bundleIdForKey, getBundle, submitBundle, type Bundle } from '../store/bundles.ts';
import type { Db } from '../store/db.ts';
import { PURPOSE_OF, stepsFor, type BundleKind } from './definitions.ts';
import { parseSubmission } from './form.ts';
import { checkPreconditions } from './preconditions.ts';

/**
 * Submitting a bundle: who may, the whole form checked up front with every problem at once
 * (form.ts), then the departments' preconditions (preconditions.ts), then one durable bundle per
 * idempotency key. What the precondition check read is on the access record (audit/records.ts):
 * appended with the bundle, in its transaction, or on its own when the submission is refused.
 */

/**
 * Window staff acting for the purpose matching the bundle; the enterprise itself (SELF_SERVICE) for
 * a change or deregistration of itself. Everyone else is FORBIDDEN.
 */
export function assertMaySubmit(caller: Caller, kind: BundleKind, uscc: string | null): void {
  if (caller.role === 'window-staff' && caller.purpose === PURPOSE_OF[kind]) return;
  if (caller.role === 'enterprise' && kind !== 'OPENING' && caller.purpose === 'SELF_SERVICE' && uscc && caller.uscc === uscc) return;
  // 帮办代办: an agent under a delegation in effect covering this bundle, for its enterprise.
  if (caller.role === 'agent') return assertAgentCovers(caller, uscc, { bundleKind: kind });
  throw forbidden(
    `只有窗口人员（事项 ${PURPOSE_OF[kind]}）${kind === 'OPENING' ? '' : '或企业本身（SELF_SERVICE）'}可以提交 — only window staff with purpose ${PURPOSE_OF[kind]}${kind === 'OPENING' ? '' : ', or the enterprise itself with purpose SELF_SERVICE,'} may submit this bundle`,
    { kind },
  );
}

/** Who may read a bundle back: its applicant, window staff on bundle purposes, the enterprise itself, auditors. */
export function assertMayRead(caller: Caller, bundle: Bundle): void {
  if (caller.role === 'system') return;
  if (caller.sub === bundle.applicantSub && caller.role === bundle.applicantRole) return;
  if (caller.role === 'window-staff' && caller.purpose && Object.values(PURPOSE_OF).includes(caller.purpose)) return;
  if (caller.role === 'enterprise' && bundle.uscc && caller.uscc === bundle.uscc) return;
  if (caller.role === 'auditor' && caller.purpose === 'AUDIT') return;
  throw forbidden('只有申请人、窗口人员、企业本身及审计人员可以查看办件 — only the applicant, window staff, the enterprise itself and auditors may read a bundle');
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * The whole submission: authorization, validation, the departments' preconditions, then the durable
 * bundle (same key → same bundle). Nothing is stored unless every check passed — but the check's
 * reads are recorded whatever came of them.
 */
export async function submit(db: Db, caller: Caller, kind: BundleKind, input: any, facts: DepartmentFacts, logger?: Logger): Promise<Bundle> {
  // Authorization needs the USCC the request is about, before anything else is judged.
  const usccClaim = kind === 'OPENING' ? null : text(input?.uscc).toUpperCase() || null;
  assertMaySubmit(caller, kind, usccClaim);
  const s = parseSubmission(kind, input);
  // A key already used answers with its bundle (or CONFLICT) without asking again: the bundle's own
  // writes have changed the facts since (an opened name is taken, a closed enterprise is closed).
  let read: FactsRead | undefined;
  if (!(await bundleIdForKey(db, s.idempotencyKey))) {
    try {
      await checkPreconditions(facts, s, (r) => { read = r; });
    } catch (error) {
      if (read) await appendOwn(db, [precheckRecord(caller, read, null)], logger, { kind });
      throw error;
    }
  }
  const checked = read;
  const { bundle } = await submitBundle(db, {
    kind, idempotencyKey: s.idempotencyKey, caller, uscc: s.uscc, form: s.form, steps: stepsFor(kind, s.facts),
    records: checked && ((bundleId) => [precheckRecord(caller, checked, bundleId)]),
  }, logger);
  return bundle;
}

export async function readBundle(db: Db, caller: Caller, id: string): Promise<Bundle | null> {
  const bundle = await getBundle(db, id);
  if (!bundle) return null;
  assertMayRead(caller, bundle);
  return bundle;
}
