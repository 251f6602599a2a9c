import { assertUscc } from '@district/common';
import type { GraphQLResolveInfo } from 'graphql';
import type { MarketContext } from '../context.ts';
import { selectedLists } from '../lookahead.ts';
import { assertBuildingInScope, assertInScope } from '../scope.ts';
import { enterpriseConnection, searchFromFilter, type EnterpriseFilterInput } from './connection.ts';

interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

export const Query = {
  /** The registry decides existence: null for a valid USCC nobody is registered under. */
  enterprise: async (_: unknown, { uscc }: { uscc: string }, ctx: MarketContext, info: GraphQLResolveInfo) => {
    assertUscc(uscc);
    const found = await ctx.loaders.registry.load(uscc, selectedLists(info, ['registration']));
    await assertInScope(ctx, uscc, 'Query.enterprise');
    return found ? { uscc } : null;
  },

  /** Building staff: only with a filter naming one of their buildings; the enterprise role: never. */
  enterprises: (_: unknown, args: ConnectionArgs & { filter?: EnterpriseFilterInput | null }, ctx: MarketContext) => {
    const search = searchFromFilter(args.filter);
    assertBuildingInScope(ctx, search.buildingCode, 'Query.enterprises');
    return enterpriseConnection(ctx, search, args);
  },
};
