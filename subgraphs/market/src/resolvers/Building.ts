import type { MarketContext } from '../loaders.ts';
import type { RegistrationStatus } from '../domain.ts';
import { assertBuildingInScope } from '../scope.ts';
import { BUILDING_CODE, enterpriseConnection } from './connection.ts';

interface BuildingRef {
  id: string;
}

export const Building = {
  // The services subgraph owns buildings; here a building is its code, and its enterprises the registry's tags.
  __resolveReference: (ref: BuildingRef): BuildingRef => ({ id: ref.id }),

  /** A code the registry could not hold has no enterprises: answered empty, without a call. */
  enterprises: (
    building: BuildingRef,
    args: { first?: number | null; after?: string | null; filter?: { status?: RegistrationStatus | null } | null },
    ctx: MarketContext,
  ) => {
    assertBuildingInScope(ctx, building.id, 'Building.enterprises');
    return enterpriseConnection(
    ctx,
    BUILDING_CODE.test(building.id) ? { buildingCode: building.id, ...(args.filter?.status && { status: args.filter.status }) } : null,
    args,
  );
  },
};
