import type { ServicesContext } from '../context.ts';
import { isPoor } from '../bundles/evaluation-rules.ts';
import { categoryOf } from '../requests/categories.ts';
import { isOpen } from '../requests/rules.ts';
import type { RatingRow, RequestRow } from '../store/requests.ts';

export const EnterpriseRequest = {
  enterprise: (r: RequestRow) => ({ __typename: 'Enterprise', uscc: r.uscc }),
  category: (r: RequestRow) => categoryOf(r.category),
  overdue: (r: RequestRow) => isOpen(r.state) && Date.parse(r.dueAt) < Date.now(),
  transitions: (r: RequestRow, _: unknown, ctx: ServicesContext) => ctx.loaders.requestTransitions.load(r.id),
  rating: (r: RequestRow, _: unknown, ctx: ServicesContext) => ctx.loaders.requestRating.load(r.id),
};

export const RequestTransition = {
  actor: (t: { actorSub: string }) => t.actorSub,
};

export const RequestRating = {
  poor: (r: RatingRow) => isPoor(r.level),
};
