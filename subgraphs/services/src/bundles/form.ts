import type { GraphQLError } from 'graphql';
import { badUserInput, checkUscc, describeUsccProblem, isValidIdCard, moneyFromInput, moneyToFen, preconditionFailed } from '@district/domain';
import { checkEnterpriseName, type NameProblem } from '@district/domain';
import type { BundleKind } from './definitions.ts';

/**
 * The whole form checked on submission (收件审查), before a case number is issued and before any
 * department is asked: every problem at once (一次告知), each naming its field, so the window can
 * put them all right in one go. The rules are what the departments would refuse later — the
 * market registry's for 设立登记 / 变更登记 (backends/src/market/write-schemas.ts: address in the
 * district and ≤ 200 characters, representative 2–30 characters with a valid 居民身份证号, mobile
 * 11 digits from 1, scope 2–2000, a type it registers, capital positive), the naming rules of
 * 企业名称登记管理规定 (packages/domain/src/enterprise-name.ts), and 医保's need for the representative's
 * mobile number on an opening.
 *
 * The refusal is BAD_USER_INPUT with `extensions.reasons` (one bilingual line per problem,
 * "field: reason") and `extensions.problems` ({ field, code, reason }, field a path into the input).
 */
export interface FormProblem {
  /** Path into the mutation's input, e.g. `legalRepresentative.idNumber`. */
  field: string;
  /** REQUIRED, LENGTH, FORMAT, NOT_POSITIVE, OUT_OF_DISTRICT, ID_NUMBER, PHONE, TYPE_CODE, or NAME_<rule>. */
  code: string;
  reason: string;
}

export interface Submission {
  kind: BundleKind;
  idempotencyKey: string;
  uscc: string | null;
  form: Record<string, unknown>;
  facts: { changesName?: boolean; holdsProperty?: boolean };
}

/** 住所 must lie in the registration authority's district (a move elsewhere is a 迁移, not a change). */
export const DISTRICT_ADDRESS_PREFIX = '山东省青岛市崂山区';
const ADDRESS_MAX = 200;

/**
 * 企业类型 codes an opening may use: the registry's (backends/src/market/codes.ts), without the
 * 分公司 codes (2xxx), which are registered under their 隶属企业 — a field this form does not have.
 */
export const OPENABLE_TYPES: readonly string[] = [
  '1100', '1110', '1130', '1140', '1151', '1152', '1153', '1190', '1200', '1210', '1220',
  '3100', '3200', '4531', '4532', '4533', '4540', '5100', '6100', '9100',
];
export const DEFAULT_TYPE_CODE = '1130';

/** BAD_USER_INPUT listing every problem. */
export function formRefused(problems: FormProblem[]): GraphQLError {
  const reasons = problems.map((p) => `${p.field}: ${p.reason}`);
  return badUserInput(`表单有误，请一并更正 — the form has ${problems.length} problem(s): ${reasons.join('; ')}`, { reasons, problems });
}

/** The name's problems as the form's, for `field`. */
export const nameProblems = (field: string, problems: NameProblem[]): FormProblem[] =>
  problems.map((p) => ({ field, code: `NAME_${p.rule}`, reason: p.reason }));

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const length = (s: string) => Array.from(s).length;

/** Collects the problems of one form, field by field. */
class Checker {
  readonly problems: FormProblem[] = [];

  add(field: string, code: string, reason: string): void {
    this.problems.push({ field, code, reason });
  }

  /** A required text of min–max characters; returns it trimmed. */
  text(field: string, value: unknown, min: number, max: number, what: string): string {
    const v = text(value);
    if (!v) this.add(field, 'REQUIRED', `${what}必填 — required`);
    else if (length(v) < min || length(v) > max) this.add(field, 'LENGTH', `${what}须为${min}至${max}字 — must be ${min}–${max} characters, has ${length(v)}`);
    return v;
  }

  name(field: string, value: unknown, typeCode?: string): string {
    const v = text(value);
    if (!v) this.add(field, 'REQUIRED', '企业名称必填 — the name is required');
    else this.problems.push(...nameProblems(field, checkEnterpriseName(v, typeCode)));
    return v;
  }

  address(field: string, value: unknown): string {
    const v = text(value);
    if (!v) this.add(field, 'REQUIRED', '住所必填 — the address is required');
    else if (!v.startsWith(DISTRICT_ADDRESS_PREFIX) || length(v) <= DISTRICT_ADDRESS_PREFIX.length) {
      this.add(field, 'OUT_OF_DISTRICT', `住所须在本登记机关辖区内，以「${DISTRICT_ADDRESS_PREFIX}」开头并写明街路门牌 — the address must be in the district: start with ${DISTRICT_ADDRESS_PREFIX} and go on to the street (moving elsewhere is a 迁移, not handled here)`);
    } else if (length(v) > ADDRESS_MAX) this.add(field, 'LENGTH', `住所至多${ADDRESS_MAX}字 — at most ${ADDRESS_MAX} characters, has ${length(v)}`);
    return v;
  }

  uscc(field: string, value: unknown): string {
    const v = text(value).toUpperCase();
    const verdict = checkUscc(v);
    if (!verdict.valid) this.add(field, 'FORMAT', describeUsccProblem(v, verdict.problem!));
    return v;
  }

  /** 法定代表人; the ID number is never echoed in a reason (nor logged). */
  representative(field: string, v: any, needsPhone: boolean): { name: string; idNumber: string; phone?: string } | undefined {
    if (v == null) {
      if (needsPhone) this.add(field, 'REQUIRED', '法定代表人必填 — the legal representative is required');
      return undefined;
    }
    const name = this.text(`${field}.name`, v.name, 2, 30, '法定代表人姓名');
    const idNumber = text(v.idNumber).toUpperCase();
    if (!isValidIdCard(idNumber)) this.add(`${field}.idNumber`, 'ID_NUMBER', '身份证号码无效（格式、出生日期或校验位不符） — not a valid resident ID number');
    const phone = text(v.phone) || undefined;
    // 医保单位参保登记 requires the representative's mobile number, so the opening form asks for it.
    if (phone ? !/^1\d{10}$/.test(phone) : needsPhone) this.add(`${field}.phone`, 'PHONE', '法定代表人手机号须为以1开头的11位数字 — the legal representative\'s 11-digit mobile number (starting with 1) is required');
    return phone ? { name, idNumber, phone } : { name, idNumber };
  }

  /** 注册资本: an amount in yuan (two places), more than zero. */
  capital(field: string, value: unknown): string {
    const verdict = moneyFromInput(text(value));
    if (!('money' in verdict)) {
      this.add(field, 'FORMAT', '注册资本须为以元计的金额，至多两位小数 — the registered capital must be an amount in yuan with at most two decimal places');
      return text(value);
    }
    if (moneyToFen(verdict.money) <= 0n) this.add(field, 'NOT_POSITIVE', '注册资本须大于零 — the registered capital must be more than zero');
    return verdict.money;
  }

  throwIfAny(): void {
    if (this.problems.length) throw formRefused(this.problems);
  }
}

/** Validates a mutation input into a submission, or throws BAD_USER_INPUT (every problem) / PRECONDITION_FAILED. */
export function parseSubmission(kind: BundleKind, input: any): Submission {
  const check = new Checker();
  const idempotencyKey = text(input?.idempotencyKey);
  if (length(idempotencyKey) < 8 || length(idempotencyKey) > 128) check.add('idempotencyKey', 'LENGTH', '幂等键须为8至128个字符 — 8–128 characters');
  if (kind === 'OPENING') return parseOpening(check, idempotencyKey, input ?? {});
  if (kind === 'CHANGE') return parseChange(check, idempotencyKey, input ?? {});
  return parseDeregistration(check, idempotencyKey, input ?? {});
}

function parseOpening(check: Checker, idempotencyKey: string, input: any): Submission {
  const typeCode = text(input.typeCode) || DEFAULT_TYPE_CODE;
  const typeKnown = OPENABLE_TYPES.includes(typeCode);
  if (!typeKnown) {
    const branch = /^2\d{3}$/.test(typeCode) ? '；分公司须由隶属企业申请 — a 分公司 is registered under its company, not with this form' : '';
    check.add('typeCode', 'TYPE_CODE', `企业类型须为本登记机关办理的类型之一：${OPENABLE_TYPES.join('、')}${branch} — must be one of the enterprise types opened here`);
  }
  const name = check.name('name', input.name, typeKnown ? typeCode : undefined);
  const registeredCapital = check.capital('registeredCapital', input.registeredCapital);
  const address = check.address('address', input.address);
  const businessScope = check.text('businessScope', input.businessScope, 2, 2000, '经营范围');
  const legalRepresentative = check.representative('legalRepresentative', input.legalRepresentative, true);
  check.throwIfAny();
  return { kind: 'OPENING', idempotencyKey, uscc: null, facts: {}, form: { name, typeCode, address, businessScope, registeredCapital, legalRepresentative } };
}

const CHANGE_ITEMS = ['newName', 'newAddress', 'newBusinessScope', 'newLegalRepresentative'] as const;

function parseChange(check: Checker, idempotencyKey: string, input: any): Submission {
  const uscc = check.uscc('uscc', input.uscc);
  const form: Record<string, unknown> = { uscc };
  // The new name's 组织形式 is judged against the registered type once the registry is read (preconditions.ts).
  if (input.newName != null) form.newName = check.name('newName', input.newName);
  if (input.newAddress != null) form.newAddress = check.address('newAddress', input.newAddress);
  if (input.newBusinessScope != null) form.newBusinessScope = check.text('newBusinessScope', input.newBusinessScope, 2, 2000, '经营范围');
  if (input.newLegalRepresentative != null) form.newLegalRepresentative = check.representative('newLegalRepresentative', input.newLegalRepresentative, false);
  if (!CHANGE_ITEMS.some((k) => k in form)) check.add('input', 'REQUIRED', `变更事项至少一项 — at least one of ${CHANGE_ITEMS.join(', ')} is required`);
  check.throwIfAny();
  const holdsProperty = input.holdsProperty === true;
  form.holdsProperty = holdsProperty;
  return { kind: 'CHANGE', idempotencyKey, uscc, form, facts: { changesName: 'newName' in form, holdsProperty } };
}

function parseDeregistration(check: Checker, idempotencyKey: string, input: any): Submission {
  const uscc = check.uscc('uscc', input.uscc);
  const path = input.path;
  if (path !== 'SIMPLIFIED' && path !== 'GENERAL') check.add('path', 'FORMAT', 'SIMPLIFIED or GENERAL');
  // Both the registry (canRea) and 医保 (cancel_rea) take at most 200 characters.
  const reason = text(input.reason);
  if (length(reason) > 200) check.add('reason', 'LENGTH', `注销原因至多200字 — at most 200 characters, has ${length(reason)}`);
  check.throwIfAny();
  const reasons: string[] = [];
  if (path === 'SIMPLIFIED' && input.investorsUndertaking !== true) reasons.push('简易注销须全体投资人承诺书 — simplified deregistration needs all investors\' undertaking (investorsUndertaking: true)');
  if (path === 'GENERAL' && input.liquidationReportFiled !== true) reasons.push('一般注销须先完成清算并备案清算报告 — general deregistration needs the liquidation report filed (liquidationReportFiled: true)');
  if (reasons.length) throw preconditionFailed(`注销条件不满足 — deregistration cannot go ahead: ${reasons.join('; ')}`, reasons);
  return { kind: 'DEREGISTRATION', idempotencyKey, uscc, facts: {}, form: { uscc, path, reason: reason || undefined, investorsUndertaking: input.investorsUndertaking === true, liquidationReportFiled: input.liquidationReportFiled === true } };
}
