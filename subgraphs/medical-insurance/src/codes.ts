import type { AccountStatus, Collector, EmployerType, InsuranceType } from './domain.ts';

/**
 * The platform's code tables, translated. Several values are unverified (domain.md §2.3 and §6):
 * they live here only, beside backends/docs/medical-insurance.md. A code we do not know becomes
 * OTHER (with the platform's own code and name kept) rather than failing the whole account,
 * except the account status, which callers act on and we must never guess.
 */

/** 单位参保状态 emp_insu_stas ✖. */
export const ACCOUNT_STATUS_BY_CODE: Readonly<Record<string, AccountStatus>> = { '1': 'NORMAL', '2': 'SUSPENDED', '3': 'CLOSED' };
export const ACCOUNT_STATUS_LABELS: Readonly<Record<AccountStatus, string>> = { NORMAL: '正常', SUSPENDED: '暂停', CLOSED: '注销' };

/** 单位性质 emp_type ✖. */
export const EMPLOYER_TYPE_BY_CODE: Readonly<Record<string, EmployerType>> = {
  '10': 'ENTERPRISE', '20': 'GOVERNMENT_AGENCY', '30': 'PUBLIC_INSTITUTION', '40': 'SOCIAL_ORGANIZATION',
  '50': 'PRIVATE_NON_ENTERPRISE', '60': 'INDIVIDUAL_BUSINESS', '70': 'FARMERS_COOPERATIVE', '90': 'OTHER',
};
export const EMPLOYER_TYPE_LABELS: Readonly<Record<EmployerType, string>> = {
  ENTERPRISE: '企业', GOVERNMENT_AGENCY: '机关', PUBLIC_INSTITUTION: '事业单位', SOCIAL_ORGANIZATION: '社会团体',
  PRIVATE_NON_ENTERPRISE: '民办非企业单位', INDIVIDUAL_BUSINESS: '个体工商户', FARMERS_COOPERATIVE: '农民专业合作社', OTHER: '其他',
};

/** 险种类型 insutype ✔ (生育保险 is merged into 310). */
export const INSURANCE_TYPE_BY_CODE: Readonly<Record<string, InsuranceType>> = {
  '310': 'EMPLOYEE_BASIC', '320': 'CIVIL_SERVANT_SUBSIDY', '330': 'LARGE_EXPENSE_SUBSIDY',
  '340': 'RETIRED_CADRES', '390': 'RESIDENT_BASIC', '410': 'LONG_TERM_CARE',
};
export const INSURANCE_TYPE_LABELS: Readonly<Record<InsuranceType, string>> = {
  EMPLOYEE_BASIC: '职工基本医疗保险', CIVIL_SERVANT_SUBSIDY: '公务员医疗补助', LARGE_EXPENSE_SUBSIDY: '大额医疗费用补助',
  RETIRED_CADRES: '离休人员医疗保障', RESIDENT_BASIC: '城乡居民基本医疗保险', LONG_TERM_CARE: '长期照护保险', OTHER: '其他险种',
};

/** 征收机构 clct_org: 税务 collects from 2020-11 on in Shandong. */
export const COLLECTOR_BY_CODE: Readonly<Record<string, Collector>> = { '1': 'MEDICAL_INSURANCE_AGENCY', '2': 'TAX' };

/** The value a code table gives `code`, or undefined; own keys only, so "constructor" is no code. */
export const lookup = <E extends string>(table: Readonly<Record<string, E>>, code: string): E | undefined =>
  Object.hasOwn(table, code) ? table[code] : undefined;
