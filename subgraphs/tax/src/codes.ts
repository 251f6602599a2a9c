/**
 * The 税务 service bus's code tables and limits, and their translation into this graph's enums.
 * Native codes live here only: resolvers and the schema see enums. See backends/docs/tax.md.
 */

/** Service codes (tranId) this subgraph calls; each is served at POST /gt3/esb/<tranId>. */
export const TRAN_ID = {
  /** 综合批量查询: any subset of the query kinds for up to 50 taxpayers in one call. */
  COMBINED_QUERY: 'SWZJ.HXZG.ZH.PLCXNSRXX',
  /** 新办纳税人信息确认 (write). */
  CONFIRM_NEW_TAXPAYER: 'SWZJ.HXZG.DJ.XBNSRXXQR',
  /** 清税申报 (write). */
  APPLY_CLEARANCE: 'SWZJ.HXZG.ZX.QSSB',
} as const;

/** Path prefix of the bus; the front proxy answers anything else itself. */
export const ESB_PATH = '/gt3/esb/';

/** 批量查询上限: most 纳税人识别号 one batch query may name (more → rtnCode 201). */
export const BATCH_LIMIT = 50;

/**
 * 查询类型 (query kinds) of the combined query, each one block of the answer:
 * DJXX 登记信息, XYDJ 纳税信用等级, SBXX 申报 + 逾期未申报, JKXX 缴款, QSXX 欠税, FPED 发票额度.
 */
export const QUERY_KINDS = ['DJXX', 'XYDJ', 'SBXX', 'JKXX', 'QSXX', 'FPED'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** 纳税人状态 nsrztDm → TaxpayerStatus (all codes of the 金税 dictionary, domain.md §2.2). */
export const TAXPAYER_STATUS: Record<string, string> = {
  '01': 'ACCEPTED',
  '02': 'PREPARING',
  '03': 'NORMAL',
  '04': 'SUSPENDED',
  '05': 'ABNORMAL',
  '06': 'LIQUIDATING',
  '07': 'DEREGISTERED',
  '08': 'ABNORMAL_DEREGISTERED',
  '09': 'CROSS_REGION_REPORTED',
  '10': 'CROSS_REGION_CLOSED',
  '11': 'PAYMENT_INTERRUPTED',
  '12': 'PAYMENT_RESUMED',
  '13': 'SIMPLIFIED_DEREGISTERED',
  '99': 'OTHER',
};
/**
 * A status code missing from the dictionary becomes OTHER (the official code and label are still
 * shown) rather than failing the record: the dictionary is long and grows with new policies.
 */
export const taxpayerStatus = (code: string): string => TAXPAYER_STATUS[code] ?? 'OTHER';

/** 增值税纳税人类型 nsrlxDm: 1 一般纳税人, 2 小规模纳税人. */
export const TAXPAYER_KIND = { '1': 'GENERAL', '2': 'SMALL_SCALE' } as const;

/** 征收项目 zsxmDm → TaxItem; any other item is OTHER, with its code and label alongside. */
export const TAX_ITEM: Record<string, string> = {
  '10101': 'VAT',
  '10104': 'CORPORATE_INCOME_TAX',
  '10106': 'INDIVIDUAL_INCOME_TAX',
  '10109': 'CITY_MAINTENANCE_TAX',
};
export const taxItem = (code: string): string => TAX_ITEM[code] ?? 'OTHER';

/** 评价来源 pjlyDm: 1 年度指标评价, 2 直接判级, 3 新设立企业. */
export const RATING_SOURCE = { '1': 'ANNUAL_EVALUATION', '2': 'DIRECT_DOWNGRADE', '3': 'NEW_ENTERPRISE' } as const;

/** 清税方式 qsfsDm: 1 免办, 2 即办, 3 一般流程. */
export const CLEARANCE_PATH = { '1': 'EXEMPT', '2': 'IMMEDIATE', '3': 'GENERAL' } as const;

/** 额度状态 edztDm of the 数电发票 credit line: 1 正常, 2 冻结 (a 非正常户's). */
export const QUOTA_STATUS = { '1': 'NORMAL', '2': 'FROZEN' } as const;

/** 信用等级 xydj, domain.md §2.2. */
export const CREDIT_GRADES = ['A', 'B', 'M', 'C', 'D'] as const;

/** Statuses of a taxpayer that no longer exists at the bureau (注销, 非正常户注销, 简易注销无异议). */
export const CLOSED_STATUSES = new Set(['DEREGISTERED', 'ABNORMAL_DEREGISTERED', 'SIMPLIFIED_DEREGISTERED']);
