import type { Amenity, BuildingKind, VacantUnit } from '@district/dataset';
import type { Db } from './db.ts';

/** What a search may narrow by; every bound inclusive, every field optional (already validated). */
export interface VacantUnitQuery {
  street?: string;
  buildingId?: string;
  buildingKind?: BuildingKind;
  offer?: 'RENT' | 'SALE';
  minFloorAreaHundredths?: number;
  maxFloorAreaHundredths?: number;
  minRentFen?: number;
  maxRentFen?: number;
  minFloor?: number;
  maxFloor?: number;
  amenities?: Amenity[];
}

export type VacantUnitOrder = 'LOCATION' | 'RENT_ASC' | 'RENT_DESC' | 'FLOOR_AREA_ASC' | 'FLOOR_AREA_DESC' | 'FLOOR_ASC' | 'LISTED_NEWEST';

/** ORDER BY per order, each ending in the id so that pages never overlap or skip; units without a rent (for sale only) last. */
const ORDER_SQL: Record<VacantUnitOrder, string> = {
  LOCATION: 'building_id COLLATE "C", floor, room COLLATE "C"',
  RENT_ASC: 'rent_fen_per_sqm_day ASC NULLS LAST, id COLLATE "C"',
  RENT_DESC: 'rent_fen_per_sqm_day DESC NULLS LAST, id COLLATE "C"',
  FLOOR_AREA_ASC: 'floor_area_hundredths ASC, id COLLATE "C"',
  FLOOR_AREA_DESC: 'floor_area_hundredths DESC, id COLLATE "C"',
  FLOOR_ASC: 'floor ASC, id COLLATE "C"',
  LISTED_NEWEST: 'listed_on DESC, id COLLATE "C"',
};

const COLUMNS = `id, building_id AS "buildingId", building_kind AS "buildingKind", location, street, floor, room,
  floor_area_hundredths AS "floorAreaHundredths", offer, rent_fen_per_sqm_day AS "rentFenPerSqmDay",
  sale_price_per_sqm AS "salePricePerSqm", amenities, to_char(available_from, 'YYYY-MM-DD') AS "availableFrom",
  to_char(listed_on, 'YYYY-MM-DD') AS "listedOn"`;

function where(q: VacantUnitQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    if (value === undefined) return;
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  add((p) => `street = ${p}`, q.street);
  add((p) => `building_id = ${p}`, q.buildingId);
  add((p) => `building_kind = ${p}`, q.buildingKind);
  // RENT_OR_SALE answers both a search for rent and one for sale.
  add((p) => `offer IN (${p}, 'RENT_OR_SALE')`, q.offer);
  add((p) => `floor_area_hundredths >= ${p}`, q.minFloorAreaHundredths);
  add((p) => `floor_area_hundredths <= ${p}`, q.maxFloorAreaHundredths);
  add((p) => `rent_fen_per_sqm_day >= ${p}`, q.minRentFen);
  add((p) => `rent_fen_per_sqm_day <= ${p}`, q.maxRentFen);
  add((p) => `floor >= ${p}`, q.minFloor);
  add((p) => `floor <= ${p}`, q.maxFloor);
  add((p) => `amenities @> ${p}::text[]`, q.amenities?.length ? q.amenities : undefined);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** One page of matching listings and how many match in all: two queries, whatever the filter. */
export async function searchVacantUnits(db: Pick<Db, 'query'>, q: VacantUnitQuery, order: VacantUnitOrder, offset: number, limit: number): Promise<{ rows: VacantUnit[]; total: number }> {
  const w = where(q);
  const rows = await db.query<VacantUnit>(
    `SELECT ${COLUMNS} FROM vacant_unit ${w.sql} ORDER BY ${ORDER_SQL[order]} OFFSET $${w.params.length + 1} LIMIT $${w.params.length + 2}`,
    [...w.params, offset, limit]);
  const [{ count }] = await db.query<{ count: string }>(`SELECT count(*)::text AS count FROM vacant_unit ${w.sql}`, w.params);
  return { rows: rows.map((r) => ({ ...r, floorAreaHundredths: Number(r.floorAreaHundredths) })), total: Number(count) };
}

/** Loads the listings into a store that has none (demo and tests); does nothing otherwise. */
export async function seedVacantUnits(db: Db, units: VacantUnit[]): Promise<number> {
  return db.transaction(async (tx) => {
    const [{ count }] = await tx.query<{ count: string }>('SELECT count(*)::text AS count FROM vacant_unit');
    if (Number(count) > 0) return 0;
    for (const u of units) {
      await tx.query(
        `INSERT INTO vacant_unit (id, building_id, building_kind, location, street, floor, room, floor_area_hundredths, offer,
           rent_fen_per_sqm_day, sale_price_per_sqm, amenities, available_from, listed_on)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12::text[],$13,$14) ON CONFLICT (id) DO NOTHING`,
        [u.id, u.buildingId, u.buildingKind, u.location, u.street, u.floor, u.room, u.floorAreaHundredths, u.offer,
          u.rentFenPerSqmDay, u.salePricePerSqm, u.amenities, u.availableFrom, u.listedOn]);
    }
    return units.length;
  });
}
