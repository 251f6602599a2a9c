import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import type { ServicesContext } from '../context.ts';
import { listBuildings } from '../store/buildings.ts';

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
};
