import type { ServicesContext } from '../context.ts';
import { staffPhone } from '../privacy.ts';
import type { BuildingRow, StaffRow } from '../store/buildings.ts';

export const Building = {
  __resolveReference: (ref: { id: string }, ctx: ServicesContext) => ctx.loaders.building.load(ref.id),
  staff: (building: BuildingRow, _: unknown, ctx: ServicesContext) => ctx.loaders.staff.load(building.id),
};

export const BuildingStaff = {
  phone: (staff: StaffRow, _: unknown, ctx: ServicesContext) => staffPhone(staff.phone, ctx.caller),
};
