import { createHash } from 'node:crypto';
import { z } from 'zod';
import { badUserInput, checkUscc, conflict, DEPARTMENT_LABELS, forbidden, quoteInput, type Caller, type Department } from '@district/domain';
import { CHANNELS, isPoor } from '../bundles/evaluation-rules.ts';
import type { DepartmentFacts } from '../departments/facts.ts';
import type { Db } from '../store/db.ts';
import { closeRequestFollowUpRow, getRequest, insertRequest, moveRequest, transitionByKey, type RequestRow } from '../store/requests.ts';
import { dueAt } from './calendar.ts';
import { categoryOf, REQUEST_CATEGORIES } from './categories.ts';
import { fromStateOf, MAY, mayRaise, mayRead, REQUEST_ACTIONS, transitionMessage, type RequestAction } from './rules.ts';

/**
 * The 诉求 loop done (rules.ts says the states and who; categories.ts the routes and limits): raising
 * a request, moving it along, rating it. Not found and not yours read the same (FORBIDDEN), so a
 * caller cannot probe other enterprises' requests.
 */
/** 整改时限 of a 差评 on a request, in working days (domain.md §4.4: locally often ≤ 15). */
export const REQUEST_FOLLOW_UP_WORKING_DAYS = 15;

const key = z.string().trim().min(8, '幂等键须为8至128个字符 — 8–128 characters').max(128, '幂等键须为8至128个字符 — 8–128 characters');
const note = z.string().trim().max(2000, '至多2000字 — at most 2000 characters').optional().nullable();
const RaiseSchema = z.object({
  idempotencyKey: key,
  uscc: z.string().refine((u) => checkUscc(u).valid, '统一社会信用代码无效 — not a valid USCC'),
  category: z.enum(REQUEST_CATEGORIES.map((c) => c.code) as [string, ...string[]], { message: `one of ${REQUEST_CATEGORIES.map((c) => c.code).join(', ')}` }),
  title: z.string().trim().min(1, '标题必填 — a title is required').max(200, '至多200字 — at most 200 characters'),
  detail: note,
});
const AdvanceSchema = z.object({
  idempotencyKey: key, id: z.string().min(1).max(64),
  action: z.enum(['DISPATCH', 'SIGN', 'START', 'ANSWER', 'CALL_BACK', 'CLOSE']), note,
});
const RateSchema = z.object({
  idempotencyKey: key, id: z.string().min(1).max(64),
  level: z.number().int().min(1, '1（非常不满意）至 5（非常满意） — 1 to 5').max(5, '1（非常不满意）至 5（非常满意） — 1 to 5'),
  channel: z.enum(CHANNELS), comment: z.string().trim().max(1000, '至多1000字 — at most 1000 characters').optional().nullable(),
});

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw badUserInput(`${what}有误 — ${problems.join('; ')}`, { problems });
}

const notYours = (id: string) => forbidden(`无权查看或办理该诉求 — you may not see or act on request ${quoteInput(id)}`, { requestId: id });

export async function raiseRequest(db: Db, caller: Caller, input: unknown, facts: DepartmentFacts, now = new Date()): Promise<RequestRow> {
  const r = parse(RaiseSchema, input, '诉求');
  // The building is the registry's, not the caller's word: staff reach only their buildings' enterprises.
  const building = await facts.buildingOf(r.uscc, caller.requestId);
  if (!mayRaise(caller, r.uscc, building)) {
    throw forbidden('只有企业本身、其所在楼宇的楼小二或窗口人员可以提出诉求 — only the enterprise itself, the staff of its building or window staff may raise its request', { uscc: r.uscc });
  }
  const category = categoryOf(r.category)!;
  const detail = r.detail || null;
  const requestHash = createHash('sha256').update(JSON.stringify([r.uscc, r.category, r.title, detail, caller.sub, caller.role])).digest('hex');
  const stored = await insertRequest(db, {
    idempotencyKey: r.idempotencyKey, requestHash, uscc: r.uscc, buildingId: building, category: category.code, department: category.department,
    title: r.title, detail, dueAt: dueAt(now, category.limitWorkingDays).toISOString(), actorSub: caller.sub, actorRole: caller.role, at: now.toISOString(),
  });
  if (!stored.created && stored.requestHash !== requestHash) {
    throw conflict(`幂等键已用于另一诉求 — idempotency key ${quoteInput(r.idempotencyKey)} was used for a different request`, { idempotencyKey: r.idempotencyKey });
  }
  return stored.request;
}

export async function readRequest(db: Db, caller: Caller, id: string): Promise<RequestRow> {
  const request = await getRequest(db, id);
  if (!request || !mayRead(caller, request)) throw notYours(id);
  return request;
}

async function move(db: Db, caller: Caller, id: string, action: RequestAction, idempotencyKey: string, text: string | null, now: Date, rating?: { level: number; comment: string | null; channel: string }): Promise<RequestRow> {
  const request = await getRequest(db, id);
  if (!request || !mayRead(caller, request)) throw notYours(id);
  if (!MAY[action].may(caller, request)) throw forbidden(`无权${action}该诉求，须由${MAY[action].who}办理 — ${action} is for ${MAY[action].who.split(' — ')[1]}`, { requestId: id, action });
  const replay = async () => {
    const done = await transitionByKey(db, idempotencyKey);
    if (done && done.requestId === id && done.action === action) return (await getRequest(db, id))!;
    if (done) throw conflict(`幂等键已用于另一操作 — idempotency key ${quoteInput(idempotencyKey)} was used for a different move`, { idempotencyKey });
    return null;
  };
  const replayed = await replay();
  if (replayed) return replayed;
  const to = REQUEST_ACTIONS[action];
  const poor = rating && isPoor(rating.level);
  const outcome = await moveRequest(db, {
    id, action, from: fromStateOf(action), to, actorSub: caller.sub, actorRole: caller.role, note: text, idempotencyKey, at: now.toISOString(),
    rating: rating && {
      ...rating,
      // A 差评 opens a follow-up (整改) owned by the department that answered, as bundles' ratings do.
      followUpOwner: poor ? (DEPARTMENT_LABELS[request.department as Department] ?? request.department) : null,
      followUpDueAt: poor ? dueAt(now, REQUEST_FOLLOW_UP_WORKING_DAYS).toISOString() : null,
    },
  });
  if (outcome.moved) return (await getRequest(db, id))!;
  if (outcome.current === 'DUPLICATE') return (await replay()) ?? (await getRequest(db, id))!;
  throw conflict(transitionMessage(outcome.current, to), { requestId: id, state: outcome.current, attempted: to });
}

export async function advanceRequest(db: Db, caller: Caller, input: unknown, now = new Date()): Promise<RequestRow> {
  const a = parse(AdvanceSchema, input, '诉求办理');
  return move(db, caller, a.id, a.action, a.idempotencyKey, a.note || null, now);
}

export async function rateRequest(db: Db, caller: Caller, input: unknown, now = new Date()): Promise<RequestRow> {
  const r = parse(RateSchema, input, '评价');
  return move(db, caller, r.id, 'RATE', r.idempotencyKey, null, now, { level: r.level, comment: r.comment || null, channel: r.channel });
}

const CloseSchema = z.object({
  id: z.string().min(1).max(64),
  actions: z.string().trim().min(1, '整改措施必填 — the actions taken are required').max(2000, '至多2000字 — at most 2000 characters'),
  revisitLevel: z.number().int().min(1, '回访满意度 1 至 5 — 1 to 5').max(5, '回访满意度 1 至 5 — 1 to 5'),
});

/** 整改 and 回访 of a request's 差评 done, by those who close requests (the building's staff, the window). */
export async function closeRequestFollowUp(db: Db, caller: Caller, input: unknown, now = new Date()): Promise<RequestRow> {
  const c = parse(CloseSchema, input, '整改记录');
  const request = await getRequest(db, c.id);
  if (!request || !mayRead(caller, request)) throw notYours(c.id);
  if (!MAY.CLOSE.may(caller, request)) throw forbidden(`整改须由${MAY.CLOSE.who}办结 — a follow-up is closed by ${MAY.CLOSE.who.split(' — ')[1]}`, { requestId: c.id });
  const closed = await closeRequestFollowUpRow(db, { id: c.id, actions: c.actions, revisitLevel: c.revisitLevel, closedBy: caller.sub, at: now.toISOString() });
  if (!closed) throw conflict(`该诉求没有待整改的差评 — request ${quoteInput(c.id)} has no open follow-up`, { requestId: c.id });
  return request;
}
