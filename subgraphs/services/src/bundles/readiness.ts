import type { CalledDepartment } from './definitions.ts';

/**
 * Whether an enterprise may deregister, and by which path, with every blocker from every
 * department (../shared/domain.md §4.3). Plain rules over facts the departments hold, read from
 * the representation Enterprise.exitReadiness gets (or the department client's precondition read).
 */
export type ExitPath = 'SIMPLIFIED' | 'GENERAL';

export interface ExitFacts {
  /** 登记状态 (market): only an existing or liquidating enterprise can deregister. */
  registrationStatus?: string | null;
  onAbnormalList?: boolean | null;
  openBranches?: number | null;
  listedCompany?: boolean | null;
  taxStatus?: string | null;
  taxArrears?: boolean | null;
  insuranceArrears?: boolean | null;
  seizedProperty?: boolean | null;
  currentPropertyUnits?: number | null;
}

export interface Blocker {
  department: CalledDepartment;
  code: string;
  /** What stands in the way, in Chinese and English. */
  reason: string;
  /** Paths this blocks. */
  blocks: ExitPath[];
}

export interface ExitReadiness {
  simplifiedAllowed: boolean;
  generalAllowed: boolean;
  blockers: Blocker[];
  /** Facts that could not be read: the answer is provisional while any is missing. */
  unknown: string[];
}

/** Which department holds each fact: an unknown fact is that department's to answer. */
export const FACT_DEPARTMENT: Record<keyof ExitFacts, Blocker['department']> = {
  registrationStatus: 'MARKET', onAbnormalList: 'MARKET', openBranches: 'MARKET', listedCompany: 'MARKET',
  taxStatus: 'TAX', taxArrears: 'TAX', insuranceArrears: 'MEDICAL_INSURANCE', seizedProperty: 'REAL_ESTATE', currentPropertyUnits: 'REAL_ESTATE',
};

const BOTH: ExitPath[] = ['SIMPLIFIED', 'GENERAL'];

export function exitReadiness(f: ExitFacts): ExitReadiness {
  const blockers: Blocker[] = [];
  const unknown = Object.entries(f).filter(([, v]) => v === null || v === undefined).map(([k]) => k);
  const block = (department: Blocker['department'], code: string, reason: string, blocks: ExitPath[] = BOTH) => blockers.push({ department, code, reason, blocks });

  if (f.registrationStatus && !['EXISTING', 'LIQUIDATING', 'REVOKED_NOT_DEREGISTERED'].includes(f.registrationStatus)) {
    block('MARKET', 'NOT_REGISTERED', `登记状态不允许注销 — the registration status ${f.registrationStatus} does not allow deregistration`);
  }
  // 吊销未注销 may still deregister, but only by the general path (the registry refuses 简易注销).
  if (f.registrationStatus === 'REVOKED_NOT_DEREGISTERED') block('MARKET', 'LICENCE_REVOKED', '营业执照已被吊销，不适用简易注销 — the business licence was revoked: simplified deregistration is not allowed', ['SIMPLIFIED']);
  if (f.onAbnormalList) block('MARKET', 'ABNORMAL_LIST', '列入经营异常名录，不适用简易注销 — on the abnormal-operation list: simplified deregistration is not allowed', ['SIMPLIFIED']);
  if (f.openBranches) block('MARKET', 'OPEN_BRANCHES', `尚有${f.openBranches}个分支机构未注销 — ${f.openBranches} branch(es) must be closed first`);
  if (f.listedCompany) block('MARKET', 'LISTED_COMPANY', '上市股份公司不适用简易注销 — a listed company cannot use simplified deregistration', ['SIMPLIFIED']);
  if (f.taxArrears) block('TAX', 'TAX_ARREARS', '存在欠税、滞纳金 — tax arrears or late fees are outstanding');
  if (f.taxStatus === 'ABNORMAL') block('TAX', 'TAX_ABNORMAL', '非正常户，需先解除 — an abnormal taxpayer must be restored first');
  if (f.insuranceArrears) block('MEDICAL_INSURANCE', 'INSURANCE_ARREARS', '存在医保欠费 — medical-insurance contributions are in arrears');
  if (f.seizedProperty) block('REAL_ESTATE', 'PROPERTY_SEIZED', '不动产被查封 — property is under a court seizure');
  if (f.currentPropertyUnits) block('REAL_ESTATE', 'PROPERTY_HELD', `名下仍有${f.currentPropertyUnits}处不动产 — ${f.currentPropertyUnits} property unit(s) must be disposed of first`, ['SIMPLIFIED']);

  const allowed = (path: ExitPath) => unknown.length === 0 && !blockers.some((b) => b.blocks.includes(path));
  return { simplifiedAllowed: allowed('SIMPLIFIED'), generalAllowed: allowed('GENERAL'), blockers, unknown };
}

/**
 * The representation Enterprise.exitReadiness gets: the gateway sends the departments' facts it
 * fetched first (@requires). A department that failed, or a flag the caller may not read, arrives as
 * null: that fact is unknown and the answer says so rather than guess.
 */
export interface ExitRepresentation {
  uscc: string;
  registration?: {
    status?: string | null;
    onAbnormalList?: boolean | null;
    type?: { code?: string | null } | null;
    branches?: ({ registration?: { status?: string | null } | null } | null)[] | null;
  } | null;
  tax?: { status?: string | null; hasArrears?: boolean | null } | null;
  medicalInsurance?: { hasArrears?: boolean | null } | null;
  realEstate?: { currentUnitCount?: number | null; hasSeizure?: boolean | null } | null;
}

/** Branch statuses that are closed for good: such a branch does not stand in the way. */
const CLOSED = new Set(['DEREGISTERED', 'REVOKED_DEREGISTERED', 'ANNULLED', 'MOVED_OUT']);
/** 1210 上市股份有限公司 and its branch mirror. */
const LISTED_TYPE_CODES = new Set(['1210', '2210']);

/**
 * The facts from the representation. A null object or flag is unknown, whatever the cause (outage,
 * FORBIDDEN, or a department that does not know the enterprise): only an answer read counts.
 */
export function factsOf(e: ExitRepresentation): ExitFacts {
  const r = e.registration;
  const branches = r?.branches;
  const branchUnknown = !Array.isArray(branches) || branches.some((b) => !b?.registration?.status);
  return {
    registrationStatus: r?.status ?? null,
    onAbnormalList: r?.onAbnormalList ?? null,
    openBranches: branchUnknown ? null : branches!.filter((b) => !CLOSED.has(b!.registration!.status!)).length,
    listedCompany: r?.type ? LISTED_TYPE_CODES.has(r.type.code ?? '') : null,
    taxStatus: e.tax?.status ?? null,
    taxArrears: e.tax?.hasArrears ?? null,
    insuranceArrears: e.medicalInsurance?.hasArrears ?? null,
    seizedProperty: e.realEstate?.hasSeizure ?? null,
    currentPropertyUnits: e.realEstate?.currentUnitCount ?? null,
  };
}

/** The judgement both exitReadiness and deregisterEnterprise's up-front check give: one function, so they never disagree. */
export const judgeExit = (e: ExitRepresentation) => exitReadiness(factsOf(e));
