import { enterpriseOutOfScope, rowScope } from '@district/subgraph-kit';
import { forbidden } from '@district/domain';
import type { MarketContext } from './loaders.ts';

/**
 * Row-level scope, decided here because the registry knows each enterprise's building: building
 * staff reach only enterprises in their buildings, an enterprise only itself (packages/subgraph-kit/src/policy.ts
 * rowScope). Out of scope, or unknown to a scoped caller, is the same FORBIDDEN: a scoped caller
 * cannot probe which USCCs exist. A context without a caller is refused (fail closed).
 */
export async function inScope(ctx: MarketContext, uscc: string): Promise<boolean> {
  if (!ctx.caller) return false;
  const scope = rowScope(ctx.caller);
  if (scope.kind === 'all') return true;
  if (scope.kind === 'self') return scope.uscc === uscc;
  const found = await ctx.loaders.registry.load(uscc);
  return !!found?.buildingCode && scope.buildings.has(found.buildingCode);
}

export async function assertInScope(ctx: MarketContext, uscc: string, what: string): Promise<void> {
  if (!(await inScope(ctx, uscc))) throw enterpriseOutOfScope(ctx.caller, uscc, what);
}

/** A list of a building's enterprises: building staff only their own buildings; never the enterprise role. */
export function assertBuildingInScope(ctx: MarketContext, building: string | null | undefined, what: string): void {
  if (!ctx.caller) throw forbidden(`Not authorized to read ${what}: no request context`, { field: what });
  const scope = rowScope(ctx.caller);
  if (scope.kind === 'all') return;
  if (scope.kind === 'self') throw forbidden(`Not authorized to read ${what}: an enterprise may read only itself (Query.enterprise)`, { field: what });
  if (!building) throw forbidden(`Not authorized to read ${what}: building staff must filter by one of their buildings`, { field: what });
  if (!scope.buildings.has(building)) throw forbidden(`Not authorized to read ${what}: building ${building} is not one of the caller's buildings`, { field: what });
}
