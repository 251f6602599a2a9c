import type { ServicesContext } from '../context.ts';
import { isPoor } from '../bundles/evaluation-rules.ts';
import { followUpOfEvaluation, type Evaluation as StoredEvaluation } from '../store/evaluations.ts';

export const Evaluation = {
  poor: (e: StoredEvaluation) => isPoor(e.level),
  followUp: (e: StoredEvaluation, _: unknown, ctx: ServicesContext) => followUpOfEvaluation(ctx.db, e.id),
};
