/**
 * Code tables of the 税务 (tax) stand-in, as 金税-style systems send them: a code (…Dm) with its
 * label (…Mc). Values marked ✖ in /work/shared/domain.md are unverified and live here only, so a
 * correction is a one-line change.
 */

/** Service codes (tranId); each is served at POST /gt3/esb/<tranId>. */
export const TRAN_ID = {
  /** 批量查询纳税人登记信息. */
  REGISTRATION: 'SWZJ.HXZG.DJ.PLCXNSRDJXX',
  /** 批量查询纳税信用等级. */
  CREDIT: 'SWZJ.HXZG.XY.PLCXNSXYDJ',
  /** 批量查询申报信息 (and 逾期未申报). */
  DECLARATIONS: 'SWZJ.HXZG.SB.PLCXSBXX',
  /** 批量查询缴款信息. */
  PAYMENTS: 'SWZJ.HXZG.ZS.PLCXJKXX',
  /** 批量查询欠税信息. */
  ARREARS: 'SWZJ.HXZG.ZS.PLCXQSXX',
  /** 批量查询发票额度. */
  QUOTA: 'SWZJ.HXZG.FP.PLCXFPED',
  /** 综合批量查询: any of the above kinds in one call. */
  COMBINED: 'SWZJ.HXZG.ZH.PLCXNSRXX',
  /** 新办纳税人信息确认. */
  CONFIRM_NEW_TAXPAYER: 'SWZJ.HXZG.DJ.XBNSRXXQR',
  /** 清税申报. */
  CLEARANCE: 'SWZJ.HXZG.ZX.QSSB',
} as const;

/** Most taxpayers one batch query may name (批量查询上限). */
export const BATCH_LIMIT = 50;

/** 滞纳金 (late-payment surcharge) per day on the overdue amount: 0.05% (征管法 Art. 32, ✖ not re-checked). */
export const LATE_FEE_RATE_PER_DAY = 0.0005;

/** 纳税人状态 (taxpayer status), 金税 dictionary. */
export const TAXPAYER_STATUS = {
  '01': '受理', '02': '筹建期', '03': '正常', '04': '停业', '05': '非正常', '06': '清算', '07': '注销',
  '08': '非正常户注销', '09': '报验', '10': '核销报验', '11': '中断缴费', '12': '恢复缴费', '13': '简易注销无异议', '99': '其他',
} as const;
export type TaxpayerStatusCode = keyof typeof TAXPAYER_STATUS;
export const CLOSED_STATUSES: readonly TaxpayerStatusCode[] = ['07', '08', '13'];

/** 增值税纳税人类型 (VAT taxpayer kind). */
export const VAT_KIND = { '1': '增值税一般纳税人', '2': '增值税小规模纳税人' } as const;
export type VatKindCode = keyof typeof VAT_KIND;

/** 征收项目 (tax item) codes, 金税 dictionary. */
export const TAX_ITEM = {
  VAT: { dm: '10101', mc: '增值税' },
  CORPORATE_INCOME: { dm: '10104', mc: '企业所得税' },
  INDIVIDUAL_INCOME: { dm: '10106', mc: '个人所得税' },
  CITY_MAINTENANCE: { dm: '10109', mc: '城市维护建设税' },
} as const;
export type TaxItem = (typeof TAX_ITEM)[keyof typeof TAX_ITEM];

/** 清税 path (清税方式) when deregistering, domain.md §2.2. */
export const CLEARANCE_PATH = { '1': '免办', '2': '即办', '3': '一般流程' } as const;
export type ClearancePathCode = keyof typeof CLEARANCE_PATH;

/** Where a credit rating comes from (评价来源). */
export const RATING_SOURCE = { '1': '年度指标评价', '2': '直接判级', '3': '新设立企业' } as const;
export type RatingSourceCode = keyof typeof RATING_SOURCE;

/** 额度状态 of the 数电发票 monthly credit line (授信额度). */
export const QUOTA_STATUS = { '1': '正常', '2': '冻结' } as const;
export type QuotaStatusCode = keyof typeof QUOTA_STATUS;

/** First 授信总额度 granted at 新办纳税人信息确认, in yuan (~ local practice, ✖ unverified). */
export const NEW_TAXPAYER_QUOTA_YUAN: Record<VatKindCode, number> = { '1': 1_000_000, '2': 100_000 };

/** Why a 清税申报 is refused (不予通过原因). */
export const REFUSAL_REASON = {
  ARREARS: { dm: '01', mc: '存在未结清的欠税、滞纳金' },
  ABNORMAL: { dm: '02', mc: '非正常户状态未解除' },
  UNDECLARED: { dm: '03', mc: '存在逾期未申报记录' },
} as const;

/** 主管税务机关: the district bureau and its 税务所 by 街道 (codes are 11-digit 税务机关代码, ✖ invented). */
export const TAX_BUREAU = { dm: '13702120000', mc: '国家税务总局青岛市崂山区税务局' } as const;
export const TAX_OFFICES: Record<string, { dm: string; mc: string }> = {
  中韩街道: { dm: '13702120100', mc: '国家税务总局青岛市崂山区税务局中韩税务所' },
  金家岭街道: { dm: '13702120200', mc: '国家税务总局青岛市崂山区税务局金家岭税务所' },
  沙子口街道: { dm: '13702120300', mc: '国家税务总局青岛市崂山区税务局沙子口税务所' },
  王哥庄街道: { dm: '13702120400', mc: '国家税务总局青岛市崂山区税务局王哥庄税务所' },
  北宅街道: { dm: '13702120500', mc: '国家税务总局青岛市崂山区税务局北宅税务所' },
};
export const DEFAULT_STREET = '中韩街道';

/** Prefix of 税务事项通知书 numbers this bureau issues, e.g. 青崂税 税企清〔2026〕1234号. */
export const NOTICE_PREFIX = '青崂税 税企清';
export const noticeNumber = (year: string | number, n: number): string => `${NOTICE_PREFIX}〔${year}〕${n}号`;

/**
 * 行业 (GB/T 4754-2017 class, 4 digits as 金税 stores it) for each section letter of the core
 * model; one representative class per section is enough for the adapters.
 */
export const INDUSTRY_BY_SECTION: Record<string, { dm: string; mc: string }> = {
  I: { dm: '6513', mc: '应用软件开发' },
  L: { dm: '7243', mc: '社会经济咨询' },
  F: { dm: '5199', mc: '其他未列明批发业' },
  M: { dm: '7590', mc: '其他科技推广服务业' },
  J: { dm: '6999', mc: '其他未包括金融业' },
  K: { dm: '7010', mc: '房地产开发经营' },
  E: { dm: '4790', mc: '其他房屋建筑业' },
  H: { dm: '6210', mc: '正餐服务' },
  R: { dm: '8790', mc: '其他文化艺术业' },
  P: { dm: '8394', mc: '教育辅助服务' },
};
/** 个体工商户 in retail: 便利店零售 regardless of the section drawn for them. */
export const INDIVIDUAL_INDUSTRY = { dm: '5213', mc: '便利店零售' } as const;

/** 证件类型 201 = 居民身份证. */
export const ID_TYPE_RESIDENT_CARD = '201';
