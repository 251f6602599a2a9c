import type { Db } from './db.ts';

/** 楼宇 as the services store keeps it, with its 楼小二 (service staff). */
export interface BuildingRow {
  id: string;
  name: string;
  address: string;
  street: string;
  floors: number;
  completedYear: number;
}

export interface StaffRow {
  id: string;
  buildingId: string;
  name: string;
  phone: string;
}

const BUILDING_COLUMNS = 'id, name, address, street, floors, completed_year AS "completedYear"';

export async function buildingsByIds(db: Pick<Db, 'query'>, ids: readonly string[]): Promise<Map<string, BuildingRow>> {
  const rows = await db.query<BuildingRow>(`SELECT ${BUILDING_COLUMNS} FROM building WHERE id = ANY($1::text[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listBuildings(db: Pick<Db, 'query'>, offset: number, limit: number): Promise<{ rows: BuildingRow[]; total: number }> {
  const rows = await db.query<BuildingRow>(`SELECT ${BUILDING_COLUMNS} FROM building ORDER BY id OFFSET $1 LIMIT $2`, [offset, limit]);
  const [{ count }] = await db.query<{ count: string }>('SELECT count(*)::text AS count FROM building');
  return { rows, total: Number(count) };
}

export async function staffByBuildingIds(db: Pick<Db, 'query'>, ids: readonly string[]): Promise<Map<string, StaffRow[]>> {
  const rows = await db.query<StaffRow>('SELECT id, building_id AS "buildingId", name, phone FROM building_staff WHERE building_id = ANY($1::text[]) ORDER BY id', [ids]);
  const byBuilding = new Map<string, StaffRow[]>();
  for (const r of rows) byBuilding.set(r.buildingId, [...(byBuilding.get(r.buildingId) ?? []), r]);
  return byBuilding;
}
