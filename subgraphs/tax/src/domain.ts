import type { Money } from '@district/domain';
import type { QueryKind } from './codes.ts';

/**
 * The tax bureau's facts as this subgraph models them, free of the bus's wire format: enums for
 * codes, ISO dates, Money. Personal data is still raw here; privacy.ts masks it on the way out.
 */

/** An official code with its name, e.g. 主管税务机关 13702120000 国家税务总局青岛市崂山区税务局. */
export interface CodeName { code: string; name: string }

/** 征收项目 of a record: the enum, with the official code and label. */
export interface TaxItemRef { taxItem: string; taxItemCode: string; taxItemLabel: string }

/** 清税证明 (税务事项通知书) of a closed taxpayer. */
export interface Clearance { certificateNo: string; title: string; issuedOn: string; path: string; pathLabel: string }

/** 纳税人登记信息. */
export interface TaxRegistration {
  formerName: string | null;
  status: string;
  statusCode: string;
  statusLabel: string;
  registeredOn: string | null;
  taxpayerKind: string;
  taxpayerKindLabel: string;
  taxAuthority: CodeName;
  taxOffice: CodeName | null;
  industry: CodeName | null;
  registeredAddress: string | null;
  businessAddress: string | null;
  /** Raw: masked by privacy.ts before it leaves the subgraph. */
  legalRepresentative: { name: string | null; idType: string | null; idNumber: string | null } | null;
  financeOfficer: string | null;
  taxAgent: string | null;
  headOfficeTaxpayerId: string | null;
  abnormalSince: string | null;
  deregisteredOn: string | null;
  clearance: Clearance | null;
}

/** 纳税信用评价 of one year. */
export interface CreditRating {
  year: number;
  grade: string;
  score: number | null;
  source: string;
  sourceLabel: string;
  method: string | null;
  publishedOn: string | null;
}

export interface TaxPeriod extends TaxItemRef { periodFrom: string; periodTo: string }

/** 申报. */
export interface Declaration extends TaxPeriod {
  declarationNo: string;
  dueOn: string;
  declaredOn: string;
  taxBase: Money;
  taxPayable: Money;
  relief: Money;
  amountDue: Money;
}
/** 逾期未申报. */
export interface OverdueDeclaration extends TaxPeriod { dueOn: string }
/** 缴款. */
export interface Payment extends TaxPeriod { ticketNo: string; declarationNo: string | null; amount: Money; paidOn: string }
/** 欠税. */
export interface Arrear extends TaxPeriod { dueOn: string; amount: Money; lateFee: Money; lateFeeDays: number; lateFeeAsOf: string }

export interface Filings { declarations: Declaration[]; overdue: OverdueDeclaration[] }
export interface Arrears { items: Arrear[]; tax: Money; lateFee: Money; total: Money }

/** 发票额度 (数电发票 monthly credit line). */
export interface InvoiceQuota {
  month: string;
  total: Money;
  used: Money;
  remaining: Money;
  status: string;
  statusLabel: string;
  invoicesIssued: number;
  invoicesReceived: number;
}

/** What each query kind contributes; FPED is null once the taxpayer is closed. */
export interface TaxpayerBlocks {
  DJXX: TaxRegistration;
  XYDJ: CreditRating[];
  SBXX: Filings;
  JKXX: Payment[];
  QSXX: Arrears;
  FPED: InvoiceQuota | null;
}

/**
 * One taxpayer as one combined query answered it. `blocks` holds only the kinds that were asked
 * for: an absent block means "not fetched", never "none".
 */
export interface Taxpayer {
  taxpayerId: string;
  name: string;
  /** 数据截止日期: derived records (滞纳金 included) are computed to this date. */
  asOf: string;
  blocks: Partial<TaxpayerBlocks>;
}

export type { QueryKind };
