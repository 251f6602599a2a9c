/**
 * The district's core facts, shared by all four department stand-ins.
 *
 * Only what the departments must agree on lives here (identity, dates, status, and which
 * enterprises are in trouble where). Each department derives its own detailed records from these
 * facts with its own seeded RNG, so the four systems stay consistent without sharing a database,
 * exactly as the real ones are joined only by the USCC.
 */

/** 登记状态, as the market registry shows it. */
export type RegistrationStatus =
  | 'EXISTING' // 存续（在营、开业、在册）
  | 'REVOKED_NOT_DEREGISTERED' // 吊销，未注销
  | 'REVOKED_DEREGISTERED' // 吊销，已注销
  | 'DEREGISTERED' // 注销
  | 'ANNULLED' // 撤销
  | 'MOVED_OUT' // 迁出
  | 'LIQUIDATING'; // 清算

/** 主体类别: 企业, 个体工商户, 农民专业合作社 (USCC position 2 under authority 9). */
export type EntityClass = 'ENTERPRISE' | 'INDIVIDUAL_BUSINESS' | 'COOPERATIVE';

/** 楼宇: an office building of the 楼小二 programme. */
export interface Building {
  /** Stable id, e.g. "LS-B001". */
  id: string;
  name: string;
  /** 坐落 / 住所 prefix, unique per building, e.g. "山东省青岛市崂山区海尔路180号". */
  address: string;
  /** 街道 (sub-district). */
  street: string;
  floors: number;
  completedYear: number;
  /** 楼小二: the service staff assigned to the building. */
  staff: { id: string; name: string; phone: string }[];
}

export interface Person {
  name: string;
  /** 居民身份证号, GB 11643-valid. */
  idNumber: string;
  phone: string;
}

/** A registered change (变更记录). Name changes are also reflected by the other departments. */
export interface ChangeRecord {
  on: string;
  item: 'NAME' | 'ADDRESS' | 'LEGAL_REPRESENTATIVE' | 'REGISTERED_CAPITAL' | 'BUSINESS_SCOPE';
  before: string;
  after: string;
}

/** Where an enterprise is in trouble, decided once so every department agrees. */
export interface Trouble {
  /** 经营异常名录 entry. */
  abnormalList?: { listedOn: string; reason: AbnormalReason; removedOn?: string };
  /** Tax arrears (欠税) outstanding. */
  taxArrears: boolean;
  /** 非正常户 at the tax bureau. */
  taxAbnormal: boolean;
  /** 医保 contributions in arrears (欠费). */
  insuranceArrears: boolean;
}

export type AbnormalReason =
  | 'ANNUAL_REPORT_NOT_FILED' // 未按期公示年度报告
  | 'INFO_NOT_DISCLOSED' // 未在责令期限内公示有关企业信息
  | 'FALSE_INFORMATION' // 公示信息隐瞒真实情况、弄虚作假
  | 'UNREACHABLE_AT_ADDRESS'; // 通过登记的住所或者经营场所无法联系

/** Real estate the enterprise holds (decided centrally: property gates mortgages and seizures). */
export interface PropertyFacts {
  /** Number of units (不动产单元) held, 0 if none. */
  units: number;
  mortgaged: boolean;
  seized: boolean;
  /** Acquisition date of the first unit. */
  firstAcquiredOn?: string;
  /** Set when the rights were disposed of (deregistered enterprises must hold nothing). */
  disposedOn?: string;
}

export interface Enterprise {
  uscc: string;
  /** Current name (企业名称). */
  name: string;
  entityClass: EntityClass;
  /** 企业类型 code (SAMR), null for 个体工商户 which have none. */
  typeCode: string | null;
  /** Building id when registered in one of the district's buildings. */
  buildingId: string | null;
  /** 住所, current. */
  address: string;
  legalRepresentative: Person;
  /** 注册资本 in 万元 (ten-thousand yuan), as registries record it. */
  registeredCapitalWan: number;
  currency: 'CNY' | 'USD' | 'HKD';
  /** 成立日期 = date the licence was issued. */
  establishedOn: string;
  /** 营业期限至, null for 长期. */
  termTo: string | null;
  businessScope: string;
  /** 行业 (GB/T 4754 section letter and label). */
  industry: { code: string; label: string };
  status: RegistrationStatus;
  /** Date the current status took effect (deregistration, revocation, move-out...). */
  statusOn: string | null;
  /** Parent USCC for branches (分支机构). */
  parentUscc: string | null;
  /** Employees (used for insurance headcount and annual reports). */
  employees: number;
  changes: ChangeRecord[];
  trouble: Trouble;
  property: PropertyFacts;
  /** 增值税纳税人类型. */
  vatKind: 'GENERAL' | 'SMALL_SCALE';
  /** Whether the enterprise registered as an employer at 医保 (individuals without staff may not). */
  insured: boolean;
  /** Marks a documented sample enterprise, see samples.ts. */
  sample?: string;
}

export interface Dataset {
  seed: number;
  /** The dataset's "today": all dates are on or before it, independent of the wall clock. */
  asOf: string;
  buildings: Building[];
  enterprises: Enterprise[];
  byUscc: Map<string, Enterprise>;
  buildingById: Map<string, Building>;
}
