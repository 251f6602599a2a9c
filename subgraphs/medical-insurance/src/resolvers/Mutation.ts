import { assertUscc, assertSystemCaller } from '@district/subgraph-kit';
import type { EmployerRegistrationInput } from '../adapter.ts';
import { cacheKey, KIND } from '../cache-policy.ts';
import type { MedicalInsuranceContext } from '../loaders.ts';

/**
 * The 医保 platform writes the bundle orchestrator (services) makes: @inaccessible, called directly
 * on this subgraph with a context signed for role `system`. Each goes once through
 * `reads.resilience.write` (the breaker, never a retry: the orchestrator repeats it with the same
 * idempotencyKey, which the adapter turns into the same msgid), then drops every cached record of
 * the employer from every instance (registration, status, arrears, contributions, headcounts).
 */
const invalidateEmployer = (ctx: MedicalInsuranceContext, uscc: string) =>
  Promise.all(Object.values(KIND).map((kind) => ctx.reads.invalidate(kind, [cacheKey(uscc)])));

type Keyed<T> = { input: T & { idempotencyKey: string } };

export const Mutation = {
  async insuranceRegisterEmployer(_: unknown, { input }: Keyed<EmployerRegistrationInput>, ctx: MedicalInsuranceContext) {
    assertSystemCaller(ctx.caller, 'register an employer');
    const { idempotencyKey, ...form } = input;
    assertUscc(form.uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.registerEmployer(idempotencyKey, form));
    await invalidateEmployer(ctx, form.uscc);
    return result;
  },

  async insuranceChangeEmployer(_: unknown, { input }: Keyed<{ uscc: string; name?: string | null; address?: string | null }>, ctx: MedicalInsuranceContext) {
    assertSystemCaller(ctx.caller, 'change an employer');
    const { idempotencyKey, uscc, ...change } = input;
    assertUscc(uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.changeEmployer(idempotencyKey, uscc, change));
    await invalidateEmployer(ctx, uscc);
    return result;
  },

  async insuranceCloseEmployer(_: unknown, { input }: Keyed<{ uscc: string; reason?: string | null }>, ctx: MedicalInsuranceContext) {
    assertSystemCaller(ctx.caller, 'close an employer');
    const { idempotencyKey, uscc, reason } = input;
    assertUscc(uscc, 'input.uscc');
    const result = await ctx.reads.resilience.write(() => ctx.adapter.closeEmployer(idempotencyKey, uscc, reason));
    await invalidateEmployer(ctx, uscc);
    return result;
  },
};
