import type { Dataset, Enterprise } from '@district/dataset';
import { rngFor } from '@district/dataset';
import { deriveCore, lastRatedYear, memoPerUscc } from './core.ts';
import { RATING_SOURCE, type RatingSourceCode } from './codes.ts';

/** 纳税信用等级 (tax credit grade), domain.md §2.2. */
export type CreditGrade = 'A' | 'B' | 'M' | 'C' | 'D';

/** One year's rating on the wire. */
export interface CreditRating {
  /** 评定年度. */
  pdnd: string;
  /** 信用等级. */
  xydj: CreditGrade;
  /** 评价得分 with one decimal; null when the grade was not scored (新设立 M, 直接判级 D). */
  pf: string | null;
  /** 评价来源 code and label. */
  pjlyDm: RatingSourceCode;
  pjlyMc: string;
  /** 评价办法: the 2025 纳税缴费信用管理办法 replaced the old rules from evaluation year 2025. */
  pjbfMc: string;
  /** 发布日期 (ratings are published each April). */
  fbrq: string;
}

/** Grade from score: A ≥ 90, B 70–<90, C 40–<70, D < 40. */
export const gradeForScore = (score: number): 'A' | 'B' | 'C' | 'D' =>
  score >= 90 ? 'A' : score >= 70 ? 'B' : score >= 40 ? 'C' : 'D';

const rating = (year: number, grade: CreditGrade, score: number | null, source: RatingSourceCode): CreditRating => ({
  pdnd: String(year), xydj: grade, pf: score === null ? null : score.toFixed(1), pjlyDm: source, pjlyMc: RATING_SOURCE[source],
  pjbfMc: year >= 2025 ? '纳税缴费信用管理办法' : '纳税信用管理办法', fbrq: `${year + 1}0420`,
});

/**
 * Ratings from the year after establishment through the last published year (or the year before
 * tax clearance). Each enterprise has a steady "base" with yearly noise, skewed towards B and A;
 * 非正常户 years are D by 直接判级, arrears years C; the `healthy` sample is A every year.
 */
export const deriveCredit = memoPerUscc((e: Enterprise, ds: Dataset): CreditRating[] => {
  const core = deriveCore(e, ds);
  if (!core.registered) return [];
  const rng = rngFor(ds.seed, e.uscc, 'tax', 'credit');
  const first = Number(e.establishedOn.slice(0, 4)) + 1;
  const last = Math.min(lastRatedYear(ds.asOf), core.clearance ? Number(core.clearance.on.slice(0, 4)) - 1 : Infinity);
  const base = 68 + 30 * Math.sqrt(rng.next());
  // Trouble shows in the latest rating at least, whenever it began (arrears often run for a year before).
  const troubleFrom = core.abnormalOn
    ? Math.min(last, Number(core.abnormalOn.slice(0, 4)))
    : e.trouble.taxArrears ? last - (rng.chance(0.5) ? 1 : 0) : Infinity;
  const lateStart = core.registeredOn.slice(5) >= '07-01';
  const ratings: CreditRating[] = [];
  for (let year = first; year <= last; year++) {
    const noise = (rng.next() * 2 - 1) * 6;
    const troubleScore = 40 + rng.next() * 29;
    if (e.sample === 'healthy') {
      ratings.push(rating(year, 'A', 90 + rng.next() * 8, '1'));
    } else if (year >= troubleFrom) {
      ratings.push(core.abnormalOn ? rating(year, 'D', null, '2') : rating(year, 'C', troubleScore, '1'));
    } else if (year === first && lateStart) {
      // Less than a full evaluation year since the first tax matter: 新设立企业.
      ratings.push(rating(year, 'M', null, '3'));
    } else {
      const score = Math.max(0, Math.min(100, base + noise));
      // No business income in the year and ≥ 70 points also gives M.
      const grade = e.employees === 0 && score >= 70 ? 'M' : gradeForScore(score);
      ratings.push(rating(year, grade, score, '1'));
    }
  }
  return ratings;
});
