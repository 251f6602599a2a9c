import { badUserInput, checkUscc, describeUsccProblem, forbidden, isValidIdCard, preconditionFailed, type Caller, type Purpose } from '@district/common';
import type { Db } from '../store/db.ts';
import { stepsFor, type BundleKind } from './definitions.ts';
import type { DepartmentFacts } from './department-facts.ts';
import { checkPreconditions } from './preconditions.ts';
import { bundleIdForKey, getBundle, submitBundle, type Bundle } from './store.ts';

/**
 * Submitting a bundle: who may, the form checked up front with clear errors, the preconditions
 * the form itself shows, then the departments' preconditions (preconditions.ts), then one durable
 * bundle per idempotency key.
 */
export const PURPOSE_OF: Record<BundleKind, Purpose> = {
  OPENING: 'ENTERPRISE_OPENING',
  CHANGE: 'ENTERPRISE_CHANGE',
  DEREGISTRATION: 'ENTERPRISE_DEREGISTRATION',
};

/**
 * Window staff acting for the purpose matching the bundle; the enterprise itself (SELF_SERVICE) for
 * a change or deregistration of itself. Everyone else is FORBIDDEN.
 */
export function assertMaySubmit(caller: Caller, kind: BundleKind, uscc: string | null): void {
  if (caller.role === 'window-staff' && caller.purpose === PURPOSE_OF[kind]) return;
  if (caller.role === 'enterprise' && kind !== 'OPENING' && caller.purpose === 'SELF_SERVICE' && uscc && caller.uscc === uscc) return;
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

function requireUscc(uscc: unknown): string {
  const value = text(uscc).toUpperCase();
  const verdict = checkUscc(value);
  if (!verdict.valid) throw badUserInput(describeUsccProblem(value, verdict.problem!), { field: 'uscc' });
  return value;
}

function legalRepresentative(v: any, field: string, problems: string[], needsPhone = false): { name: string; idNumber: string; phone?: string } | undefined {
  if (v == null) return undefined;
  const name = text(v.name);
  const idNumber = text(v.idNumber).toUpperCase();
  const phone = text(v.phone) || undefined;
  // 医保单位参保登记 requires the representative's mobile number, so the opening form asks for it.
  if (phone ? !/^1\d{10}$/.test(phone) : needsPhone) problems.push(`${field}.phone: 法定代表人手机号须为11位 — the legal representative's 11-digit mobile number is required`);
  if (!name) problems.push(`${field}.name: 法定代表人姓名必填 — the legal representative's name is required`);
  // The number itself is never echoed in an error or a log.
  if (!isValidIdCard(idNumber)) problems.push(`${field}.idNumber: 身份证号码无效（校验位不符） — not a valid resident ID number`);
  return phone ? { name, idNumber, phone } : { name, idNumber };
}

function fail(problems: string[]): void {
  if (problems.length) throw badUserInput(`表单有误 — the form has ${problems.length} problem(s): ${problems.join('; ')}`, { problems });
}

export interface Submission {
  kind: BundleKind;
  idempotencyKey: string;
  uscc: string | null;
  form: Record<string, unknown>;
  facts: { changesName?: boolean; holdsProperty?: boolean };
}

/** Validates a mutation input into a submission, or throws BAD_USER_INPUT / PRECONDITION_FAILED. */
export function parseSubmission(kind: BundleKind, input: any): Submission {
  const idempotencyKey = text(input?.idempotencyKey);
  const problems: string[] = [];
  if (idempotencyKey.length < 8 || idempotencyKey.length > 128) problems.push('idempotencyKey: 8–128 characters');
  if (kind === 'OPENING') {
    const name = text(input.name);
    if (name.length < 2 || name.length > 100) problems.push('name: 企业名称须为2至100字 — the enterprise name must be 2–100 characters');
    if (!text(input.address)) problems.push('address: 住所必填 — the address is required');
    if (!text(input.businessScope)) problems.push('businessScope: 经营范围必填 — the business scope is required');
    if (!/^\d+(\.\d{1,2})?$/.test(text(input.registeredCapital))) problems.push('registeredCapital: 注册资本须为金额（元） — the registered capital must be an amount in yuan');
    const rep = legalRepresentative(input.legalRepresentative, 'legalRepresentative', problems, true);
    if (!rep) problems.push('legalRepresentative: 法定代表人必填 — the legal representative is required');
    fail(problems);
    return {
      kind, idempotencyKey, uscc: null, facts: {},
      form: { name, typeCode: text(input.typeCode) || '1130', address: text(input.address), businessScope: text(input.businessScope), registeredCapital: text(input.registeredCapital), legalRepresentative: rep },
    };
  }
  const uscc = requireUscc(input.uscc);
  if (kind === 'CHANGE') {
    const form: Record<string, unknown> = { uscc };
    if (input.newName != null) {
      const n = text(input.newName);
      if (n.length < 2 || n.length > 100) problems.push('newName: 企业名称须为2至100字 — the new name must be 2–100 characters');
      form.newName = n;
    }
    if (input.newAddress != null) {
      if (!text(input.newAddress)) problems.push('newAddress: 新住所不能为空 — the new address must not be empty');
      form.newAddress = text(input.newAddress);
    }
    if (input.newBusinessScope != null) {
      if (!text(input.newBusinessScope)) problems.push('newBusinessScope: 经营范围不能为空 — the new business scope must not be empty');
      form.newBusinessScope = text(input.newBusinessScope);
    }
    if (input.newLegalRepresentative != null) form.newLegalRepresentative = legalRepresentative(input.newLegalRepresentative, 'newLegalRepresentative', problems);
    if (!['newName', 'newAddress', 'newBusinessScope', 'newLegalRepresentative'].some((k) => k in form)) {
      problems.push('变更事项至少一项 — at least one of newName, newAddress, newBusinessScope, newLegalRepresentative is required');
    }
    fail(problems);
    const holdsProperty = input.holdsProperty === true;
    form.holdsProperty = holdsProperty;
    return { kind, idempotencyKey, uscc, form, facts: { changesName: 'newName' in form, holdsProperty } };
  }
  const path = input.path;
  if (path !== 'SIMPLIFIED' && path !== 'GENERAL') problems.push('path: SIMPLIFIED or GENERAL');
  fail(problems);
  const reasons: string[] = [];
  if (path === 'SIMPLIFIED' && input.investorsUndertaking !== true) reasons.push('简易注销须全体投资人承诺书 — simplified deregistration needs all investors\' undertaking (investorsUndertaking: true)');
  if (path === 'GENERAL' && input.liquidationReportFiled !== true) reasons.push('一般注销须先完成清算并备案清算报告 — general deregistration needs the liquidation report filed (liquidationReportFiled: true)');
  if (reasons.length) throw preconditionFailed(`注销条件不满足 — deregistration cannot go ahead: ${reasons.join('; ')}`, reasons);
  return { kind, idempotencyKey, uscc, facts: {}, form: { uscc, path, reason: text(input.reason) || undefined, investorsUndertaking: input.investorsUndertaking === true, liquidationReportFiled: input.liquidationReportFiled === true } };
}

/**
 * The whole submission: authorization, validation, the departments' preconditions, then the durable
 * bundle (same key → same bundle). Nothing is stored unless every check passed.
 */
export async function submit(db: Db, caller: Caller, kind: BundleKind, input: any, facts: DepartmentFacts): Promise<Bundle> {
  // Authorization needs the USCC the request is about, before anything else is judged.
  const usccClaim = kind === 'OPENING' ? null : text(input?.uscc).toUpperCase() || null;
  assertMaySubmit(caller, kind, usccClaim);
  const s = parseSubmission(kind, input);
  // A key already used answers with its bundle (or CONFLICT) without asking again: the bundle's own
  // writes have changed the facts since (an opened name is taken, a closed enterprise is closed).
  if (!(await bundleIdForKey(db, s.idempotencyKey))) await checkPreconditions(facts, s);
  const { bundle } = await submitBundle(db, { kind, idempotencyKey: s.idempotencyKey, caller, uscc: s.uscc, form: s.form, steps: stepsFor(kind, s.facts) });
  return bundle;
}

export async function readBundle(db: Db, caller: Caller, id: string): Promise<Bundle | null> {
  const bundle = await getBundle(db, id);
  if (!bundle) return null;
  assertMayRead(caller, bundle);
  return bundle;
}
