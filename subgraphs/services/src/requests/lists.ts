import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import { forbidden, type Caller } from '@district/domain';
import type { Db } from '../store/db.ts';
import { listRequests, type RequestRow } from '../store/requests.ts';
import { isBuildingStaffOf, isEnterpriseItself } from './rules.ts';

/** The request lists, each within the caller's grant: an enterprise's requests, a building's open ones. */
const page = (rows: RequestRow[], total: number, offset: number) => {
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return { edges, totalCount: total, pageInfo: { hasNextPage: offset + rows.length < total, endCursor: edges.at(-1)?.cursor ?? null } };
};

export async function enterpriseRequests(db: Db, caller: Caller, uscc: string, args: { first?: number | null; after?: string | null }) {
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  let buildings: string[] | undefined;
  if (caller.role === 'building-staff' && caller.purpose === 'BUILDING_SERVICE') buildings = caller.buildings ?? [];
  else if (!isEnterpriseItself(caller, uscc) && caller.role !== 'window-staff' && !(caller.role === 'auditor' && caller.purpose === 'AUDIT') && caller.role !== 'system') {
    throw forbidden('只有企业本身、楼小二和窗口人员可以查看企业诉求 — only the enterprise itself, building staff and window staff may list its requests', { field: 'Enterprise.requests' });
  }
  const { rows, total } = await listRequests(db, { uscc, buildings }, offset, limit);
  return page(rows, total, offset);
}

export async function buildingOpenRequests(db: Db, caller: Caller, buildingId: string, args: { first?: number | null; after?: string | null }) {
  if (!isBuildingStaffOf(caller, buildingId) && caller.role !== 'window-staff') {
    throw forbidden(`只有本楼楼小二和窗口人员可以查看楼宇诉求 — building ${buildingId} is not one of the caller's buildings`, { field: 'Query.buildingOpenRequests' });
  }
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const { rows, total } = await listRequests(db, { buildingId, open: true }, offset, limit);
  return page(rows, total, offset);
}
