import { describe, expect, it } from 'vitest';
import { getDataset, SAMPLE_USCC, type Enterprise } from '@district/dataset';
import { addDays, compact } from '@district/dataset/dates';
import { deriveTaxpayer } from './index.ts';
import { deriveActivity } from './activity.ts';
import { deriveCredit } from './credit.ts';
import { isClosed } from './core.ts';

const ds = getDataset();

/** Collects the enterprises breaking a rule, so one failing assertion names them all (and 23,400 checks stay fast). */
function violations(check: (e: Enterprise) => string | null, enterprises: Enterprise[] = ds.enterprises): string[] {
  const found: string[] = [];
  for (const e of enterprises) {
    const problem = check(e);
    if (problem) found.push(`${e.uscc} ${e.status}: ${problem}`);
  }
  return found.slice(0, 20);
}

describe('tax records agree with the core facts across the whole district', () => {
  it('registers every enterprise 1–20 days after establishment and never after asOf', () => {
    expect(ds.enterprises).toHaveLength(23_400);
    const asOf = compact(ds.asOf);
    expect(violations((e) => {
      const r = deriveTaxpayer(e, ds);
      // Only the 开办 sample and enterprises whose registration would fall after asOf are unknown.
      if (!r) return e.sample === 'newlyOpened' || addDays(e.establishedOn, 20) > ds.asOf ? null : 'not registered';
      if (r.djrq <= compact(e.establishedOn)) return `djrq ${r.djrq} not after establishment ${e.establishedOn}`;
      if (r.djrq > compact(addDays(e.establishedOn, 20))) return `djrq ${r.djrq} more than 20 days after ${e.establishedOn}`;
      return r.djrq > asOf ? `djrq ${r.djrq} after asOf` : null;
    })).toEqual([]);
    expect(ds.enterprises.filter((e) => deriveTaxpayer(e, ds)).length).toBeGreaterThan(23_000);
  });

  it('maps each market status to its 纳税人状态, closed ones to 07 or 13 with a 清税证明 before deregistration and no arrears', () => {
    const expected = (e: Enterprise): string[] =>
      isClosed(e) ? ['07', '13'] : e.status === 'LIQUIDATING' ? ['06'] : [e.trouble.taxAbnormal ? '05' : '03'];
    expect(violations((e) => {
      const r = deriveTaxpayer(e, ds);
      if (!r) return null;
      if (!expected(e).includes(r.nsrztDm)) return `status ${r.nsrztDm}, expected ${expected(e).join('/')}`;
      if (!isClosed(e)) return r.qszm ? 'open enterprise with a 清税证明' : null;
      if (!r.qszm) return 'closed without 清税证明';
      if (!(r.qszm.kjrq < compact(e.statusOn!) && r.qszm.kjrq > r.djrq)) return `清税证明 ${r.qszm.kjrq} not between ${r.djrq} and ${e.statusOn}`;
      return deriveActivity(e, ds).arrears.length ? 'closed with arrears' : null;
    })).toEqual([]);
  });

  it('keeps arrears to enterprises the core facts mark as in arrears (every 10th enterprise and all samples)', () => {
    const picked = ds.enterprises.filter((e, i) => i % 10 === 0 || e.sample);
    expect(violations((e) => (!e.trouble.taxArrears && deriveActivity(e, ds).arrears.length ? 'arrears without trouble.taxArrears' : null), picked)).toEqual([]);
    expect(deriveActivity(ds.byUscc.get(SAMPLE_USCC.troubled)!, ds).arrears.length).toBeGreaterThan(0);
  });

  it('rates from the year after establishment through 2025 at most, troubled taxpayers C or D in their latest rating', () => {
    expect(violations((e) => {
      const ratings = deriveCredit(e, ds);
      if (ratings.length === 0) return null;
      const latest = ratings.at(-1)!;
      if (Number(latest.pdnd) > 2025) return `rated for ${latest.pdnd}`;
      if (Number(ratings[0].pdnd) !== Number(e.establishedOn.slice(0, 4)) + 1) return `first rating ${ratings[0].pdnd}`;
      if (e.trouble.taxAbnormal && e.status !== 'LIQUIDATING' && latest.xydj !== 'D') return `非正常户 rated ${latest.xydj}`;
      return e.trouble.taxArrears && !['C', 'D'].includes(latest.xydj) ? `in arrears but rated ${latest.xydj}` : null;
    })).toEqual([]);
  });

  it('gives every taxpayer its own 登记序号 and derives the same record twice', () => {
    const records = ds.enterprises.map((e) => deriveTaxpayer(e, ds)).filter((r) => r !== null);
    expect(new Set(records.map((r) => r.djxh)).size).toBe(records.length);
    const healthy = ds.byUscc.get(SAMPLE_USCC.healthy)!;
    expect(structuredClone(deriveTaxpayer(healthy, ds))).toEqual(deriveTaxpayer(healthy, ds));
  });
});
