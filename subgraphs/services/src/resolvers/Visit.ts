import type { ServicesContext } from '../context.ts';
import { listRequestsByIds } from '../store/requests.ts';
import type { VisitRow } from '../store/visits.ts';

export const Visit = {
  staff: (v: VisitRow) => v.staffSub,
  // The visit was authorized as a whole; its requests are the same enterprise's.
  requests: (v: VisitRow, _: unknown, ctx: ServicesContext) => listRequestsByIds(ctx.db, v.requestIds),
};
