import type { ServicesContext } from '../context.ts';
import { evaluationFor } from '../bundles/evaluation.ts';
import type { Bundle as StoredBundle } from '../store/bundles.ts';

export const Bundle = {
  // An opening's enterprise has its USCC once the market step issued it.
  uscc: (b: StoredBundle) => b.uscc ?? b.results.uscc ?? null,
  evaluation: (b: StoredBundle, _: unknown, ctx: ServicesContext) => evaluationFor(ctx.db, ctx.caller, b),
};
