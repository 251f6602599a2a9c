/**
 * Code tables of the 医保 (medical insurance) stand-in, in one place because several of their values
 * are unverified (domain.md §2.3, §6 ✖) and must be easy to change together with
 * backends/docs/medical-insurance.md.
 */

/** 参保地医保区划 of every employer this stand-in keeps: 崂山区. */
export const INSU_ADMDVS = '370212';

/** The platform's one endpoint (医疗保障信息平台 通用服务调用). */
export const CALL_SERVICE_PATH = '/fsi/api/rsfComIfsService/callService';

/** 交易编号 (infno): the transactions this stand-in answers on its one endpoint. */
export const INFNO = {
  '1301': '单位参保信息查询',
  '1302': '参保人数月度快照查询',
  '1303': '单位缴费记录查询',
  '1304': '单位欠费查询',
  '3301': '单位参保登记',
  '3302': '单位信息变更',
  '3303': '单位注销',
} as const;
export type Infno = keyof typeof INFNO;
export const isInfno = (code: string): code is Infno => Object.hasOwn(INFNO, code);
/** Writes are idempotent on msgid; queries are not remembered. */
export const WRITE_INFNOS: ReadonlySet<Infno> = new Set(['3301', '3302', '3303']);

/** 单位参保状态 emp_insu_stas. The values are a suggestion (domain.md §2.3 ✖), not a national standard. */
export const EMP_INSU_STAS = { '1': '正常', '2': '暂停', '3': '注销' } as const;
export type EmpInsuStas = keyof typeof EMP_INSU_STAS;

/** 险种类型 insutype (domain.md §2.3 ✔). 生育保险 is merged into 310; its own code is unverified. */
export const INSUTYPE = {
  '310': '职工基本医疗保险',
  '320': '公务员医疗补助',
  '330': '大额医疗费用补助',
  '340': '离休人员医疗保障',
  '390': '城乡居民基本医疗保险',
  '410': '长期照护保险',
} as const;
export type Insutype = keyof typeof INSUTYPE;
/** What an ordinary employer in Qingdao carries: 职工医保 + 大额 + 长期照护 (Qingdao pioneered 长护险). */
export const EMPLOYER_INSUTYPES: Insutype[] = ['310', '330', '410'];

/** 单位性质 emp_type. Modelled on the old 金保 AAB019 list; the exact values are unverified ✖. */
export const EMP_TYPE = {
  '10': '企业',
  '20': '机关',
  '30': '事业单位',
  '40': '社会团体',
  '50': '民办非企业单位',
  '60': '个体工商户',
  '70': '农民专业合作社',
  '90': '其他',
} as const;
export type EmpType = keyof typeof EMP_TYPE;

/** 征收机构 clct_org: who collected a contribution. Since 2020-11-01 Shandong collects 社保费 through 税务 (domain.md §2.2 ✔). */
export const CLCT_ORG = { '1': '医保经办机构', '2': '税务机关' } as const;
export type ClctOrg = keyof typeof CLCT_ORG;
export const TAX_COLLECTS_FROM_YM = '202011';
export const TAX_COLLECTOR_NAME = '国家税务总局青岛市崂山区税务局';
export const AGENCY_COLLECTOR_NAME = '青岛市崂山区医疗保障服务中心';

/**
 * 缴费费率 and 缴费基数 limits per year (monthly, 元). Qingdao's actual figures are unverified ✖:
 * the employer 8% / employee 2% defaults follow the national framework with 生育 merged in.
 * A period uses the latest year on or before it.
 */
export interface ContributionRates {
  employerRate: number;
  employeeRate: number;
  /** 缴费基数下限 / 上限 per person per month (60% / 300% of the local average wage). */
  baseFloor: number;
  baseCeiling: number;
}
export const CONTRIBUTION_RATES: Record<number, ContributionRates> = {
  2005: { employerRate: 0.08, employeeRate: 0.02, baseFloor: 900, baseCeiling: 4_500 },
  2015: { employerRate: 0.08, employeeRate: 0.02, baseFloor: 2_700, baseCeiling: 13_500 },
  2020: { employerRate: 0.08, employeeRate: 0.02, baseFloor: 3_600, baseCeiling: 18_000 },
  2024: { employerRate: 0.08, employeeRate: 0.02, baseFloor: 4_300, baseCeiling: 21_500 },
  2025: { employerRate: 0.08, employeeRate: 0.02, baseFloor: 4_500, baseCeiling: 22_500 },
  2026: { employerRate: 0.08, employeeRate: 0.02, baseFloor: 4_700, baseCeiling: 23_500 },
};
const RATE_YEARS = Object.keys(CONTRIBUTION_RATES).map(Number).sort((a, b) => a - b);
export function ratesFor(year: number): ContributionRates {
  return CONTRIBUTION_RATES[RATE_YEARS.filter((y) => y <= year).at(-1) ?? RATE_YEARS[0]];
}

/**
 * Errors, as the bracketed prefix of err_msg with infcode -1. The FSI platform answers business
 * errors with HTTP 200 and a negative infcode; the bracket lets an adapter tell them apart without
 * parsing Chinese text.
 */
export const FSI_ERROR = {
  badRequest: 'FSI-400', // 报文或参数错误 (also: unknown infno, batch input)
  unauthorized: 'FSI-401', // 接收方系统代码或签名号无效
  notRegistered: 'FSI-404', // write on an employer that is not (or no longer) registered
  conflict: 'FSI-409', // already registered, or the state forbids the change
  arrears: 'FSI-412', // 注销 refused while 欠费 remain
  duplicateMsgid: 'FSI-422', // the msgid was already used for a different message
  rateLimited: 'FSI-429',
  internal: 'FSI-500',
} as const;
export type FsiError = (typeof FSI_ERROR)[keyof typeof FSI_ERROR];

/** How many 费款所属期 the platform keeps online for 1302/1303 (older periods are archived). */
export const ONLINE_MONTHS = 12;
