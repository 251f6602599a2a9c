import type { Dataset, Enterprise } from '@district/dataset';
import { rngFor, type Rng } from '@district/dataset';
import { addDays, minDate } from '@district/dataset/dates';
import { deriveCore, memoPerUscc, yuan } from './core.ts';
import { LATE_FEE_RATE_PER_DAY, TAX_ITEM, type TaxItem } from './codes.ts';
import { daysBetween, monthOf, periodsInWindow, wireDate, type TaxPeriod } from './periods.ts';

/** 申报 (a filed declaration). Amounts are yuan strings with two decimals. */
export interface Declaration {
  /** 申报凭证序号. */
  pzxh: string;
  zsxmDm: string;
  zsxmMc: string;
  /** 税款所属期起 / 止. */
  sssqq: string;
  sssqz: string;
  /** 申报期限 and 申报日期. */
  sbqx: string;
  sbrq: string;
  /** 计税依据 (sales, profit or payroll), 应纳税额, 减免税额, 应补(退)税额 = ynse − jmse. */
  jsyj: string;
  ynse: string;
  jmse: string;
  ybtse: string;
}
/** 逾期未申报: a period whose deadline passed without a declaration. */
export interface OverdueFiling { zsxmDm: string; zsxmMc: string; sssqq: string; sssqz: string; sbqx: string }
/** 缴款 (a payment), identified by its 电子税票号码. */
export interface Payment { dzsphm: string; pzxh: string; zsxmDm: string; zsxmMc: string; sssqq: string; sssqz: string; sjje: string; jkrq: string }
/** 欠税 (an arrear) with its 滞纳金 computed to the dataset's asOf (znjjsrq). */
export interface Arrear {
  zsxmDm: string; zsxmMc: string; sssqq: string; sssqz: string;
  /** 缴款期限, 欠税金额, 滞纳天数, 滞纳金, 滞纳金计算日期. */
  jkqx: string; qsje: string; znjts: number; znj: string; znjjsrq: string;
}
export interface Activity {
  declarations: Declaration[];
  overdue: OverdueFiling[];
  payments: Payment[];
  arrears: Arrear[];
  /** 欠税合计: arrears, 滞纳金 and both. */
  arrearsTotal: { qsje: string; znj: string; hj: string };
}

/** Activity records kept in memory at most (a few KB each); older ones are simply derived again. */
const ACTIVITY_CACHE_SIZE = 2_000;

export const NO_ACTIVITY: Activity = { declarations: [], overdue: [], payments: [], arrears: [], arrearsTotal: { qsje: '0.00', znj: '0.00', hj: '0.00' } };

/** Turnover and margins behind the amounts; invented, only roughly proportional to headcount. */
export interface Economics { annualFen: number; margin: number; valueAddedShare: number; vatRate: number; iitPerHeadMonthFen: number }

const SALES_PER_HEAD_YUAN: Record<string, number> = { F: 800_000, E: 600_000, I: 400_000, L: 300_000, M: 350_000, J: 1_000_000, K: 1_200_000, H: 200_000, R: 300_000, P: 200_000 };
const VAT_RATE: Record<string, number> = { F: 0.13, E: 0.09, K: 0.09 };
/** 小规模纳税人 pay 1% (2023–2027 policy) and are exempt up to 300,000 yuan of sales a quarter. */
const SMALL_SCALE_RATE = 0.01;
const SMALL_SCALE_EXEMPT_QUARTER_FEN = 300_000 * 100;

export const economics = memoPerUscc((e: Enterprise, ds: Dataset): Economics => {
  const rng = rngFor(ds.seed, e.uscc, 'tax', 'economics');
  const factor = 0.4 + rng.next() * 2.1;
  const dormant = rng.chance(0.5);
  const yuanPerYear = e.entityClass === 'INDIVIDUAL_BUSINESS' ? 60_000 + rng.next() * 540_000
    : e.employees === 0 ? (dormant ? 0 : 50_000 + rng.next() * 250_000)
    : e.employees * (SALES_PER_HEAD_YUAN[e.industry.code] ?? 300_000) * factor;
  return {
    annualFen: Math.round(yuanPerYear * 100), margin: -0.05 + rng.next() * 0.2, valueAddedShare: 0.15 + rng.next() * 0.25,
    vatRate: VAT_RATE[e.industry.code] ?? 0.06, iitPerHeadMonthFen: Math.round((50 + rng.next() * 550) * 100),
  };
});

interface Filing { item: TaxItem; period: TaxPeriod; filedOn: string; baseFen: number; dueFen: number; reliefFen: number; pzxh: string }

const digits = (rng: Rng, n: number) => String(rng.int(0, 10 ** n - 1)).padStart(n, '0');

/** Amounts for one declaration; `vatPaid` feeds 城建税, which is 7% of the VAT actually payable. */
function amounts(e: Enterprise, econ: Economics, item: TaxItem, salesFen: number, months: number, vatPaidFen: number) {
  const small = e.vatKind === 'SMALL_SCALE';
  switch (item) {
    case TAX_ITEM.VAT: {
      if (!small) return { base: salesFen, due: Math.round(salesFen * econ.vatRate * econ.valueAddedShare), relief: 0 };
      const due = Math.round(salesFen * SMALL_SCALE_RATE);
      return { base: salesFen, due, relief: salesFen <= SMALL_SCALE_EXEMPT_QUARTER_FEN ? due : 0 };
    }
    case TAX_ITEM.CITY_MAINTENANCE: {
      const due = Math.round(vatPaidFen * 0.07);
      // 六税两费 halving for 小规模纳税人.
      return { base: vatPaidFen, due, relief: small ? Math.round(due / 2) : 0 };
    }
    case TAX_ITEM.CORPORATE_INCOME: {
      const profit = Math.max(0, Math.round(salesFen * econ.margin));
      // 小型微利企业: 25% nominal, 5% effective, so 20 points are relief.
      const microFirm = e.employees <= 300 && profit * 4 <= 3_000_000 * 100;
      return { base: profit, due: Math.round(profit * 0.25), relief: microFirm ? Math.round(profit * 0.2) : 0 };
    }
    default:
      return { base: e.employees * 8_000 * 100 * months, due: e.employees * econ.iitPerHeadMonthFen * months, relief: 0 };
  }
}

const wireItem = (f: { item: TaxItem; period: TaxPeriod }) => ({ zsxmDm: f.item.dm, zsxmMc: f.item.mc, sssqq: f.period.wire.start, sssqz: f.period.wire.end });

/**
 * Declarations due in the 12 months up to asOf: VAT monthly (一般纳税人) or quarterly (小规模),
 * 城建税 with VAT, 企业所得税 quarterly (not 个体工商户), 个税代扣 monthly for employers.
 * 非正常户 stopped filing some weeks before designation: those periods are 逾期未申报. Under
 * arrears, the latest payable declarations were never paid: they are the 欠税.
 */
export const deriveActivity = memoPerUscc((e: Enterprise, ds: Dataset): Activity => {
  const core = deriveCore(e, ds);
  if (!core.registered) return NO_ACTIVITY;
  const econ = economics(e, ds);
  const rng = rngFor(ds.seed, e.uscc, 'tax', 'activity');
  const closedOn = core.clearance?.on ?? null;
  const stoppedFilingAfter = core.abnormalOn ? addDays(core.abnormalOn, -rng.int(45, 120)) : null;
  const revokedOn = e.status === 'REVOKED_NOT_DEREGISTERED' ? e.statusOn : null;

  const schedule: { item: TaxItem; period: TaxPeriod }[] = [];
  for (const period of periodsInWindow(ds.asOf, e.vatKind === 'GENERAL' ? 1 : 3)) {
    schedule.push({ item: TAX_ITEM.VAT, period }, { item: TAX_ITEM.CITY_MAINTENANCE, period });
  }
  if (e.entityClass !== 'INDIVIDUAL_BUSINESS') for (const period of periodsInWindow(ds.asOf, 3)) schedule.push({ item: TAX_ITEM.CORPORATE_INCOME, period });
  if (e.employees > 0) for (const period of periodsInWindow(ds.asOf, 1)) schedule.push({ item: TAX_ITEM.INDIVIDUAL_INCOME, period });
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  schedule.sort((a, b) => cmp(a.period.due, b.period.due) || cmp(a.period.start, b.period.start));

  const filings: Filing[] = [];
  const overdue: OverdueFiling[] = [];
  const salesByPeriod = new Map<string, number>();
  const vatPaidByPeriod = new Map<string, number>();
  for (const { item, period } of schedule) {
    if (period.end < core.registeredOn || (closedOn && period.end > closedOn)) continue;
    if (stoppedFilingAfter && period.due > stoppedFilingAfter) {
      overdue.push({ ...wireItem({ item, period }), sbqx: period.wire.due });
      continue;
    }
    const key = period.start + period.months;
    if (!salesByPeriod.has(key)) {
      const sales = revokedOn && period.start > revokedOn ? 0 : (econ.annualFen / 12) * period.months * (0.75 + rng.next() * 0.5);
      salesByPeriod.set(key, Math.round(sales));
    }
    const a = amounts(e, econ, item, salesByPeriod.get(key)!, period.months, vatPaidByPeriod.get(key) ?? 0);
    if (item === TAX_ITEM.CITY_MAINTENANCE && a.base === 0) continue; // no VAT payable, nothing to surcharge
    if (item === TAX_ITEM.VAT) vatPaidByPeriod.set(key, a.due - a.relief);
    // Filed between the 3rd and the deadline (the 15th) of the following month.
    let filedOn = period.due.slice(0, 8) + String(15 - rng.int(0, 12)).padStart(2, '0');
    if (closedOn) filedOn = minDate(filedOn, closedOn); // 清税 requires every period filed first
    filings.push({ item, period, filedOn, baseFen: a.base, dueFen: a.due, reliefFen: a.relief, pzxh: '10013702' + wireDate(filedOn) + digits(rng, 4) });
  }

  // Arrears: the latest 1–3 payable declarations went unpaid; if none is payable, an older VAT debt.
  const unpaid = new Set<Filing>();
  const arrearsFen: { item: TaxItem; period: TaxPeriod; fen: number }[] = [];
  if (e.trouble.taxArrears && !closedOn) {
    const payable = filings.filter((f) => f.dueFen - f.reliefFen > 0 && f.period.due < ds.asOf);
    for (const f of payable.slice(-rng.int(1, 3))) {
      unpaid.add(f);
      arrearsFen.push({ item: f.item, period: f.period, fen: f.dueFen - f.reliefFen });
    }
    if (arrearsFen.length === 0) {
      const period = monthOf(addDays(minDate(stoppedFilingAfter ?? ds.asOf, ds.asOf), -75));
      if (period.end >= core.registeredOn) arrearsFen.push({ item: TAX_ITEM.VAT, period, fen: rng.int(3_000, 60_000) * 100 });
    }
  }

  const payments: Payment[] = filings
    .filter((f) => f.dueFen - f.reliefFen > 0 && !unpaid.has(f))
    .map((f) => ({ dzsphm: '337021' + wireDate(f.filedOn).slice(2) + digits(rng, 6), pzxh: f.pzxh, ...wireItem(f), sjje: yuan(f.dueFen - f.reliefFen), jkrq: wireDate(f.filedOn) }));

  let totalFen = 0;
  let feeFen = 0;
  const arrears: Arrear[] = arrearsFen.map(({ item, period, fen }) => {
    const days = Math.max(0, daysBetween(period.due, ds.asOf));
    const fee = Math.round(fen * LATE_FEE_RATE_PER_DAY * days);
    totalFen += fen;
    feeFen += fee;
    return { ...wireItem({ item, period }), jkqx: period.wire.due, qsje: yuan(fen), znjts: days, znj: yuan(fee), znjjsrq: wireDate(ds.asOf) };
  });

  return {
    declarations: filings.map((f) => ({
      pzxh: f.pzxh, ...wireItem(f), sbqx: f.period.wire.due, sbrq: wireDate(f.filedOn),
      jsyj: yuan(f.baseFen), ynse: yuan(f.dueFen), jmse: yuan(f.reliefFen), ybtse: yuan(f.dueFen - f.reliefFen),
    })),
    overdue, payments, arrears,
    arrearsTotal: { qsje: yuan(totalFen), znj: yuan(feeFen), hj: yuan(totalFen + feeFen) },
  };
}, ACTIVITY_CACHE_SIZE);
