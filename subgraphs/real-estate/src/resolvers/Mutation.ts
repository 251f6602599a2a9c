import { assertUscc, assertSystemCaller } from '@district/subgraph-kit';
import type { HolderRename } from '../adapter.ts';
import { KIND } from '../cache-policy.ts';
import type { RealEstateContext } from '../loaders.ts';

/**
 * The registry write the bundle orchestrator (services) makes: @inaccessible, called directly on
 * this subgraph with a context signed for role `system`. It goes once through
 * `reads.resilience.write` (the breaker, never a retry: the orchestrator repeats it with the same
 * idempotencyKey, which the adapter turns into the same SerialNo), then drops the holder's cached
 * rights and every renamed unit (their right records carry the holder name) from every instance.
 */
export const Mutation = {
  async realEstateRenameHolder(_: unknown, { input }: { input: HolderRename & { idempotencyKey: string } }, ctx: RealEstateContext) {
    assertSystemCaller(ctx.caller, 'register a holder name change');
    const { idempotencyKey, ...rename } = input;
    assertUscc(rename.uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.renameHolder(idempotencyKey, rename));
    await Promise.all([ctx.reads.invalidate(KIND.holdings, [rename.uscc]), result.unitNos.length ? ctx.reads.invalidate(KIND.unit, result.unitNos) : undefined]);
    return { uscc: result.uscc, renamedRights: result.renamedRights };
  },
};
