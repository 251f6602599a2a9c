import type { GraphQLResolveInfo } from 'graphql';
import type { MarketContext } from '../loaders.ts';
import { marketEvents } from '../events.ts';
import { selectedLists } from '../selection.ts';
import { REGISTRY_LISTS } from '../domain.ts';
import { failedList } from '../registry-loader.ts';
import { assertInScope } from '../scope.ts';

/** An Enterprise here is only its key; every field reads the registry through the per-request loader. */
interface EnterpriseRef {
  uscc: string;
}

export const Enterprise = {
  // Kept as a reference, not looked up: other departments may know an enterprise the registry does
  // not (yet), and their fields must still resolve. `registration` is null for such a USCC.
  // Row scope is checked here too (defence in depth): a reference is only followed in scope.
  __resolveReference: async (ref: EnterpriseRef, ctx: MarketContext): Promise<EnterpriseRef> => {
    await assertInScope(ctx, ref.uscc, 'Enterprise');
    return { uscc: ref.uscc };
  },

  registration: (e: EnterpriseRef, _: unknown, ctx: MarketContext, info: GraphQLResolveInfo) =>
    ctx.loaders.registry.load(e.uscc, selectedLists(info)),

  building: async (e: EnterpriseRef, _: unknown, ctx: MarketContext) => {
    const found = await ctx.loaders.registry.load(e.uscc);
    return found?.buildingCode ? { id: found.buildingCode } : null;
  },

  /** [] when the registry knows nothing of the enterprise; null with the error when it failed. */
  marketEvents: async (e: EnterpriseRef, _: unknown, ctx: MarketContext) => {
    const found = await ctx.loaders.registry.load(e.uscc, REGISTRY_LISTS);
    if (!found) return [];
    const failed = failedList(found);
    if (failed) throw failed; // a timeline missing a list would be wrong, not just short
    return marketEvents(found);
  },
};
