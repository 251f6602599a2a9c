import { describe, expect, it } from 'vitest';
import { dates, getDataset, SAMPLE_USCC } from '@district/dataset';
import { ratesFor } from './codes.ts';
import { deriveEmployer } from './index.ts';
import { contributionAmounts } from './records.ts';

const dataset = getDataset();
const CLOSED = new Set(['DEREGISTERED', 'REVOKED_DEREGISTERED', 'MOVED_OUT', 'ANNULLED']);
const all = dataset.enterprises.map((e) => ({ e, r: deriveEmployer(e, dataset) }));

describe('employer records derived from the core facts', () => {
  it('covers the whole district of 23,400 enterprises, registering exactly the insured ones', () => {
    expect(all).toHaveLength(23_400);
    for (const { e, r } of all) expect(r !== null).toBe(e.insured);
  });

  it('registers every employer 5–60 days after its licence (sooner only when today or the closing event comes first), never after today', () => {
    const wrong = all.filter(({ e, r }) => {
      if (!r) return false;
      const lag = dates.toDays(r.reg_date) - dates.toDays(e.establishedOn);
      const room = dates.toDays(e.statusOn && e.statusOn < dataset.asOf ? e.statusOn : dataset.asOf) - dates.toDays(e.establishedOn);
      return !(lag >= Math.min(5, room) && lag <= 60 && lag >= 1 && r.reg_date <= dataset.asOf);
    });
    expect(wrong.map((x) => x.e.uscc)).toEqual([]);
  });

  it('closes (注销) every closed enterprise 1–30 days after the market event, with no arrears and nobody insured', () => {
    for (const { e, r } of all) {
      if (!r || !CLOSED.has(e.status)) continue;
      expect(r.emp_insu_stas, e.uscc).toBe('3');
      expect(r.arrears).toEqual([]);
      expect(r.psn_cnt_in_service + r.psn_cnt_retired).toBe(0);
      const lag = dates.toDays(r.stas_chg_date!) - dates.toDays(e.statusOn!);
      expect(r.stas_chg_date! <= dataset.asOf && lag >= 0 && lag <= 30, e.uscc).toBe(true);
      expect(r.stas_chg_date! >= r.reg_date).toBe(true);
    }
  });

  it('pauses (暂停) revoked enterprises and keeps every other one 正常 with its employees insured', () => {
    for (const { e, r } of all) {
      if (!r || CLOSED.has(e.status)) continue;
      if (e.status === 'REVOKED_NOT_DEREGISTERED') {
        expect(r.emp_insu_stas).toBe('2');
        expect(r.stas_chg_date! > e.statusOn! && r.stas_chg_date! <= dataset.asOf).toBe(true);
      } else {
        expect(r.emp_insu_stas, e.uscc).toBe('1');
        expect(r.psn_cnt_in_service).toBe(Math.max(1, e.employees));
      }
    }
  });

  it('has arrears only where the core facts say so, and for nearly all of those', () => {
    let flagged = 0;
    let shown = 0;
    for (const { e, r } of all) {
      if (!r) continue;
      if (r.arrears.length > 0) expect(e.trouble.insuranceArrears, e.uscc).toBe(true);
      if (e.trouble.insuranceArrears && r.emp_insu_stas !== '3') {
        flagged++;
        if (r.arrears.length > 0) shown++;
      }
    }
    // The exceptions registered this month and owe nothing yet.
    expect(shown / flagged).toBeGreaterThan(0.98);
  });

  it('keeps contributions and headcounts within the twelve online months and while registered', () => {
    const wrong = all.filter(({ r }) => {
      if (!r) return false;
      const first = r.reg_date.slice(0, 7).replace('-', '');
      const stop = r.stas_chg_date?.slice(0, 7).replace('-', '') ?? '999999';
      const periodsOk = r.contributions.every((c) => c.fee_ym >= '202511' && c.fee_ym <= '202610' && c.fee_ym >= first && c.fee_ym < stop);
      const datesOk = r.contributions.every((c) => (c.clct_date === null ? c.arvl_amt === 0 : c.clct_date >= r.reg_date && c.clct_date <= dataset.asOf));
      const sameMonths = r.headcounts.map((h) => h.stt_ym).join() === r.contributions.map((c) => c.fee_ym).join();
      return !(periodsOk && datesOk && sameMonths);
    });
    expect(wrong.map((x) => x.r!.uscc)).toEqual([]);
  });

  it('gives every employer its own stable emp_no', () => {
    const empNos = all.filter((x) => x.r).map((x) => x.r!.emp_no);
    expect(new Set(empNos).size).toBe(empNos.length);
    expect(empNos.every((n) => /^37021200\d{8}$/.test(n))).toBe(true);
    const healthy = dataset.byUscc.get(SAMPLE_USCC.healthy)!;
    expect(deriveEmployer(healthy, dataset)).toBe(deriveEmployer(healthy, dataset));
    expect(Object.isFrozen(deriveEmployer(healthy, dataset))).toBe(true);
  });

  it('computes amounts in whole fen from the year’s rates and base limits', () => {
    expect(ratesFor(2026)).toMatchObject({ employerRate: 0.08, employeeRate: 0.02 });
    expect(ratesFor(1999)).toEqual(ratesFor(2005));
    expect(contributionAmounts('202610', 3, 100)).toEqual({ clct_base: 14_100, emp_clct_amt: 1_128, psn_clct_amt: 282, clct_sumamt: 1_410 });
    expect(contributionAmounts('202610', 1, 12_345.67)).toEqual({ clct_base: 12_345.67, emp_clct_amt: 987.65, psn_clct_amt: 246.91, clct_sumamt: 1_234.56 });
  });
});
