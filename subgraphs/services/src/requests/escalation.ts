import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import { forbidden, type Caller } from '@district/domain';
import type { Db } from '../store/db.ts';
import { escalationQueue } from '../store/request-escalation.ts';

/**
 * The supervisor queue (督办) a caller may read: a department officer on department cases their own
 * department's; window staff the one of requests routed to SERVICES (the building staff's own).
 */
export async function supervisorQueue(db: Db, caller: Caller, args: { first?: number | null; after?: string | null }) {
  const department = caller.role === 'department-officer' && caller.purpose === 'DEPARTMENT_CASE' ? caller.department
    : caller.role === 'window-staff' ? 'SERVICES' : undefined;
  if (!department) throw forbidden('只有部门人员（办件）和窗口人员可以查看督办队列 — only department officers on department cases and window staff may read a supervisor queue', { field: 'Query.escalatedRequests' });
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const { rows, total } = await escalationQueue(db, department, offset, limit);
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return { edges, totalCount: total, pageInfo: { hasNextPage: offset + rows.length < total, endCursor: edges.at(-1)?.cursor ?? null } };
}
