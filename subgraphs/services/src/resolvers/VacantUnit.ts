import type { ServicesContext } from '../context.ts';
import type { VacantUnitRow } from '../store/premises.ts';

/** 房源: a listing as the schema shows it (m², 元), linked to its building and the building's 楼小二 through the per-request loaders. */
export const VacantUnit = {
  floorArea: (u: VacantUnitRow) => u.floorAreaHundredths / 100,
  rentPerSqmPerDay: (u: VacantUnitRow) => (u.rentFenPerSqmDay === null ? null : u.rentFenPerSqmDay / 100),
  building: (u: VacantUnitRow, _: unknown, ctx: ServicesContext) => ctx.loaders.building.load(u.buildingId),
  serviceStaff: (u: VacantUnitRow, _: unknown, ctx: ServicesContext) => ctx.loaders.staff.load(u.buildingId),
};
