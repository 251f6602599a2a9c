import { forbidden, type Caller } from '@district/domain';
import { rowScope } from '@district/subgraph-kit';
import type { RealEstateContext } from '../loaders.ts';
import type { PropertyUnit } from '../domain.ts';
import { assertUnitNumber } from '../unit-number.ts';

/**
 * A unit looked up by number leads to whoever holds it, which this subgraph cannot place in a
 * building: refused to building staff (and to a context without a caller); an enterprise sees a
 * unit only when it holds a current right on it.
 */
export function assertUnitInScope(caller: Caller | undefined, unit: PropertyUnit | null, what: string): void {
  const scope = caller ? rowScope(caller) : null;
  if (!scope || scope.kind === 'buildings') {
    throw forbidden(`Not authorized to read ${what}: a unit by number is not in the row scope of ${caller ? `role ${caller.role}` : 'a caller without a request context'}`, { field: what });
  }
  if (scope.kind === 'self' && unit && !unit.rights.some((r) => r.holderUscc === scope.uscc && r.status === 'CURRENT')) {
    throw forbidden(`Not authorized to read ${what}: the enterprise holds no current right on this unit`, { field: what });
  }
}

export const Query = {
  /** Refused before any call when malformed; null when the register does not know it. */
  propertyUnit: async (_: unknown, { unitNo }: { unitNo: string }, ctx: RealEstateContext) => {
    const number = assertUnitNumber(unitNo);
    if (ctx.caller && rowScope(ctx.caller).kind === 'buildings') assertUnitInScope(ctx.caller, null, 'Query.propertyUnit');
    const unit = await ctx.loaders.unit.load(number);
    assertUnitInScope(ctx.caller, unit, 'Query.propertyUnit');
    return unit;
  },
};
