import type { ServicesContext } from '../context.ts';
import type { VacantUnit as VacantUnitRecord } from '@district/dataset';

/** 房源: a listing as the schema shows it (m², 元), linked to its building and the building's 楼小二 through the per-request loaders. */
export const VacantUnit = {
  floorArea: (u: VacantUnitRecord) => u.floorAreaHundredths / 100,
  rentPerSqmPerDay: (u: VacantUnitRecord) => (u.rentFenPerSqmDay === null ? null : u.rentFenPerSqmDay / 100),
  building: (u: VacantUnitRecord, _: unknown, ctx: ServicesContext) => ctx.loaders.building.load(u.buildingId),
  serviceStaff: (u: VacantUnitRecord, _: unknown, ctx: ServicesContext) => ctx.loaders.staff.load(u.buildingId),
};
