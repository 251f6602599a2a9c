import type { Department, Purpose } from '@district/domain';

/**
 * 一件事一次办: what each bundle does, in which order, from ../shared/domain.md §4.
 * One form, one case number (办件编号), one step per department write, run as a dependency
 * graph: a step starts when every step it needs has succeeded.
 */
export type BundleKind = 'OPENING' | 'CHANGE' | 'DEREGISTRATION';

/** 事项编码 of each bundle: the purpose window staff submit it for, and its access records name. */
export const PURPOSE_OF: Record<BundleKind, Purpose> = {
  OPENING: 'ENTERPRISE_OPENING',
  CHANGE: 'ENTERPRISE_CHANGE',
  DEREGISTRATION: 'ENTERPRISE_DEREGISTRATION',
};

export type StepKey =
  | 'MARKET_ESTABLISH' // 设立登记: issues the USCC
  | 'TAX_CONFIRM' // 新办纳税人信息确认
  | 'INSURANCE_REGISTER' // 单位参保登记
  | 'MARKET_CHANGE' // 变更登记
  | 'INSURANCE_CHANGE' // 单位信息变更
  | 'REAL_ESTATE_RENAME' // 权利人名称变更登记 (only when the enterprise holds property and changes its name)
  | 'TAX_CLEARANCE' // 清税: 清税证明
  | 'INSURANCE_CLOSE' // 注销单位参保 (refused while arrears remain)
  | 'MARKET_DEREGISTER'; // 注销登记, last: needs the 清税证明

/** The departments a bundle reads and writes (@district/domain's Department): every one but services itself. */
export type CalledDepartment = Exclude<Department, 'SERVICES'>;

/** What a step produced, merged into the bundle's results package (一窗发证); keys as in BundleResults. */
export type StepResult = { [key: string]: string | string[] | null | undefined };

export interface StepDefinition {
  key: StepKey;
  department: CalledDepartment;
  /** Steps that must have succeeded first. */
  needs: StepKey[];
  /** Chinese name for the case file. */
  title: string;
}

const step = (key: StepKey, department: CalledDepartment, title: string, needs: StepKey[] = []): StepDefinition => ({ key, department, title, needs });

export const BUNDLES: Record<BundleKind, StepDefinition[]> = {
  // Market first (it issues the USCC), then tax and insurance in parallel.
  OPENING: [
    step('MARKET_ESTABLISH', 'MARKET', '名称自主申报及设立登记'),
    step('TAX_CONFIRM', 'TAX', '新办纳税人信息确认', ['MARKET_ESTABLISH']),
    step('INSURANCE_REGISTER', 'MEDICAL_INSURANCE', '单位参保登记', ['MARKET_ESTABLISH']),
  ],
  // Market change triggers the rest; tax learns of it by data sharing (no step of ours).
  CHANGE: [
    step('MARKET_CHANGE', 'MARKET', '变更登记'),
    step('INSURANCE_CHANGE', 'MEDICAL_INSURANCE', '单位信息变更', ['MARKET_CHANGE']),
    step('REAL_ESTATE_RENAME', 'REAL_ESTATE', '不动产权利人名称变更登记', ['MARKET_CHANGE']),
  ],
  // Clearance and insurance first; 注销登记 last, with the 清税证明 in hand.
  DEREGISTRATION: [
    step('TAX_CLEARANCE', 'TAX', '清税申报'),
    step('INSURANCE_CLOSE', 'MEDICAL_INSURANCE', '注销单位参保'),
    step('MARKET_DEREGISTER', 'MARKET', '注销登记', ['TAX_CLEARANCE', 'INSURANCE_CLOSE']),
  ],
};

const TITLES = new Map(Object.values(BUNDLES).flat().map((s) => [s.key, s.title]));

/** A step's name for the case file. */
export const stepTitle = (key: StepKey): string => TITLES.get(key) ?? key;

/** The steps a given bundle really has: a change touches real estate only for a holder changing its name. */
export function stepsFor(kind: BundleKind, facts: { changesName?: boolean; holdsProperty?: boolean } = {}): StepDefinition[] {
  return BUNDLES[kind].filter((s) => s.key !== 'REAL_ESTATE_RENAME' || (facts.changesName && facts.holdsProperty));
}
