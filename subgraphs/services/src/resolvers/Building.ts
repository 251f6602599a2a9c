import type { ServicesContext } from '../context.ts';
import type { BuildingRow } from '../store/buildings.ts';
import { buildingVisits } from '../requests/visits.ts';

export const Building = {
  __resolveReference: (ref: { id: string }, ctx: ServicesContext) => ctx.loaders.building.load(ref.id),
  visits: (building: BuildingRow, args: { first?: number; after?: string }, ctx: ServicesContext) => buildingVisits(ctx.db, ctx.caller, building.id, args),
  staff: (building: BuildingRow, _: unknown, ctx: ServicesContext) => ctx.loaders.staff.load(building.id),
};
