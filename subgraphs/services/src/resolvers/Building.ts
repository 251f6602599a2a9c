import type { ServicesContext } from '../context.ts';
import type { BuildingRow } from '../store/buildings.ts';

export const Building = {
  __resolveReference: (ref: { id: string }, ctx: ServicesContext) => ctx.loaders.building.load(ref.id),
  staff: (building: BuildingRow, _: unknown, ctx: ServicesContext) => ctx.loaders.staff.load(building.id),
};
