import { dates, rngFor, type Dataset, type Enterprise, type Rng } from '@district/dataset';
import { person } from '@district/dataset/people';
import {
  AGENCY_COLLECTOR_NAME, EMPLOYER_INSUTYPES, INSU_ADMDVS, ONLINE_MONTHS, TAX_COLLECTOR_NAME, TAX_COLLECTS_FROM_YM, ratesFor,
  type ClctOrg, type EmpInsuStas, type EmpType, type Insutype,
} from './codes.ts';
import { empNoIndex } from './emp-no.ts';
import { addMonths, monthCount, monthRange, ymOf } from './months.ts';

/**
 * The employer record (单位参保信息) as the 医保 platform keeps it, derived purely from the core
 * facts (dataset/types.ts) with this department's own seeded RNG. Field names are the wire names
 * (docs/medical-insurance.md), so the record is what 1301–1304 serve, minus filtering.
 */

/** 参保人数 for one month. */
export interface MonthlyHeadcount {
  stt_ym: string; // 统计年月 yyyyMM
  psn_cnt_in_service: number; // 在职参保人数
  psn_cnt_retired: number; // 退休参保人数
}

/** 缴费记录: one 费款所属期 of 职工医保 (大额 and 长期照护 ride on the same collection here). */
export interface Contribution {
  fee_ym: string; // 费款所属期 yyyyMM
  insutype: Insutype;
  psn_cnt: number; // 缴费人数
  clct_base: number; // 缴费基数合计, 元
  emp_clct_amt: number; // 单位缴纳
  psn_clct_amt: number; // 个人缴纳
  clct_sumamt: number; // 应缴合计
  arvl_amt: number; // 实收 (到账) 金额; 0 while in arrears
  clct_date: string | null; // 征收 (到账) 日期, null while unpaid
  clct_org: ClctOrg; // 征收机构
  clct_org_name: string;
}

/** 欠费: an unpaid period. */
export interface Arrears {
  fee_ym: string;
  insutype: Insutype;
  arrears_amt: number; // 欠费金额, 元
}

export interface EmployerRecord {
  emp_no: string; // 单位编号
  emp_name: string; // 单位名称 (current)
  uscc: string;
  emp_type: EmpType; // 单位性质
  insu_admdvs: string; // 参保地医保区划
  reg_date: string; // 参保日期 yyyy-MM-dd
  emp_insu_stas: EmpInsuStas; // 单位参保状态
  stas_chg_date: string | null; // 暂停 / 注销 date; null while 正常
  conaddr: string; // 通讯地址
  legrep_name: string; // 法定代表人 (raw: masking is the subgraph's job)
  legrep_certno: string;
  legrep_tel: string;
  agnter_name: string; // 单位经办人
  agnter_mob: string;
  bank_name: string | null; // 开户银行 (null when none was given at registration)
  bankacct: string | null; // 银行账号 (raw)
  insutypes: Insutype[]; // 参保险种
  psn_cnt_in_service: number; // current 在职参保人数 (0 unless 正常)
  psn_cnt_retired: number;
  headcounts: MonthlyHeadcount[]; // online months while registered, oldest first
  contributions: Contribution[]; // online months while registered, oldest first
  arrears: Arrears[]; // every outstanding period, oldest first
}

const CLOSED = new Set(['DEREGISTERED', 'REVOKED_DEREGISTERED', 'MOVED_OUT', 'ANNULLED']);
const BANKS = ['中国工商银行青岛崂山支行', '中国建设银行青岛崂山支行', '中国农业银行青岛崂山支行', '中国银行青岛崂山支行', '青岛银行崂山支行', '青岛农商银行崂山支行', '招商银行青岛分行营业部'];
const EMP_TYPE_BY_CLASS: Record<Enterprise['entityClass'], EmpType> = { ENTERPRISE: '10', INDIVIDUAL_BUSINESS: '60', COOPERATIVE: '70' };

const yuan = (fen: number): number => fen / 100;
const fen = (yuanAmount: number): number => Math.round(yuanAmount * 100);

/** Amounts of one period for `psnCnt` people at `personBase` 元 each, clamped to that year's limits. */
export function contributionAmounts(ym: string, psnCnt: number, personBase: number) {
  const r = ratesFor(Number(ym.slice(0, 4)));
  const baseFen = fen(Math.min(r.baseCeiling, Math.max(r.baseFloor, personBase))) * psnCnt;
  const employerFen = Math.round(baseFen * r.employerRate);
  const employeeFen = Math.round(baseFen * r.employeeRate);
  return { clct_base: yuan(baseFen), emp_clct_amt: yuan(employerFen), psn_clct_amt: yuan(employeeFen), clct_sumamt: yuan(employerFen + employeeFen) };
}

export const collector = (ym: string): Pick<Contribution, 'clct_org' | 'clct_org_name'> =>
  ym >= TAX_COLLECTS_FROM_YM ? { clct_org: '2', clct_org_name: TAX_COLLECTOR_NAME } : { clct_org: '1', clct_org_name: AGENCY_COLLECTOR_NAME };

/** The platform's 12 online months for this dataset: the full months before asOf. */
export function onlineMonths(dataset: Dataset): string[] {
  const last = addMonths(ymOf(dataset.asOf), -1);
  return monthRange(addMonths(last, -(ONLINE_MONTHS - 1)), last);
}
const onlineSets = new WeakMap<Dataset, Set<string>>();
function onlineMonthSet(dataset: Dataset): Set<string> {
  let set = onlineSets.get(dataset);
  if (!set) onlineSets.set(dataset, (set = new Set(onlineMonths(dataset))));
  return set;
}

function status(e: Enterprise, rng: Rng, asOf: string): { stas: EmpInsuStas; on: string | null } {
  // 医保 closes the employer within 30 days of the market event, never later than "today".
  const after = (): string => dates.minDate(asOf, dates.addDays(e.statusOn!, rng.int(1, 30)));
  if (CLOSED.has(e.status)) return { stas: '3', on: after() };
  if (e.status === 'REVOKED_NOT_DEREGISTERED') return { stas: '2', on: after() };
  return { stas: '1', on: null }; // 存续, 清算 and 迁入 still pay
}

function derive(e: Enterprise, dataset: Dataset): EmployerRecord | null {
  if (!e.insured) return null;
  const { seed, asOf } = dataset;
  const rng = rngFor(seed, e.uscc, 'medical-insurance');
  // Registered 5–60 days after the licence, within the days available before today or the closing event.
  const latest = e.statusOn ? dates.minDate(asOf, e.statusOn) : asOf;
  const room = dates.toDays(latest) - dates.toDays(e.establishedOn);
  const reg_date = dates.addDays(e.establishedOn, rng.int(Math.min(5, room), Math.min(60, room)));
  const { stas, on } = status(e, rng, asOf);
  const small = e.employees <= 5;
  const agent = small && rng.chance(0.6) ? e.legalRepresentative : person(rng);
  const bank_name = rng.pick(BANKS);
  const bankacct = String(rng.int(3800, 3899)) + Array.from({ length: 15 }, () => rng.int(0, 9)).join('');
  // 缴费基数 per person: last year's average monthly wage, to the fen (so amounts carry real decimals).
  const personBase = rng.int(400_000, 1_600_000) / 100;
  const ageYears = (dates.toDays(asOf) - dates.toDays(e.establishedOn)) / 365;
  const retired = ageYears >= 8 && e.employees >= 20 ? rng.int(0, Math.round(e.employees * 0.05)) : 0;

  // The months the employer paid for: from the registration month to the month before it stopped.
  const lastYm = addMonths(stas === '1' ? ymOf(asOf) : ymOf(on!), -1);
  const firstYm = ymOf(reg_date);
  const spanLength = monthCount(firstYm, lastYm);
  const arrearsCount = e.trouble.insuranceArrears && stas !== '3' ? Math.min(spanLength, rng.int(1, 6)) : 0;
  const unpaid = new Set(monthRange(addMonths(lastYm, 1 - arrearsCount), lastYm));
  const online = onlineMonthSet(dataset);
  const inSpan = (ym: string) => ym >= firstYm && ym <= lastYm;
  // Per-month figures, only for the months anyone can see (online or unpaid), in month order.
  const monthRng = rngFor(seed, e.uscc, 'medical-insurance', 'months');
  const month = (ym: string) => {
    const drift = monthRng.next();
    const psn_cnt = stas === '1' && ym === lastYm ? Math.max(1, e.employees) : Math.max(1, Math.round(e.employees * (0.9 + 0.2 * drift)));
    const day = `${ym.slice(0, 4)}-${ym.slice(4)}-${String(monthRng.int(10, 25)).padStart(2, '0')}`;
    return { ym, psn_cnt, day, amounts: contributionAmounts(ym, psn_cnt, personBase) };
  };
  const visible = [...new Set([...unpaid, ...online])].filter(inSpan).sort().map(month);
  const shown = visible.filter((v) => online.has(v.ym));

  const arrears: Arrears[] = visible.filter((v) => unpaid.has(v.ym)).map((v) => ({ fee_ym: v.ym, insutype: '310', arrears_amt: v.amounts.clct_sumamt }));
  const paidUntil = on ?? asOf;
  const contributions: Contribution[] = shown.map(({ ym, psn_cnt, day, amounts }) => {
    const paid = !unpaid.has(ym);
    return {
      fee_ym: ym, insutype: '310', psn_cnt, ...amounts,
      arvl_amt: paid ? amounts.clct_sumamt : 0,
      clct_date: paid ? dates.minDate(paidUntil, dates.maxDate(reg_date, day)) : null,
      ...collector(ym),
    };
  });

  return {
    emp_no: empNoIndex(dataset).byUscc.get(e.uscc)!,
    emp_name: e.name, uscc: e.uscc, emp_type: EMP_TYPE_BY_CLASS[e.entityClass], insu_admdvs: INSU_ADMDVS,
    reg_date, emp_insu_stas: stas, stas_chg_date: on,
    conaddr: e.address,
    legrep_name: e.legalRepresentative.name, legrep_certno: e.legalRepresentative.idNumber, legrep_tel: e.legalRepresentative.phone,
    agnter_name: agent.name, agnter_mob: agent.phone, bank_name, bankacct,
    insutypes: [...EMPLOYER_INSUTYPES],
    psn_cnt_in_service: stas === '1' ? Math.max(1, e.employees) : 0,
    psn_cnt_retired: stas === '1' ? retired : 0,
    headcounts: shown.map((v) => ({ stt_ym: v.ym, psn_cnt_in_service: v.psn_cnt, psn_cnt_retired: retired })),
    contributions, arrears,
  };
}

const memo = new WeakMap<Dataset, Map<string, EmployerRecord | null>>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The employer record of `enterprise` as 医保 derives it from the core facts, or null when it never
 * registered (not `insured`). Pure and memoized per dataset and USCC; the result is frozen (writes
 * go to the backend's overlay, never here).
 */
export function deriveEmployer(enterprise: Enterprise, dataset: Dataset): EmployerRecord | null {
  let cache = memo.get(dataset);
  if (!cache) memo.set(dataset, (cache = new Map()));
  if (!cache.has(enterprise.uscc)) cache.set(enterprise.uscc, deepFreeze(derive(enterprise, dataset)));
  return cache.get(enterprise.uscc)!;
}
