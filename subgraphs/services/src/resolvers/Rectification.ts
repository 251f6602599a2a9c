import type { ServicesContext } from '../context.ts';
import { evaluationById, type FollowUp } from '../store/evaluations.ts';

/** 整改: a 差评's follow-up. */
export const Rectification = {
  evaluation: (f: FollowUp, _: unknown, ctx: ServicesContext) => evaluationById(ctx.db, f.evaluationId),
};
