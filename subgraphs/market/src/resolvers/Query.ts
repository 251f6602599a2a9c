import { assertUscc } from '@district/subgraph-kit';
import { DepartmentUnavailableError } from '@district/domain';
import type { GraphQLResolveInfo } from 'graphql';
import type { MarketContext } from '../loaders.ts';
import { selectedLists } from '../selection.ts';
import { assertBuildingInScope, assertInScope } from '../scope.ts';
import { unconfirmed } from '../unconfirmed.ts';
import { enterpriseConnection, searchFromFilter, type EnterpriseFilterInput } from './connection.ts';

interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

export const Query = {
  /**
   * The registry decides existence: null for a valid USCC nobody is registered under. While the
   * registry cannot be read, existence is unknown, not denied: the enterprise is answered by its
   * key, marked unconfirmed (the response then carries the outage at its path, unconfirmed.ts), so
   * the other departments' fields still resolve; `registration` (the same loader entry) fails with
   * the outage too. Where the registry decides the caller's reach (building staff), the scope
   * check fails with the outage itself: fail closed.
   */
  enterprise: async (_: unknown, { uscc }: { uscc: string }, ctx: MarketContext, info: GraphQLResolveInfo) => {
    assertUscc(uscc);
    let found: unknown;
    try {
      found = await ctx.loaders.registry.load(uscc, selectedLists(info, ['registration']));
    } catch (error) {
      if (!(error instanceof DepartmentUnavailableError)) throw error;
      await assertInScope(ctx, uscc, 'Query.enterprise');
      return unconfirmed({ uscc }, error);
    }
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
