import type { Building } from './types.ts';
import { rngFor } from './rng.ts';

/**
 * 掌上选址: the premises the district's buildings offer (招商房源) — rooms free for rent or sale, as
 * the building platform lists them, with the asking rent (元/m²·天), the area, the floor and what
 * comes with them.
 *
 * Why here and not in the property register: the register (不动产登记) records units and who holds
 * rights in them, never whether a room stands empty or what it is offered for — a lease is not a
 * registration. The listings are the buildings' own data, kept by the services subgraph beside the
 * buildings and their 楼小二; they name no owner.
 *
 * Every listing comes from its own seeded stream per building (rngFor(seed, 'premises', id)), so
 * adding it shifted nothing else in the district. Listed rooms are numbered 51 and up on their
 * floor: the rooms enterprises register at (and the register allocates from) are 01–30, so a room
 * listed empty is never someone's registered address.
 */

/** 楼宇类型, read from how the building is named: 科技园 / 创新中心 → industrial park, 广场 → complex, else an office tower. */
export type BuildingKind = 'OFFICE' | 'COMMERCIAL_COMPLEX' | 'INDUSTRIAL_PARK';

/** 招商方式: for rent (出租), for sale (出售), or either (可租可售). */
export type UnitOffer = 'RENT' | 'SALE' | 'RENT_OR_SALE';

/** 配套: what comes with the room or the building. */
export const AMENITIES = [
  'FURNISHED', // 精装修
  'CENTRAL_AIR_CONDITIONING', // 中央空调
  'FIBRE_BROADBAND', // 光纤宽带
  'PARKING', // 停车位
  'CANTEEN', // 员工餐厅
  'SHARED_MEETING_ROOMS', // 共享会议室
  'NEAR_METRO', // 近地铁
] as const;
export type Amenity = (typeof AMENITIES)[number];

/** 房源: one room free for rent or sale. */
export interface VacantUnit {
  /** `<building id>-<room number>`, e.g. "LS-B001-1652". */
  id: string;
  buildingId: string;
  buildingKind: BuildingKind;
  /** 坐落: the building's address, name and room. */
  location: string;
  /** 所属街道. */
  street: string;
  floor: number;
  /** 房号, e.g. "1652". */
  room: string;
  /** 建筑面积, m² in hundredths (integers compare exactly). */
  floorAreaHundredths: number;
  offer: UnitOffer;
  /** 租金, fen per m² per day; null when only for sale. */
  rentFenPerSqmDay: number | null;
  /** 售价, yuan per m²; null when only for rent. */
  salePricePerSqm: number | null;
  amenities: Amenity[];
  /** 可入驻日期 and 发布日期, ISO dates on or before/after the dataset's today as a listing would be. */
  availableFrom: string;
  listedOn: string;
}

export function buildingKind(b: Pick<Building, 'name'>): BuildingKind {
  if (/科技园|创新中心/.test(b.name)) return 'INDUSTRIAL_PARK';
  if (/广场/.test(b.name)) return 'COMMERCIAL_COMPLEX';
  return 'OFFICE';
}

/** Asking rent bands by 街道 (fen per m² per day): 金家岭's CBD dearest, the rural 街道 cheapest. */
const RENT_BAND: Record<string, [number, number]> = {
  金家岭街道: [180, 420], 中韩街道: [150, 350], 沙子口街道: [100, 220], 王哥庄街道: [80, 180], 北宅街道: [70, 160],
};

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const plusDays = (date: string, days: number): string => iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));

/** The listings of one building: none to eight rooms, ordered by floor and room. */
export function vacantUnitsOf(seed: number, asOf: string, b: Building): VacantUnit[] {
  const rng = rngFor(seed, 'premises', b.id);
  const kind = buildingKind(b);
  const count = rng.weighted([[0, 2], [1, 2], [2, 3], [3, 3], [4, 2], [5, 2], [6, 1], [8, 1]] as const);
  // Building-wide amenities first: every room of the building shares them.
  const shared: Amenity[] = [];
  if (rng.chance(kind === 'INDUSTRIAL_PARK' ? 0.9 : 0.6)) shared.push('PARKING');
  if (rng.chance(kind === 'OFFICE' ? 0.3 : 0.6)) shared.push('CANTEEN');
  if (rng.chance(0.4)) shared.push('SHARED_MEETING_ROOMS');
  if (b.street === '金家岭街道' || b.street === '中韩街道' ? rng.chance(0.6) : rng.chance(0.1)) shared.push('NEAR_METRO');
  const [low, high] = RENT_BAND[b.street] ?? [120, 280];
  // Newer towers ask more: up to +30% for one completed in 2021 against one from 1998.
  const age = Math.max(0, Math.min(1, (b.completedYear - 1998) / 23));
  const used = new Set<number>();
  const units: VacantUnit[] = [];
  for (let k = 0; k < count; k++) {
    let floor: number, roomNo: number;
    do {
      floor = rng.int(1, b.floors);
      roomNo = rng.int(51, 80);
    } while (used.has(floor * 100 + roomNo));
    used.add(floor * 100 + roomNo);
    const room = `${floor}${String(roomNo).padStart(2, '0')}`;
    const offer = rng.weighted<UnitOffer>([['RENT', 6], ['SALE', 1], ['RENT_OR_SALE', 2]]);
    const rent = Math.round(rng.int(low, high) * (1 + 0.3 * age));
    const amenities = new Set<Amenity>(shared);
    if (rng.chance(0.5)) amenities.add('FURNISHED');
    if (rng.chance(0.7)) amenities.add('CENTRAL_AIR_CONDITIONING');
    if (rng.chance(0.8)) amenities.add('FIBRE_BROADBAND');
    const listedOn = plusDays(asOf, -rng.int(1, 180));
    units.push({
      id: `${b.id}-${room}`, buildingId: b.id, buildingKind: kind,
      location: `${b.address}${b.name}${room}室`, street: b.street, floor, room,
      floorAreaHundredths: rng.int(45_00, 1_200_00),
      offer,
      rentFenPerSqmDay: offer === 'SALE' ? null : rent,
      // A sale price of roughly eight to twelve years of rent.
      salePricePerSqm: offer === 'RENT' ? null : Math.round((rent / 100) * 365 * rng.int(8, 12) / 100) * 100,
      amenities: AMENITIES.filter((a) => amenities.has(a)),
      availableFrom: plusDays(listedOn, rng.int(0, 90)),
      listedOn,
    });
  }
  return units.sort((x, y) => x.floor - y.floor || x.room.localeCompare(y.room));
}

/** Every building's listings, building by building. */
export function vacantUnits(dataset: { seed: number; asOf: string; buildings: Building[] }): VacantUnit[] {
  return dataset.buildings.flatMap((b) => vacantUnitsOf(dataset.seed, dataset.asOf, b));
}
