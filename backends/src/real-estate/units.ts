import type { Dataset, Enterprise } from '@district/dataset';
import { addDays, fromDays, toDays } from '@district/dataset/dates';
import { rngFor, type Rng } from '@district/dataset';
import type { RealEstateUnit } from './model.ts';
import type { ParcelInfo, UnitSlot } from './parcels.ts';
import { DEFAULT_STANDALONE_USE, OFFICE_USE, STANDALONE_USES } from './vocabulary.ts';

/** Physical descriptions of units (不动产单元): parcel facts come from the parcel alone, so every holder in a tower agrees on them. */

/** m² with 2 decimals from a count of hundredths, as registries print areas. */
export const area = (hundredths: number): string => (hundredths / 100).toFixed(2);

/** The same calendar day `years` later (29 Feb → 28 Feb). */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5) === '02-29' ? '02-28' : iso.slice(5);
  return `${y}-${md}`;
}

interface ParcelFacts {
  areaHundredths: number;
  landTermFrom: string;
}

/** Facts of a tower's parcel, seeded by the building alone. */
function towerParcelFacts(dataset: Dataset, parcel: ParcelInfo): ParcelFacts {
  const b = parcel.building!;
  const rng = rngFor(dataset.seed, 'real-estate', 'parcel', b.id);
  // Land is granted (出让) a few years before the tower is completed.
  const granted = `${b.completedYear - rng.int(2, 4)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  return { areaHundredths: rng.int(3_000_00, 25_000_00), landTermFrom: granted };
}

const structureFor = (floors: number): string => (floors > 30 ? '钢、钢筋混凝土结构' : floors > 6 ? '钢筋混凝土结构' : '混合结构');

/** Splits a floor area into 套内 and 分摊 so that the two always add up exactly. */
function split(rng: Rng, floorHundredths: number, sharedShare: [number, number]): { inner: number; shared: number } {
  const share = sharedShare[0] + rng.next() * (sharedShare[1] - sharedShare[0]);
  const shared = Math.round(floorHundredths * share);
  return { inner: floorHundredths - shared, shared };
}

export function describeUnit(dataset: Dataset, e: Enterprise, slot: UnitSlot, acquiredOn: string, rng: Rng): RealEstateUnit {
  const p = slot.parcel;
  if (p.building) {
    const b = p.building;
    const facts = towerParcelFacts(dataset, p);
    const floorArea = rng.int(60_00, 480_00);
    const { inner, shared } = split(rng, floorArea, [0.15, 0.28]);
    return {
      unitNo: slot.unitNo, parcelNo: p.code,
      location: `${b.address}${b.name}${slot.floor}${String(slot.room).padStart(2, '0')}室`,
      parcelArea: area(facts.areaHundredths), landUse: OFFICE_USE.landUse,
      landTermFrom: facts.landTermFrom, landTermTo: addDays(addYears(facts.landTermFrom, OFFICE_USE.termYears), -1),
      buildingNo: String(slot.buildingNo).padStart(4, '0'), roomNo: String(slot.floor * 100 + slot.room).padStart(4, '0'),
      floor: String(slot.floor), totalFloors: b.floors, use: OFFICE_USE.use, structure: structureFor(b.floors), completedYear: b.completedYear,
      floorArea: area(floorArea), innerArea: area(inner), sharedArea: area(shared),
    };
  }
  // A self-standing building on the holder's own parcel, built by the holder and first registered when completed.
  const kind = STANDALONE_USES[e.industry.code] ?? DEFAULT_STANDALONE_USE;
  const parcelRng = rngFor(dataset.seed, e.uscc, 'real-estate', 'parcel-facts');
  // The land was granted before the first building on it: one date for the whole parcel.
  const granted = fromDays(toDays(e.property.firstAcquiredOn ?? acquiredOn) - parcelRng.int(400, 1_500));
  const floors = kind.use === '办公' ? rng.int(3, 8) : rng.int(1, 3);
  const floorArea = rng.int(400_00, 6_000_00);
  const site = e.address.replace(/^(.*?崂山区)[^路]*?街道/, '$1');
  return {
    unitNo: slot.unitNo, parcelNo: p.code, location: `${site}${slot.buildingNo}号楼`,
    parcelArea: area(parcelRng.int(2_000_00, 30_000_00)), landUse: kind.landUse,
    landTermFrom: granted, landTermTo: addDays(addYears(granted, kind.termYears), -1),
    buildingNo: String(slot.buildingNo).padStart(4, '0'), roomNo: String(slot.room).padStart(4, '0'),
    floor: floors === 1 ? '1' : `1-${floors}`, totalFloors: floors, use: kind.use, structure: structureFor(floors),
    completedYear: Number(acquiredOn.slice(0, 4)), floorArea: area(floorArea), innerArea: area(floorArea), sharedArea: area(0),
  };
}
