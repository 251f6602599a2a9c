import type { ServicesContext } from '../context.ts';
import { staffPhone } from '../privacy.ts';
import type { StaffRow } from '../store/buildings.ts';

/** 楼小二: a building's service staff. */
export const BuildingStaff = {
  phone: (staff: StaffRow, _: unknown, ctx: ServicesContext) => staffPhone(staff.phone, ctx.caller),
};
