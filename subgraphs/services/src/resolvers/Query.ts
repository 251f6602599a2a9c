import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import type { ServicesContext } from '../context.ts';
import type { BundleKind } from '../bundles/definitions.ts';
import { listFollowUps } from '../bundles/evaluation.ts';
import type { FollowUpStatus } from '../bundles/evaluation-rules.ts';
import { REQUIREMENTS } from '../bundles/requirements.ts';
import { readBundle } from '../bundles/submit.ts';
import { verifyCertificate } from '../certificates/issue.ts';
import { delegationsOf } from '../delegations/delegations.ts';
import { listBuildings } from '../store/buildings.ts';
import { vacantUnits } from '../premises/search.ts';
import type { VacantUnitOrder } from '../store/premises.ts';
import { REQUEST_CATEGORIES } from '../requests/categories.ts';
import { readRequest } from '../requests/flow.ts';
import { buildingOpenRequests } from '../requests/lists.ts';
import { supervisorQueue } from '../requests/escalation.ts';

export const Query = {
  building: (_: unknown, { id }: { id: string }, ctx: ServicesContext) => ctx.loaders.building.load(id),

  buildings: async (_: unknown, args: { first?: number; after?: string }, ctx: ServicesContext) => {
    const limit = pageSize(args.first);
    const offset = decodeCursor(args.after);
    const { rows, total } = await listBuildings(ctx.db, offset, limit);
    for (const row of rows) ctx.loaders.building.prime(row.id, row);
    const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
    return {
      edges,
      totalCount: total,
      pageInfo: { hasNextPage: offset + rows.length < total, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },

  vacantUnits: (_: unknown, args: { filter?: Record<string, unknown> | null; orderBy?: VacantUnitOrder | null; first?: number | null; after?: string | null }, ctx: ServicesContext) => vacantUnits(ctx.db, args),

  bundle: (_: unknown, { id }: { id: string }, ctx: ServicesContext) => readBundle(ctx.db, ctx.caller, id),
  bundleRequirements: (_: unknown, { kind }: { kind: BundleKind }) => REQUIREMENTS[kind],

  request: (_: unknown, { id }: { id: string }, ctx: ServicesContext) => readRequest(ctx.db, ctx.caller, id),
  buildingOpenRequests: (_: unknown, args: { buildingId: string; first?: number; after?: string }, ctx: ServicesContext) => buildingOpenRequests(ctx.db, ctx.caller, args.buildingId, args),
  requestCategories: () => REQUEST_CATEGORIES,
  escalatedRequests: (_: unknown, args: { first?: number; after?: string }, ctx: ServicesContext) => supervisorQueue(ctx.db, ctx.caller, args),
  verifyCertificate: (_: unknown, { code }: { code: string }, ctx: ServicesContext) => verifyCertificate(ctx.db, ctx.caller, code, ctx.certificates.signer, ctx.logger),

  delegations: (_: unknown, args: { first?: number; after?: string }, ctx: ServicesContext) => delegationsOf(ctx.db, ctx.caller, args),

  followUps: (_: unknown, args: { status?: FollowUpStatus | null; first?: number | null }, ctx: ServicesContext) => listFollowUps(ctx.db, ctx.caller, args.status, args.first),
};
