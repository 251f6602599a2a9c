import type { Caller, Purpose, Role } from '@district/domain';
import type { Department } from '@district/domain';

/**
 * Who may read what, for which purpose (domain.md §5.2): one table, read by the schema transform
 * (authorization.ts) for every field declared `@sensitivity(level: …)`, and by each subgraph's
 * privacy.ts for unmasking. Fields without a declaration are PUBLIC.
 *
 * Sensitivity classes:
 * - PUBLIC    公示 data: registration, status, the abnormal-operation list, published annual reports.
 * - INTERNAL  shared between departments, not published: credit grade, arrears / mortgage / 查封
 *             *flags*, taxpayer and insurance status, counts.
 * - PERSONAL  individuals' data (个人信息): names, ID numbers, phones of natural persons. Always
 *             masked unless the table below also grants `unmasked`.
 * - SENSITIVE amounts and detailed financial records (arrears lists, declarations, payments,
 *             contributions, mortgage amounts), bank accounts (PIPL Art. 28 金融账户).
 *
 * Rules beside the table: no purpose → PUBLIC only (any role but `system`); a (role, purpose) pair
 * not in the table → PUBLIC only; `ownDepartment` means SENSITIVE and unmasking hold only for the
 * fields of the caller's own department (department-officer). Row-level scope (which enterprises)
 * is separate: see `rowScope`.
 */
export const SENSITIVITY_LEVELS = ['PUBLIC', 'INTERNAL', 'PERSONAL', 'SENSITIVE'] as const;
export type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];

export interface Grant {
  /** The classes granted (on every department's fields, except SENSITIVE when `ownDepartment`). */
  classes: readonly SensitivityLevel[];
  /** May personal data be shown unmasked? Default masked. */
  unmasked: boolean;
  /** SENSITIVE and unmasking only on the caller's own department's fields. */
  ownDepartment?: true;
}

const ALL: readonly SensitivityLevel[] = SENSITIVITY_LEVELS;
const PUBLIC_ONLY: Grant = { classes: ['PUBLIC'], unmasked: false };

/** The grant table: role → purpose → grant. Absent pairs grant PUBLIC only. */
export const GRANTS: Readonly<Record<Role, Partial<Record<Purpose, Grant>>>> = {
  // The public front end shows 公示 data only, whatever it says its purpose is.
  'frontend-app': {},
  // 楼小二: registration, credit grade, arrears and 查封 flags; no ID numbers, persons or amounts.
  'building-staff': {
    BUILDING_SERVICE: { classes: ['PUBLIC', 'INTERNAL'], unmasked: false },
  },
  // 一件事一次办 at the window: what the bundle needs; deregistration needs the amounts (清税, 欠费).
  'window-staff': {
    ENTERPRISE_OPENING: { classes: ['PUBLIC', 'INTERNAL', 'PERSONAL'], unmasked: false },
    ENTERPRISE_CHANGE: { classes: ['PUBLIC', 'INTERNAL', 'PERSONAL'], unmasked: false },
    ENTERPRISE_DEREGISTRATION: { classes: ALL, unmasked: false },
  },
  // A department's own case: everything, SENSITIVE and unmasked only on its own department's fields.
  'department-officer': {
    DEPARTMENT_CASE: { classes: ALL, unmasked: true, ownDepartment: true },
  },
  // An enterprise about itself (row scope: only its own USCC): everything, unmasked.
  enterprise: {
    SELF_SERVICE: { classes: ALL, unmasked: true },
  },
  // 帮办代办: an agent acting for an enterprise under its delegation (row scope: that enterprise
  // only; the purpose must be one the delegation covers, the gateway checks). What the matter
  // needs, personal data always masked: the agent is not the enterprise (PIPL Art. 6, minimisation).
  agent: {
    SELF_SERVICE: { classes: ALL, unmasked: false },
    ENTERPRISE_CHANGE: { classes: ['PUBLIC', 'INTERNAL', 'PERSONAL'], unmasked: false },
    ENTERPRISE_DEREGISTRATION: { classes: ALL, unmasked: false },
  },
  // Auditors read everything, read-only, still masked (they check who read what, not whom).
  auditor: {
    AUDIT: { classes: ALL, unmasked: false },
  },
  // The gateway's own calls; listed for every purpose below.
  system: {},
};

const SYSTEM_GRANT: Grant = { classes: ALL, unmasked: false };

/**
 * The grant of a caller: system always everything (masked); no purpose → PUBLIC only; an agent
 * only under a delegation in effect that covers its purpose (else PUBLIC only).
 */
export function grantFor(caller: Pick<Caller, 'role' | 'purpose' | 'delegation'>): Grant {
  if (caller.role === 'system') return SYSTEM_GRANT;
  if (!caller.purpose) return PUBLIC_ONLY;
  if (caller.role === 'agent' && !caller.delegation?.purposes.includes(caller.purpose)) return PUBLIC_ONLY;
  return GRANTS[caller.role]?.[caller.purpose] ?? PUBLIC_ONLY;
}

/** Why a class is refused, or null when the caller may read it on `department`'s fields. */
export function refusal(caller: Pick<Caller, 'role' | 'purpose' | 'department' | 'delegation'>, level: SensitivityLevel, department: Department): string | null {
  if (level === 'PUBLIC') return null;
  const grant = grantFor(caller);
  // The reason is only spelled out when there is one: this runs for every declared field read.
  if (!grant.classes.includes(level)) return `${describe(caller)} is not granted ${level}`;
  if (level === 'SENSITIVE' && grant.ownDepartment && caller.department !== department) {
    return `${describe(caller)} is granted ${level} only on its own department's fields (${caller.department ?? 'none'}), not ${department}`;
  }
  return null;
}

const describe = (caller: Pick<Caller, 'role' | 'purpose' | 'delegation'>): string =>
  `role ${caller.role}${caller.purpose ? ` with purpose ${caller.purpose}` : ' without a purpose'}${caller.role === 'agent' ? (caller.delegation ? ` under delegation ${caller.delegation.id}` : ' without a delegation in effect') : ''}`;

export const mayRead = (caller: Pick<Caller, 'role' | 'purpose' | 'department' | 'delegation'>, level: SensitivityLevel, department: Department): boolean =>
  refusal(caller, level, department) === null;

/** May this caller see personal data of `department`'s records unmasked? */
export function mayUnmask(caller: Pick<Caller, 'role' | 'purpose' | 'department' | 'delegation'> | undefined, department: Department): boolean {
  if (!caller) return false;
  const grant = grantFor(caller);
  if (!grant.unmasked || !grant.classes.includes('PERSONAL')) return false;
  return grant.ownDepartment ? caller.department === department : true;
}

/**
 * Row-level scope: which enterprises a caller may reach. `all` for most roles; building staff
 * only enterprises in their buildings; an enterprise only itself; an agent only the enterprise its
 * delegation in effect is for (none without one).
 */
export type RowScope = { kind: 'all' } | { kind: 'buildings'; buildings: ReadonlySet<string> } | { kind: 'self'; uscc: string | null };

export function rowScope(caller: Pick<Caller, 'role' | 'buildings' | 'uscc' | 'delegation'>): RowScope {
  if (caller.role === 'building-staff') return { kind: 'buildings', buildings: new Set(caller.buildings ?? []) };
  if (caller.role === 'enterprise') return { kind: 'self', uscc: caller.uscc ?? null };
  if (caller.role === 'agent') return { kind: 'self', uscc: caller.delegation ? caller.uscc ?? null : null };
  return { kind: 'all' };
}
