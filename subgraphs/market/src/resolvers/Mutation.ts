import { assertUscc, assertSystemCaller } from '@district/subgraph-kit';
import { type DepartmentReads } from '@district/department-access';
import type { ChangeInput, DeregistrationInput, EstablishmentInput } from '../adapter.ts';
import { REGISTRATION_KIND, SEARCH_KIND, registrationKeys } from '../cache-policy.ts';
import type { MarketContext } from '../loaders.ts';

/**
 * The registry writes the bundle orchestrator (services) makes: @inaccessible, not part of the
 * public graph, called directly on this subgraph with a context signed for role `system`. Each
 * goes once through `reads.resilience.write` (the breaker, never a retry: the orchestrator repeats
 * a write, with the same idempotencyKey, and the registry replays its first reply), then drops
 * what it made stale from every instance's cache (staleAfterWrite).
 */
type WithKey<T> = { input: T & { idempotencyKey: string } };

/**
 * What a registration act makes stale: the enterprise's record and lists (a "not found" of a USCC
 * just issued, too), and every search page — a new, renamed, moved or closed enterprise joins,
 * leaves or changes rows of searches by name, building and status alike, and shifts the pages
 * after it, so no key says which; searches are dropped as a whole (DepartmentReads.invalidateKind).
 */
async function staleAfterWrite(reads: DepartmentReads, uscc: string): Promise<void> {
  await Promise.all([reads.invalidate(REGISTRATION_KIND, registrationKeys(uscc)), reads.invalidateKind(SEARCH_KIND)]);
}

export const Mutation = {
  async marketEstablish(_: unknown, { input }: WithKey<EstablishmentInput>, ctx: MarketContext) {
    assertSystemCaller(ctx.caller, 'establish an enterprise');
    const { idempotencyKey, ...form } = input;
    const result = await ctx.reads.resilience.write(() => ctx.adapter.establish(idempotencyKey, form));
    await staleAfterWrite(ctx.reads, result.uscc);
    return result;
  },

  async marketChange(_: unknown, { input }: WithKey<ChangeInput & { uscc: string }>, ctx: MarketContext) {
    assertSystemCaller(ctx.caller, 'change a registration');
    const { idempotencyKey, uscc, ...change } = input;
    assertUscc(uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.change(idempotencyKey, uscc, change));
    await staleAfterWrite(ctx.reads, uscc);
    return result;
  },

  async marketDeregister(_: unknown, { input }: WithKey<DeregistrationInput & { uscc: string }>, ctx: MarketContext) {
    assertSystemCaller(ctx.caller, 'deregister an enterprise');
    const { idempotencyKey, uscc, ...request } = input;
    assertUscc(uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.deregister(idempotencyKey, uscc, request));
    await staleAfterWrite(ctx.reads, uscc);
    return result;
  },
};
