import { assertUscc, assertSystemCaller } from '@district/subgraph-kit';
import type { NewTaxpayerInput } from '../adapter.ts';
import { QUERY_KINDS } from '../codes.ts';
import type { TaxContext } from '../loaders.ts';

/**
 * The bus writes the bundle orchestrator (services) makes: @inaccessible, called directly on this
 * subgraph with a context signed for role `system`. Each goes once through
 * `reads.resilience.write` (the breaker, never a retry: the orchestrator repeats it with the same
 * idempotencyKey, which the adapter turns into the same tranSeq), then drops every cached block of
 * the taxpayer from every instance: a confirmation ends a cached "not found", a clearance changes
 * the status, the 清税证明 and the invoice quota.
 */
const invalidateTaxpayer = (ctx: TaxContext, uscc: string) => Promise.all(QUERY_KINDS.map((kind) => ctx.reads.invalidate(kind, [uscc])));

export const Mutation = {
  async taxConfirmNewTaxpayer(_: unknown, { input }: { input: NewTaxpayerInput & { idempotencyKey: string } }, ctx: TaxContext) {
    assertSystemCaller(ctx.caller, 'confirm a new taxpayer');
    const { idempotencyKey, ...form } = input;
    assertUscc(form.uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.confirmNewTaxpayer(idempotencyKey, form));
    await invalidateTaxpayer(ctx, form.uscc);
    return result;
  },

  async taxApplyClearance(_: unknown, { input }: { input: { idempotencyKey: string; uscc: string } }, ctx: TaxContext) {
    assertSystemCaller(ctx.caller, 'apply for tax clearance');
    assertUscc(input.uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.applyClearance(input.idempotencyKey, input.uscc));
    await invalidateTaxpayer(ctx, input.uscc);
    return result;
  },
};
