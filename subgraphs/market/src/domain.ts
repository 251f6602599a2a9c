import type { Money } from '@district/domain';

/**
 * The market registry's data in our vocabulary: what the adapter returns and resolvers read.
 * Personal data is still raw here (the adapter does not mask); privacy.ts masks it on the way
 * out, so a later role- and purpose-aware rule can unmask in one place.
 */

/** 登记状态 (GSXT). */
export type RegistrationStatus =
  | 'EXISTING' | 'REVOKED_NOT_DEREGISTERED' | 'REVOKED_DEREGISTERED' | 'DEREGISTERED' | 'ANNULLED' | 'MOVED_OUT' | 'MOVED_IN' | 'LIQUIDATING';
export type EntityClass = 'ENTERPRISE' | 'INDIVIDUAL_BUSINESS' | 'COOPERATIVE';
export type Currency = 'CNY' | 'USD' | 'HKD';
export type ChangeItem = 'NAME' | 'ADDRESS' | 'LEGAL_REPRESENTATIVE' | 'REGISTERED_CAPITAL' | 'BUSINESS_SCOPE' | 'OTHER';
export type AbnormalListReason = 'ANNUAL_REPORT_NOT_FILED' | 'INFO_NOT_DISCLOSED' | 'FALSE_INFORMATION' | 'UNREACHABLE_AT_ADDRESS' | 'OTHER';

/** The child lists the registry returns only when asked (batch `include`). */
export const REGISTRY_LISTS = ['changes', 'branches', 'annualReports', 'abnormalEntries'] as const;
export type RegistryList = (typeof REGISTRY_LISTS)[number];

export interface Representative {
  role: 'LEGAL_REPRESENTATIVE' | 'BRANCH_HEAD' | 'OPERATOR';
  /** Raw; mask through privacy.ts. */
  name: string;
  idType: 'RESIDENT_ID_CARD' | 'OTHER';
  /** Raw; mask through privacy.ts. */
  idNumber: string;
}

export interface RegistrationChange {
  item: ChangeItem;
  itemLabel: string;
  /** Raw; may be a person's name (LEGAL_REPRESENTATIVE): mask through privacy.ts. */
  before: string | null;
  after: string | null;
  on: string;
}

/** 分支机构 as listed under its parent. */
export interface BranchSummary {
  uscc: string;
  name: string;
  establishedOn: string;
  statusLabel: string;
}

export interface AbnormalListEntry {
  reason: AbnormalListReason;
  reasonText: string;
  listedOn: string;
  listedBy: string;
  removedOn: string | null;
  removalReason: string | null;
  removedBy: string | null;
}

export interface AnnualReport {
  year: number;
  filed: boolean;
  filedOn: string | null;
  nameAtYearEnd: string | null;
  addressAtYearEnd: string | null;
  employees: number | null;
  insuredHeadcount: { pension: number; unemployment: number; medical: number; workInjury: number; maternity: number } | null;
  finances: {
    totalAssets: Money; totalLiabilities: Money; ownersEquity: Money; totalRevenue: Money;
    mainBusinessRevenue: Money; totalProfit: Money; netProfit: Money; totalTaxPaid: Money;
  } | null;
}

/** One registered enterprise; the lists are present only when they were asked for. */
export interface MarketEnterprise {
  uscc: string;
  name: string;
  status: RegistrationStatus;
  statusLabel: string;
  statusOn: string | null;
  entityClass: EntityClass;
  type: { code: string | null; label: string | null };
  establishedOn: string;
  term: { from: string; to: string | null; indefinite: boolean };
  registeredCapital: Money | null;
  registeredCapitalCurrency: Currency | null;
  legalRepresentative: Representative;
  address: string;
  businessScope: string;
  industry: { code: string; label: string } | null;
  registrationAuthority: string;
  approvedOn: string;
  revokedOn: string | null;
  deregisteredOn: string | null;
  /** 楼宇编码 tag, e.g. LS-B001. */
  buildingCode: string | null;
  parentUscc: string | null;
  changes?: RegistrationChange[];
  branches?: BranchSummary[];
  annualReports?: AnnualReport[];
  abnormalEntries?: AbnormalListEntry[];
}

/** Search filter in our vocabulary; the adapter turns it into the registry's parameters. */
export interface EnterpriseSearch {
  buildingCode?: string;
  status?: RegistrationStatus;
  /** 企业类型 code, 4 digits. */
  typeCode?: string;
  /** Name contains. */
  keyword?: string;
}

/** One page of the registry's search (its page number and size): the total for the filter, and the page's records, without lists. */
export interface SearchPage {
  total: number;
  items: MarketEnterprise[];
}
