import type { Money } from '@district/domain';

/**
 * The 医保 (medical insurance) domain as the subgraph sees it, after the adapter has turned the
 * platform's codes into enums, its dates into ISO dates, its 年月 into `yyyy-MM` and its yuan into
 * Money. Personal data is still raw here (`Raw…` types): privacy.ts masks it on the way out.
 */

/** 单位参保状态 — 正常 / 暂停 / 注销. */
export type AccountStatus = 'NORMAL' | 'SUSPENDED' | 'CLOSED';

/** 单位性质 — kind of employer. */
export type EmployerType =
  | 'ENTERPRISE' | 'GOVERNMENT_AGENCY' | 'PUBLIC_INSTITUTION' | 'SOCIAL_ORGANIZATION'
  | 'PRIVATE_NON_ENTERPRISE' | 'INDIVIDUAL_BUSINESS' | 'FARMERS_COOPERATIVE' | 'OTHER';

/** 险种 — insurance type (insutype). */
export type InsuranceType =
  | 'EMPLOYEE_BASIC' | 'CIVIL_SERVANT_SUBSIDY' | 'LARGE_EXPENSE_SUBSIDY' | 'RETIRED_CADRES'
  | 'RESIDENT_BASIC' | 'LONG_TERM_CARE' | 'OTHER';

/** 征收机构 — who collected a contribution. */
export type Collector = 'MEDICAL_INSURANCE_AGENCY' | 'TAX' | 'OTHER';

/** A 险种 the employer is insured for (参保险种). */
export interface Coverage {
  type: InsuranceType;
  /** The platform's insutype code, e.g. "310". */
  code: string;
  label: string;
  startedOn: string | null;
}

/** 欠费 as summarised by 1301: enough for a dashboard without the per-period list. */
export interface ArrearsSummary {
  hasArrears: boolean;
  months: number;
  total: Money;
  /** Earliest outstanding 费款所属期, yyyy-MM; null when none or when the platform left it out. */
  earliestPeriod: string | null;
  latestPeriod: string | null;
}

/** An individual's data exactly as the platform holds it. Never returned unmasked. */
export interface RawPerson {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
}

export interface RawBankAccount {
  bankName: string | null;
  accountNumber: string;
}

/** 单位参保信息 — the employer's registration with 医保 and its current figures (1301). */
export interface EmployerAccount {
  uscc: string;
  /** 单位编号 — the platform's own employer number. */
  employerNo: string;
  /** 单位名称 as registered with 医保 (may lag a rename at the market registry). */
  name: string;
  employerType: EmployerType;
  employerTypeCode: string;
  employerTypeLabel: string;
  /** 参保地医保区划, e.g. 370212. */
  regionCode: string;
  registeredOn: string;
  status: AccountStatus;
  statusChangedOn: string | null;
  address: string | null;
  insuranceTypes: Coverage[];
  insuredCount: { inService: number; retired: number };
  arrears: ArrearsSummary;
  /**
   * Individuals' data, raw. Kept apart under a name the schema has no field for, so that no
   * default resolver can ever serve it unmasked: only the masking resolvers read it.
   */
  personal: {
    /** 法定代表人. */
    legalRepresentative: RawPerson;
    /** 单位经办人. */
    agent: RawPerson;
    /** 银行账户. */
    bankAccount: RawBankAccount | null;
  };
}

/** One unpaid 费款所属期 (1304). */
export interface ArrearsPeriod {
  period: string;
  insuranceType: InsuranceType;
  amount: Money;
}

export interface ArrearsStatement {
  periods: ArrearsPeriod[];
  total: Money;
}

/** 缴费记录 — one 费款所属期 (1303). */
export interface Contribution {
  period: string;
  insuranceType: InsuranceType;
  headcount: number;
  base: Money;
  employerAmount: Money;
  employeeAmount: Money;
  total: Money;
  received: Money;
  collectedOn: string | null;
  collector: Collector;
  collectorName: string | null;
}

/** 参保人数 of one month (1302). */
export interface HeadcountSnapshot {
  period: string;
  inService: number;
  retired: number;
}

/** An optional window of 年月 (yyyy-MM, inclusive) for 1302–1304. */
export interface PeriodWindow {
  from?: string;
  to?: string;
}
