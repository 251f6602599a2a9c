import { exitReadiness, type ExitFacts } from './readiness.ts';

/**
 * Enterprise.exitReadiness: the representation the gateway sends carries the departments' facts it
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

export const ReadinessEnterprise = {
  exitReadiness: judgeExit,
};
