import DataLoader from 'dataloader';
import type { Db } from './store/db.ts';
import { ratingsOf, transitionsOf, type RatingRow, type TransitionRow } from './store/requests.ts';
import { buildingsByIds, staffByBuildingIds, type BuildingRow, type StaffRow } from './store/buildings.ts';

/** Per-request loaders: one query per kind per request, whatever the shape of the operation. */
export function createLoaders(db: Db) {
  return {
    building: new DataLoader<string, BuildingRow | null>(async (ids) => {
      const found = await buildingsByIds(db, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    staff: new DataLoader<string, StaffRow[]>(async (ids) => {
      const found = await staffByBuildingIds(db, ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    requestTransitions: new DataLoader<string, TransitionRow[]>((ids) => transitionsOf(db, ids)),
    requestRating: new DataLoader<string, RatingRow | null>((ids) => ratingsOf(db, ids)),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
