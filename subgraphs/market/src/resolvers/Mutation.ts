import { assertUscc, assertSystemCaller } from '@district/common';
import type { ChangeInput, DeregistrationInput, EstablishmentInput } from '../adapter.ts';
import { REGISTRATION_KIND, registrationKeys } from '../cache-policy.ts';
import type { MarketContext } from '../context.ts';

/**
 * The registry writes the bundle orchestrator (services) makes: @inaccessible, not part of the
 * public graph, called directly on this subgraph with a context signed for role `system`. Each
 * goes once through `reads.resilience.write` (the breaker, never a retry: the orchestrator repeats
 * a write, with the same idempotencyKey, and the registry replays its first reply), then drops
 * what it made stale from every instance's cache.
 */
type WithKey<T> = { input: T & { idempotencyKey: string } };

export const Mutation = {
  async marketEstablish(_: unknown, { input }: WithKey<EstablishmentInput>, ctx: MarketContext) {
    assertSystemCaller(ctx.caller, 'establish an enterprise');
    const { idempotencyKey, ...form } = input;
    const result = await ctx.reads.resilience.write(() => ctx.adapter.establish(idempotencyKey, form));
    // A "not found" of this USCC may be cached from before it existed.
    await ctx.reads.invalidate(REGISTRATION_KIND, registrationKeys(result.uscc));
    return result;
  },

  async marketChange(_: unknown, { input }: WithKey<ChangeInput & { uscc: string }>, ctx: MarketContext) {
    assertSystemCaller(ctx.caller, 'change a registration');
    const { idempotencyKey, uscc, ...change } = input;
    assertUscc(uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.change(idempotencyKey, uscc, change));
    await ctx.reads.invalidate(REGISTRATION_KIND, registrationKeys(uscc));
    return result;
  },

  async marketDeregister(_: unknown, { input }: WithKey<DeregistrationInput & { uscc: string }>, ctx: MarketContext) {
    assertSystemCaller(ctx.caller, 'deregister an enterprise');
    const { idempotencyKey, uscc, ...request } = input;
    assertUscc(uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.deregister(idempotencyKey, uscc, request));
    await ctx.reads.invalidate(REGISTRATION_KIND, registrationKeys(uscc));
    return result;
  },
};
