import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { badUserInput, checkUscc, conflict, forbidden, quoteInput, type Caller } from '@district/domain';
import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import type { DepartmentFacts } from '../departments/facts.ts';
import type { Db } from '../store/db.ts';
import { insertVisit, listVisits, requestsOf, type VisitRow } from '../store/visits.ts';
import { isBuildingStaffOf, isEnterpriseItself } from './rules.ts';

/**
 * 走楼访企: building staff record their visits to the enterprises of their buildings (the building is
 * the market registry's, as for requests), and read them back within their grant, newest first.
 */
export const VISIT_TOPICS = ['POLICY', 'HIRING', 'FINANCING', 'PREMISES', 'PERMITS', 'OTHER'] as const;

const VisitSchema = z.object({
  idempotencyKey: z.string().trim().min(8, '幂等键须为8至128个字符 — 8–128 characters').max(128, '幂等键须为8至128个字符 — 8–128 characters'),
  uscc: z.string().refine((u) => checkUscc(u).valid, '统一社会信用代码无效 — not a valid USCC'),
  visitedAt: z.string().datetime({ offset: true, message: '走访时间须为 ISO 8601 — an ISO 8601 date-time' }),
  met: z.string().trim().min(1, '接待人必填 — who was met is required').max(200, '至多200字 — at most 200 characters'),
  topics: z.array(z.enum(VISIT_TOPICS)).min(1, '至少一个议题 — at least one topic').max(VISIT_TOPICS.length),
  notes: z.string().trim().max(4000, '至多4000字 — at most 4000 characters').optional().nullable(),
  requestIds: z.array(z.string().min(1).max(64)).max(50).optional().nullable(),
});

export async function recordVisit(db: Db, caller: Caller, input: unknown, facts: DepartmentFacts, now = new Date()): Promise<VisitRow> {
  const parsed = VisitSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw badUserInput(`走访记录有误 — ${problems.join('; ')}`, { problems });
  }
  const v = parsed.data;
  if (Date.parse(v.visitedAt) > now.getTime() + 5 * 60_000) throw badUserInput('走访时间不能在将来 — visitedAt is in the future', { problems: ['visitedAt: not in the future'] });
  const building = await facts.buildingOf(v.uscc, caller.requestId);
  if (!building || !isBuildingStaffOf(caller, building)) {
    throw forbidden('只有企业所在楼宇的楼小二可以记录走访 — only the staff of the enterprise\'s building may record a visit to it', { uscc: v.uscc });
  }
  const requestIds = [...new Set(v.requestIds ?? [])];
  const known = await requestsOf(db, v.uscc, requestIds);
  const unknown = requestIds.filter((id) => !known.includes(id));
  if (unknown.length) throw badUserInput(`诉求不属于该企业 — not requests of this enterprise: ${unknown.map((id) => quoteInput(id)).join(', ')}`, { problems: unknown.map((id) => `requestIds: ${id}`) });
  const topics = [...new Set(v.topics)];
  const requestHash = createHash('sha256').update(JSON.stringify([v.uscc, v.visitedAt, v.met, topics, v.notes ?? null, requestIds, caller.sub])).digest('hex');
  const stored = await insertVisit(db, {
    id: `ZF-${randomUUID()}`, idempotencyKey: v.idempotencyKey, requestHash, uscc: v.uscc, buildingId: building, visitedAt: new Date(v.visitedAt).toISOString(),
    met: v.met, topics, notes: v.notes || null, requestIds, staffSub: caller.sub,
  });
  if (stored.requestHash !== requestHash) throw conflict(`幂等键已用于另一走访 — idempotency key ${quoteInput(v.idempotencyKey)} was used for a different visit`, { idempotencyKey: v.idempotencyKey });
  return stored.visit;
}

const page = (rows: VisitRow[], total: number, offset: number) => {
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return { edges, totalCount: total, pageInfo: { hasNextPage: offset + rows.length < total, endCursor: edges.at(-1)?.cursor ?? null } };
};
type Paging = { first?: number | null; after?: string | null };

export async function buildingVisits(db: Db, caller: Caller, buildingId: string, args: Paging) {
  if (!isBuildingStaffOf(caller, buildingId) && caller.role !== 'window-staff') {
    throw forbidden(`只有本楼楼小二和窗口人员可以查看走访记录 — building ${buildingId} is not one of the caller's buildings`, { field: 'Building.visits' });
  }
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const { rows, total } = await listVisits(db, { buildingId }, offset, limit);
  return page(rows, total, offset);
}

export async function enterpriseVisits(db: Db, caller: Caller, uscc: string, args: Paging) {
  let buildings: string[] | undefined;
  if (caller.role === 'building-staff' && caller.purpose === 'BUILDING_SERVICE') buildings = caller.buildings ?? [];
  else if (!isEnterpriseItself(caller, uscc) && caller.role !== 'window-staff') {
    throw forbidden('只有企业本身、楼小二和窗口人员可以查看走访记录 — only the enterprise itself, building staff and window staff may list its visits', { field: 'Enterprise.visits' });
  }
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const { rows, total } = await listVisits(db, { uscc, buildings }, offset, limit);
  return page(rows, total, offset);
}
