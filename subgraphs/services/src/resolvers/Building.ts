import type { ServicesContext } from '../context.ts';
import type { BuildingRow } from '../store/buildings.ts';
import { buildingVisits } from '../requests/visits.ts';
import { buildingStats } from '../stats/building-stats.ts';

export const Building = {
  __resolveReference: (ref: { id: string }, ctx: ServicesContext) => ctx.loaders.building.load(ref.id),
  visits: (building: BuildingRow, args: { first?: number; after?: string }, ctx: ServicesContext) => buildingVisits(ctx.db, ctx.caller, building.id, args),
  stats: (building: BuildingRow, _: unknown, ctx: ServicesContext) => buildingStats({ db: ctx.db, counts: ctx.buildingCounts, caller: ctx.caller }, building.id),
  staff: (building: BuildingRow, _: unknown, ctx: ServicesContext) => ctx.loaders.staff.load(building.id),
};
