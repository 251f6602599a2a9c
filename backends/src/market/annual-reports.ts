import { rngFor, type Enterprise } from '@district/dataset';
import { ENDED } from './codes.ts';

/**
 * 年报 (annual reports), derived from the core facts with a per-enterprise seeded RNG.
 *
 * - One report per year, filed from the year after establishment on (当年设立登记的企业，自下一年起
 *   报送年度报告): report years run from the year of establishment up to the year before the
 *   dataset's asOf (2025 for the default dataset); for an enterprise that no longer exists (注销,
 *   吊销已注销, 撤销, 迁出) up to the year its status changed. Counting from the establishment year is
 *   what makes the dataset's 经营异常 listings consistent: an enterprise founded in 2025 and listed
 *   in July 2026 missed its 2025 report.
 * - A report is filed (已公示) on a seeded date in its window, 1 Jan – 30 Jun of the next year,
 *   unless that date falls on or after the status change of a non-存续 enterprise, or after asOf.
 * - An enterprise listed for ANNUAL_REPORT_NOT_FILED did not file the report whose deadline the
 *   listing followed, nor any later one until it was removed from the list; removal requires
 *   filing the missing reports (domain.md §2.1), so they carry a late filing date just before it.
 * - The 社保 section's headcount of the latest year equals the core `employees` when the
 *   enterprise is an insured employer (else 0), as 医保 counts them; earlier years ramp up to it.
 */

const money = (n: number) => n.toFixed(2);

export interface AnnualReport {
  ancheYear: number; // 年报年度
  ancheState: '已公示' | '未公示';
  ancheDate: string | null; // 公示日期
  baseInfo: {
    uniscId: string;
    entName: string; // name at the end of the report year
    dom: string; // 住所 at the end of the report year
    tel: string;
    busSt: string; // 经营状态
    empNum: number; // 从业人数
  } | null;
  /** 社保信息: insured headcount per 险种: 养老 so110, 失业 so210, 职工医保 so310, 工伤 so410, 生育 so510. */
  socialSecurity: { so110: number; so210: number; so310: number; so410: number; so510: number } | null;
  /** 资产状况信息, 万元: 资产总额, 负债总额, 所有者权益合计, 营业总收入, 主营业务收入, 利润总额, 净利润, 纳税总额. */
  assets: { assGro: string; liaGro: string; totEqu: string; vendInc: string; maiBusInc: string; proGro: string; netInc: string; ratGro: string } | null;
}

/** The value of a changed field at the end of `year`: undo every change made after it, newest first. */
function valueAt(e: Enterprise, item: 'NAME' | 'ADDRESS', current: string, year: number): string {
  const yearEnd = `${year}-12-31`;
  return e.changes
    .filter((c) => c.item === item && c.on > yearEnd)
    .sort((a, b) => (a.on < b.on ? 1 : -1))
    .reduce((_value, c) => c.before, current);
}

/** First report year the listing says was missed: the last deadline (30 June) on or before the listing date. */
function missedFrom(listedOn: string, firstYear: number): number {
  const y = Number(listedOn.slice(0, 4));
  return Math.max(firstYear, listedOn >= `${y}-07-01` ? y - 1 : y - 2);
}

export function toAnnualReports(e: Enterprise, seed: number, asOf: string): AnnualReport[] {
  const estYear = Number(e.establishedOn.slice(0, 4));
  const firstYear = estYear;
  let lastYear = Number(asOf.slice(0, 4)) - 1;
  if (ENDED.has(e.status) && e.statusOn) lastYear = Math.min(lastYear, Number(e.statusOn.slice(0, 4)));
  const stopsFiling = e.status !== 'EXISTING' && e.status !== 'LIQUIDATING' ? e.statusOn : null;
  const listing = e.trouble.abnormalList?.reason === 'ANNUAL_REPORT_NOT_FILED' ? e.trouble.abnormalList : undefined;
  const missed = listing ? missedFrom(listing.listedOn, firstYear) : Infinity;
  const finalInsured = e.insured ? e.employees : 0;
  const span = Math.max(1, lastYear - estYear);

  const reports: AnnualReport[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const rng = rngFor(seed, e.uscc, 'market', 'annual-report', String(year));
    const windowOpens = Date.UTC(year + 1, 0, 1);
    let filedOn: string | null = new Date(windowOpens + rng.int(0, 180) * 86_400_000).toISOString().slice(0, 10);
    if (year >= missed) {
      const removedOn = listing!.removedOn;
      const deadline = `${year + 1}-06-30`;
      if (!removedOn) filedOn = null;
      else if (deadline < removedOn) {
        const late = new Date(Date.parse(removedOn) - rng.int(2, 20) * 86_400_000).toISOString().slice(0, 10);
        filedOn = late > listing!.listedOn ? late : removedOn;
      }
    }
    if (filedOn && ((stopsFiling && filedOn >= stopsFiling) || filedOn > asOf)) filedOn = null;

    if (!filedOn) {
      reports.push({ ancheYear: year, ancheState: '未公示', ancheDate: null, baseInfo: null, socialSecurity: null, assets: null });
      continue;
    }
    // Growth towards today's size; the latest year is exact so 医保's headcount agrees.
    const growth = year === lastYear ? 1 : Math.min(1, 0.35 + 0.65 * ((year - estYear) / span) * (0.85 + rng.next() * 0.3));
    const insured = Math.round(finalInsured * growth);
    const empNum = Math.max(insured, Math.round(e.employees * growth));
    const capital = Math.max(e.registeredCapitalWan, 3);
    const assGro = (capital * (0.6 + rng.next() * 2.4) + e.employees * 15) * growth;
    const liaGro = assGro * (0.1 + rng.next() * 0.6);
    const vendInc = (e.employees * (10 + rng.next() * 50) + capital * 0.2) * growth;
    const proGro = vendInc * (rng.next() * 0.25 - 0.1);
    reports.push({
      ancheYear: year,
      ancheState: '已公示',
      ancheDate: filedOn,
      baseInfo: {
        uniscId: e.uscc,
        entName: valueAt(e, 'NAME', e.name, year),
        dom: valueAt(e, 'ADDRESS', e.address, year),
        tel: e.legalRepresentative.phone,
        busSt: '开业',
        empNum,
      },
      socialSecurity: { so110: insured, so210: insured, so310: insured, so410: insured, so510: insured },
      assets: {
        assGro: money(assGro), liaGro: money(liaGro), totEqu: money(assGro - liaGro),
        vendInc: money(vendInc), maiBusInc: money(vendInc * (0.85 + rng.next() * 0.15)),
        proGro: money(proGro), netInc: money(proGro > 0 ? proGro * 0.75 : proGro), ratGro: money(vendInc * (0.01 + rng.next() * 0.05)),
      },
    });
  }
  return reports;
}
