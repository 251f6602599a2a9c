import type { Dataset, Enterprise } from '@district/dataset';
import { addDays, fromDays, minDate, toDays } from '@district/dataset/dates';
import { rngFor, type Rng } from '@district/dataset';
import type { Holdings, PropertyRight } from './model.ts';
import { allocationFor } from './parcels.ts';
import { deriveMortgages, deriveSeizures, type HeldUnit } from './encumbrances.ts';
import { certificateNumber } from './unit-number.ts';
import { describeUnit } from './units.ts';

/**
 * The registry's records for one holder, derived purely from the core facts (PropertyFacts) with
 * rngFor(seed, uscc, 'real-estate'), so the stand-in agrees with the other departments without
 * sharing a database. Memoized per dataset and USCC; callers must not mutate the result (the
 * write overlay in state.ts copies).
 */

/** Certificate kinds within a unit's block of codes (encumbrances.ts uses 2 and 3). */
const TITLE_KIND = { ORIGINAL: 0, AFTER_NAME_CHANGE: 1 } as const;
/** Codes per holder: 16 units × 4 kinds, far below the range the write overlay uses (state.ts). */
const CODES_PER_HOLDER = 64;

const memo = new WeakMap<Dataset, Map<string, Holdings>>();

const empty = (uscc: string): Holdings => ({ uscc, holderName: null, units: [], rights: [], mortgages: [], seizures: [] });

/** The enterprise's name in effect on `date`, from its NAME change records. */
export function nameOn(e: Enterprise, date: string): string {
  const changes = e.changes.filter((c) => c.item === 'NAME').sort((a, b) => a.on.localeCompare(b.on));
  let name = e.name;
  for (let i = changes.length - 1; i >= 0; i--) if (changes[i].on > date) name = changes[i].before;
  return name;
}

/** Acquisition dates: the first from the facts, further units later, all before any disposal. */
function acquisitionDates(e: Enterprise, asOf: string, rng: Rng): string[] {
  const first = e.property.firstAcquiredOn ?? addDays(e.establishedOn, 60);
  const end = e.property.disposedOn ?? asOf;
  const later = Array.from({ length: e.property.units - 1 }, () => rng.int(toDays(first) + 30, Math.max(toDays(first) + 30, toDays(end) - 30)))
    .sort((a, b) => a - b)
    .map((d) => minDate(fromDays(d), addDays(end, -1)));
  return [first, ...later.map((d) => (d < first ? first : d))];
}

export function deriveHoldings(enterprise: Enterprise, dataset: Dataset): Holdings {
  let cache = memo.get(dataset);
  if (!cache) memo.set(dataset, (cache = new Map()));
  const known = cache.get(enterprise.uscc);
  if (known) return known;
  const holdings = derive(enterprise, dataset);
  cache.set(enterprise.uscc, holdings);
  return holdings;
}

function derive(e: Enterprise, dataset: Dataset): Holdings {
  const allocation = allocationFor(dataset);
  const slots = allocation.slots.get(e.uscc);
  if (!slots?.length) return empty(e.uscc);
  const ordinal = allocation.ordinal.get(e.uscc)!;
  const code = (unitIndex: number, kind: number) => ordinal * CODES_PER_HOLDER + unitIndex * 4 + kind;
  const rng = rngFor(dataset.seed, e.uscc, 'real-estate');
  const { disposedOn } = e.property;

  // 权利人名称变更登记 is on application: about half of renamed holders apply, `renamed` never has.
  const lastRename = e.changes.filter((c) => c.item === 'NAME').sort((a, b) => a.on.localeCompare(b.on)).at(-1);
  const appliedDraw = rng.chance(0.5);
  const applyDelay = rng.int(7, 120);
  const appliedOn = lastRename && appliedDraw && e.sample !== 'renamed' ? minDate(addDays(lastRename.on, applyDelay), addDays(dataset.asOf, -1)) : null;

  const dates = acquisitionDates(e, dataset.asOf, rng);
  const held: HeldUnit[] = slots.map((slot, index) => ({ index, acquiredOn: dates[index], unit: describeUnit(dataset, e, slot, dates[index], rng) }));
  const tower = slots[0].parcel.building !== null;

  const rights: PropertyRight[] = [];
  const byUnit = new Map<number, PropertyRight[]>();
  for (const h of held) {
    const chain: PropertyRight[] = [{
      certificateNo: certificateNumber('title', Number(h.acquiredOn.slice(0, 4)), code(h.index, TITLE_KIND.ORIGINAL)),
      unitNo: h.unit.unitNo, holderName: nameOn(e, h.acquiredOn), holderId: e.uscc,
      // Office floors are bought from the developer (转移); a self-standing building is the holder's own 首次登记.
      nature: tower ? '出让/市场化商品房' : '出让/自建房', registrationType: tower ? '转移登记' : '首次登记',
      registeredOn: h.acquiredOn, state: '现势',
    }];
    const renamedWhileHeld = appliedOn && lastRename && h.acquiredOn < lastRename.on && appliedOn > h.acquiredOn && (!disposedOn || appliedOn < disposedOn);
    if (renamedWhileHeld && chain[0].holderName !== lastRename.after) {
      const original = chain[0];
      chain.push({
        certificateNo: certificateNumber('title', Number(appliedOn.slice(0, 4)), code(h.index, TITLE_KIND.AFTER_NAME_CHANGE)),
        unitNo: original.unitNo, holderName: lastRename.after, holderId: e.uscc, nature: original.nature,
        registrationType: '变更登记', registeredOn: appliedOn, state: '现势',
      });
      Object.assign(original, { state: '历史', endedOn: appliedOn, endReason: '变更登记' });
    }
    if (disposedOn) Object.assign(chain[chain.length - 1], { state: '历史', endedOn: disposedOn, endReason: '转移登记' });
    byUnit.set(h.index, chain);
    rights.push(...chain);
  }

  const registeredNameAt = (unitIndex: number, date: string): string => {
    const chain = byUnit.get(unitIndex)!;
    return [...chain].reverse().find((r) => r.registeredOn <= date)?.holderName ?? chain[0].holderName;
  };
  const ctx = { rng, asOf: dataset.asOf, units: held, disposedOn, mortgaged: e.property.mortgaged, seized: e.property.seized, code, registeredNameAt };
  const mortgages = deriveMortgages(ctx);
  const seizures = deriveSeizures(ctx);
  const current = rights.filter((r) => r.state === '现势');
  const holderName = (current.length ? current : rights).reduce((a, b) => (b.registeredOn >= a.registeredOn ? b : a)).holderName;
  return { uscc: e.uscc, holderName, units: held.map((h) => h.unit), rights, mortgages, seizures };
}

/** The holder of a unit number, if the district knows it. */
export function holderOfUnit(dataset: Dataset, unitNo: string): string | undefined {
  return allocationFor(dataset).holderOfUnit.get(unitNo);
}
