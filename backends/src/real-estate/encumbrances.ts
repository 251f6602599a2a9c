import { addDays, fromDays, maxDate, minDate, toDays } from '@district/dataset/dates';
import type { Rng } from '@district/dataset';
import type { MortgageKind, SeizureKind } from './codes.ts';
import type { Mortgage, RealEstateUnit, Seizure } from './model.ts';
import { certificateNumber } from './unit-number.ts';
import { addYears } from './units.ts';
import { COURTS, DOCKET_KINDS, MORTGAGEES } from './vocabulary.ts';

/**
 * 抵押 and 查封 on a holder's units. The core facts decide only whether a current one exists
 * (PropertyFacts.mortgaged / seized); the history around it (discharged mortgages, released
 * seizures) is colour that never contradicts them: nothing here is current once rights are disposed of.
 */

export interface HeldUnit {
  index: number;
  unit: RealEstateUnit;
  acquiredOn: string;
}

export interface EncumbranceContext {
  rng: Rng;
  asOf: string;
  units: HeldUnit[];
  /** Date the rights were transferred away, if they were. */
  disposedOn?: string;
  mortgaged: boolean;
  seized: boolean;
  /** Certificate code for (unit index, kind): unique per holder and kind. */
  code: (unitIndex: number, kind: number) => number;
  /** The holder's name on the register on a date (the 抵押人 as the mortgage records it). */
  registeredNameAt: (unitIndex: number, date: string) => string;
}

export const PROOF_KIND = { CURRENT_MORTGAGE: 2, PAST_MORTGAGE: 3 } as const;

const year = (iso: string): number => Number(iso.slice(0, 4));
const between = (rng: Rng, from: string, to: string): string => fromDays(rng.int(toDays(from), Math.max(toDays(from), toDays(to))));

export function deriveMortgages(ctx: EncumbranceContext): Mortgage[] {
  const { rng, asOf } = ctx;
  const end = ctx.disposedOn ?? asOf;
  const out: Mortgage[] = [];
  for (const h of ctx.units) {
    // Draws happen whether or not they are used, so one unit's history never shifts another's.
    const pastDraw = rng.chance(0.2);
    const alsoThisUnit = rng.chance(0.4);
    const kind: MortgageKind = rng.chance(0.3) ? '最高额抵押' : '一般抵押';
    const mortgagee = rng.pick(MORTGAGEES);
    const price = 1.2 + rng.next() * 1.6; // 万元 per m² of office floor
    const ltv = 0.5 + rng.next() * 0.2;
    const years = rng.weighted([[1, 25], [2, 20], [3, 25], [5, 20], [10, 10]] as const);
    const lead = rng.int(0, 20);
    const principal = Math.max(10, Math.round(Number(h.unit.floorArea) * price * ltv));
    const amount = (kind === '最高额抵押' ? Math.ceil(principal / 50) * 50 : principal).toFixed(2);

    if (pastDraw && toDays(end) - toDays(h.acquiredOn) >= 3 * 365) {
      const registeredOn = between(rng, addDays(h.acquiredOn, 10), addDays(end, -2 * 365));
      const debtTo = addDays(addYears(registeredOn, rng.int(1, 2)), -1);
      const cancelledOn = minDate(addDays(debtTo, rng.int(1, 60)), addDays(end, -5));
      out.push({
        proofNo: certificateNumber('proof', year(registeredOn), ctx.code(h.index, PROOF_KIND.PAST_MORTGAGE)), unitNo: h.unit.unitNo,
        kind: '一般抵押', amountWan: amount, debtFrom: registeredOn, debtTo, mortgagee: rng.pick(MORTGAGEES),
        mortgagor: ctx.registeredNameAt(h.index, registeredOn), registeredOn, state: '历史', cancelledOn,
      });
    }
    if (ctx.mortgaged && !ctx.disposedOn && (h.index === 0 || alsoThisUnit)) {
      const registeredOn = between(rng, maxDate(addDays(h.acquiredOn, 7), addDays(addYears(asOf, -5), 1)), addDays(asOf, -15));
      const debtFrom = addDays(registeredOn, -lead);
      // A current mortgage secures a debt still running on the dataset's today.
      let term = years;
      while (addDays(addYears(debtFrom, term), -1) <= asOf) term++;
      out.push({
        proofNo: certificateNumber('proof', year(registeredOn), ctx.code(h.index, PROOF_KIND.CURRENT_MORTGAGE)), unitNo: h.unit.unitNo,
        kind, amountWan: amount, debtFrom, debtTo: addDays(addYears(debtFrom, term), -1), mortgagee,
        mortgagor: ctx.registeredNameAt(h.index, registeredOn), registeredOn, state: '现势',
      });
    }
  }
  return out;
}

function docket(rng: Rng, court: (typeof COURTS)[number], from: string): string {
  const kind = rng.weighted(DOCKET_KINDS);
  return `(${year(from)})${court.code}${kind}${rng.int(1, 9_999)}号`;
}

const pickCourt = (rng: Rng) => rng.weighted(COURTS.map((c) => [c, c.weight] as const));

export function deriveSeizures(ctx: EncumbranceContext): Seizure[] {
  const { rng, asOf } = ctx;
  const end = ctx.disposedOn ?? asOf;
  const out: Seizure[] = [];
  const pastDraw = rng.chance(0.08);
  const past = rng.pick(ctx.units);
  if (pastDraw && toDays(end) - toDays(past.acquiredOn) >= 2 * 365) {
    // A seizure released long ago (解封), e.g. after the judgment was paid.
    const court = pickCourt(rng);
    const from = between(rng, addDays(past.acquiredOn, 30), addDays(end, -400));
    out.push({
      unitNo: past.unit.unitNo, authority: court.name, docketNo: docket(rng, court, from), kind: '查封', from,
      to: addDays(addYears(from, 3), -1), registeredOn: from, state: '历史', releasedOn: addDays(from, rng.int(30, 300)),
    });
  }
  const kind = rng.weighted<SeizureKind>([['查封', 70], ['续封', 15], ['轮候查封', 15]]);
  const target = rng.pick(ctx.units);
  if (!ctx.seized || ctx.disposedOn) return out;
  // A current term started within the last 3 years, so it still runs on asOf (3-year cap per term).
  const earliest = maxDate(addDays(target.acquiredOn, 1), addDays(addYears(asOf, -3), 30));
  const current = (k: SeizureKind, from: string): Seizure => {
    const court = pickCourt(rng);
    return {
      unitNo: target.unit.unitNo, authority: court.name, docketNo: docket(rng, court, from), kind: k, from,
      to: addDays(addYears(from, 3), -1), registeredOn: from, state: '现势',
    };
  };
  const first = current(kind === '轮候查封' ? '查封' : kind, between(rng, earliest, addDays(asOf, -10)));
  out.push(first);
  // 轮候查封 queues behind the first court's seizure and takes effect when that one is released.
  if (kind === '轮候查封') out.push(current('轮候查封', between(rng, first.from, addDays(asOf, -5))));
  return out;
}
