import type { Db } from './db.ts';
import { seedVacantUnits } from './premises.ts';

export interface SeedBuilding {
  id: string; name: string; address: string; street: string; floors: number; completedYear: number;
  staff: { id: string; name: string; phone: string }[];
}

/** Loads the district's buildings into an empty store (demo and tests); does nothing if any exist. */
export async function seedBuildings(db: Db, buildings: SeedBuilding[]): Promise<number> {
  return db.transaction(async (tx) => {
    const [{ count }] = await tx.query<{ count: string }>('SELECT count(*)::text AS count FROM building');
    if (Number(count) > 0) return 0;
    for (const b of buildings) {
      await tx.query('INSERT INTO building (id, name, address, street, floors, completed_year) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (id) DO NOTHING',
        [b.id, b.name, b.address, b.street, b.floors, b.completedYear]);
      for (const s of b.staff) {
        await tx.query('INSERT INTO building_staff (id, building_id, name, phone) VALUES ($1,$2,$3,$4) ON CONFLICT (id) DO NOTHING', [s.id, b.id, s.name, s.phone]);
      }
    }
    return buildings.length;
  });
}

/**
 * The seed step: the demo buildings and their listings (房源) are the deterministic district the department stand-ins serve
 * (@district/dataset), so a building's enterprises in the departments' data are its enterprises
 * here. Loaded only when seeding: a deployment that does not seed never generates the district.
 */
export async function seedDemoBuildings(db: Db): Promise<number> {
  const { getDataset, vacantUnits } = await import('@district/dataset');
  const dataset = getDataset();
  const seeded = await seedBuildings(db, dataset.buildings);
  // Listings on their own: a store seeded before they existed gets them on its next start.
  await seedVacantUnits(db, vacantUnits(dataset));
  return seeded;
}
