import type { Building, Dataset, Enterprise } from '@district/dataset';
import { hash32, rngFor } from '@district/dataset';
import { STREETS } from '@district/dataset/vocabulary';
import { buildUnitNumber, parcelCode, type Parcel } from './unit-number.ts';

/**
 * Where every holder's units are: the one part of the derivation that needs the whole district,
 * because two holders must never own the same room, and every room in one building lies on that
 * building's parcel (宗地). Computed once per dataset in dataset order (samples first, so their
 * documented rooms are theirs), then everything else is derived per holder (records.ts).
 */

export interface ParcelInfo {
  parcel: Parcel;
  code: string;
  /** Set for a tower of the 楼小二 programme. */
  building: Building | null;
}

export interface UnitSlot {
  unitNo: string;
  parcel: ParcelInfo;
  buildingNo: number;
  /** Floor and room within a tower; for a self-standing building floor 0 (the whole building). */
  floor: number;
  room: number;
}

export interface Allocation {
  /** Index of each holder among all holders: spaces its certificate codes apart (records.ts). */
  ordinal: Map<string, number>;
  slots: Map<string, UnitSlot[]>;
  /** 不动产单元号 → holder USCC. */
  holderOfUnit: Map<string, string>;
}

const REGION = '370212';
/** 地籍区 by 街道: the district's cadastral districts follow its sub-districts. */
const cadastralDistrict = (street: string | undefined): number => Math.max(0, STREETS.indexOf(street as (typeof STREETS)[number])) + 1;
/** Parcels of self-standing holdings are numbered from here, above any tower's. */
const STANDALONE_SEQUENCE_BASE = 20_000;

function towerParcel(b: Building): ParcelInfo {
  const digits = /(\d+)$/.exec(b.id)?.[1];
  const sequence = digits && Number(digits) < STANDALONE_SEQUENCE_BASE - 100 ? 100 + Number(digits) : 10_000 + (hash32(b.id) % 9_000);
  const parcel: Parcel = { region: REGION, district: cadastralDistrict(b.street), subDistrict: (hash32(b.id) % 12) + 1, landCode: 'GB', sequence };
  return { parcel, code: parcelCode(parcel), building: b };
}

/** Floor and room from a registered address ending in e.g. "1608室", when it fits the building. */
function registeredRoom(e: Enterprise, b: Building): { floor: number; room: number } | null {
  const m = /(\d{3,4})室$/.exec(e.address);
  if (!m || !e.address.includes(b.name)) return null;
  const n = Number(m[1]);
  const floor = Math.floor(n / 100), room = n % 100;
  return floor >= 1 && floor <= b.floors && room >= 1 ? { floor, room } : null;
}

/** The next free room from (floor, room) onwards, scanning rooms 1–99 per floor and wrapping to floor 1. */
function freeRoom(used: Set<number>, b: Building, start: { floor: number; room: number }): { floor: number; room: number } {
  const capacity = b.floors * 99;
  let index = (start.floor - 1) * 99 + (start.room - 1);
  for (let tried = 0; tried < capacity; tried++, index = (index + 1) % capacity) {
    const floor = Math.floor(index / 99) + 1, room = (index % 99) + 1;
    if (!used.has(floor * 100 + room)) return { floor, room };
  }
  throw new Error(`building ${b.id} has no free room left`);
}

const cache = new WeakMap<Dataset, Allocation>();

export function allocationFor(dataset: Dataset): Allocation {
  const known = cache.get(dataset);
  if (known) return known;
  const ordinal = new Map<string, number>();
  const slots = new Map<string, UnitSlot[]>();
  const holderOfUnit = new Map<string, string>();
  const usedRooms = new Map<string, Set<number>>();
  const towers = new Map<string, ParcelInfo>();
  let standalone = 0;

  for (const e of dataset.enterprises) {
    if (e.property.units <= 0) continue;
    ordinal.set(e.uscc, ordinal.size);
    const building = e.buildingId ? dataset.buildingById.get(e.buildingId) ?? null : null;
    const list: UnitSlot[] = [];
    if (building) {
      let parcel = towers.get(building.id);
      if (!parcel) towers.set(building.id, (parcel = towerParcel(building)));
      let used = usedRooms.get(building.id);
      if (!used) usedRooms.set(building.id, (used = new Set()));
      const rng = rngFor(dataset.seed, e.uscc, 'real-estate', 'room');
      let at = registeredRoom(e, building) ?? { floor: rng.int(1, building.floors), room: rng.int(1, 30) };
      for (let k = 0; k < e.property.units; k++) {
        // Further units sit next to the first, as firms buy the neighbouring room.
        at = freeRoom(used, building, at);
        used.add(at.floor * 100 + at.room);
        list.push({ unitNo: buildUnitNumber({ ...parcel.parcel, fixtureKind: 'F', buildingNo: 1, roomNo: at.floor * 100 + at.room }), parcel, buildingNo: 1, ...at });
      }
    } else {
      const rng = rngFor(dataset.seed, e.uscc, 'real-estate', 'parcel');
      const street = STREETS.find((s) => e.address.includes(s));
      const parcel: Parcel = { region: REGION, district: cadastralDistrict(street), subDistrict: rng.int(1, 12), landCode: 'GB', sequence: STANDALONE_SEQUENCE_BASE + standalone++ };
      const info: ParcelInfo = { parcel, code: parcelCode(parcel), building: null };
      for (let k = 0; k < e.property.units; k++) {
        // One self-standing building per unit on the holder's own parcel: 幢号 k+1, 户号 0001 (the whole building).
        list.push({ unitNo: buildUnitNumber({ ...parcel, fixtureKind: 'F', buildingNo: k + 1, roomNo: 1 }), parcel: info, buildingNo: k + 1, floor: 0, room: 1 });
      }
    }
    for (const s of list) holderOfUnit.set(s.unitNo, e.uscc);
    slots.set(e.uscc, list);
  }
  const allocation = { ordinal, slots, holderOfUnit };
  cache.set(dataset, allocation);
  return allocation;
}
