import { badUserInput, conflict, forbidden, preconditionFailed, type Caller } from '@district/domain';
import { quoteInput } from '@district/domain';
import type { Db } from '../store/db.ts';
import { getBundle, type Bundle } from './store.ts';
import { PURPOSE_OF } from './definitions.ts';

/**
 * 好差评 (domain.md §4.4, 国办发〔2019〕51号): the applicant rates a completed bundle once (一事一评);
 * a 差评 (level 1 or 2) opens a follow-up (整改) that window staff must close with the actions taken
 * and the 回访 result. The evaluator's identity is stored for the record and never returned.
 */
export const CHANNELS = ['WINDOW_DEVICE', 'ONLINE', 'APP', 'QR_CODE', 'KIOSK', 'HOTLINE_12345'] as const;
export type Channel = (typeof CHANNELS)[number];
export type FollowUpStatus = 'OPEN' | 'VERIFIED' | 'RECTIFIED' | 'REVISITED' | 'CLOSED';
export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['OPEN', 'VERIFIED', 'RECTIFIED', 'REVISITED', 'CLOSED'];

/** 整改时限: locally ≤ 15 working days (domain.md §4.4 ~), taken as 21 calendar days. */
export const FOLLOW_UP_DUE_CALENDAR_DAYS = 21;
/** 整改责任单位: the one-window service centre answers for its bundles. */
export const FOLLOW_UP_OWNER = '崂山区政务服务中心（一窗受理）';
/** 差评: level 1 (非常不满意) or 2 (不满意). */
export const isPoor = (level: number) => level <= 2;

export interface Evaluation {
  id: string; bundleId: string; itemCode: string; level: number; comment: string | null; channel: Channel; at: string;
}
export interface FollowUp {
  id: string; bundleId: string; evaluationId: string; status: FollowUpStatus; owner: string; dueAt: string;
  actions: string | null; revisitLevel: number | null; createdAt: string; closedAt: string | null;
}

type Query = Pick<Db, 'query'>;
const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const EVALUATION_COLUMNS = 'id, bundle_id, item_code, level, comment, channel, created_at';
const toEvaluation = (r: any): Evaluation => ({ id: r.id, bundleId: r.bundle_id, itemCode: r.item_code, level: r.level, comment: r.comment, channel: r.channel, at: iso(r.created_at)! });
const FOLLOW_UP_COLUMNS = 'id, bundle_id, evaluation_id, status, owner, due_at, actions, revisit_level, created_at, closed_at';
const toFollowUp = (r: any): FollowUp => ({
  id: r.id, bundleId: r.bundle_id, evaluationId: r.evaluation_id, status: r.status, owner: r.owner, dueAt: iso(r.due_at)!,
  actions: r.actions, revisitLevel: r.revisit_level, createdAt: iso(r.created_at)!, closedAt: iso(r.closed_at),
});

/** The bundle's applicant: the caller who submitted it, or the enterprise itself. */
export function isApplicant(caller: Caller, bundle: Bundle): boolean {
  if (caller.sub === bundle.applicantSub && caller.role === bundle.applicantRole) return true;
  const uscc = bundle.uscc ?? (bundle.results.uscc as string | undefined) ?? null;
  return caller.role === 'enterprise' && !!uscc && caller.uscc === uscc;
}

/** Window staff acting for a bundle purpose: they handle follow-ups. */
export const isWindowStaff = (caller: Caller) => caller.role === 'window-staff' && !!caller.purpose && Object.values(PURPOSE_OF).includes(caller.purpose);

export interface RateInput { bundleId?: unknown; level?: unknown; comment?: unknown; channel?: unknown }

export async function rateBundle(db: Db, caller: Caller, input: RateInput, now = new Date()): Promise<Evaluation> {
  const bundleId = text(input.bundleId);
  const bundle = bundleId ? await getBundle(db, bundleId) : null;
  // Not found and not yours read the same, so the error tells nothing of other people's cases.
  if (!bundle || !isApplicant(caller, bundle)) {
    throw forbidden('只有办件申请人可以评价 — only the applicant of a bundle (or the enterprise itself) may rate it', { bundleId });
  }
  const problems: string[] = [];
  const level = input.level;
  if (!Number.isInteger(level) || (level as number) < 1 || (level as number) > 5) problems.push('level: 1（非常不满意）至 5（非常满意） — an integer from 1 to 5');
  const channel = input.channel as Channel;
  if (!CHANNELS.includes(channel)) problems.push(`channel: one of ${CHANNELS.join(', ')}`);
  const comment = text(input.comment) || null;
  if (comment && comment.length > 1000) problems.push('comment: 至多1000字 — at most 1000 characters');
  if (problems.length) throw badUserInput(`评价有误 — ${problems.join('; ')}`, { problems });
  if (bundle.status !== 'COMPLETED') {
    const reason = `办件尚未办结（${bundle.status}） — the bundle is ${bundle.status}; only a COMPLETED bundle can be rated`;
    throw preconditionFailed(reason, [reason]);
  }
  const id = `${bundle.id}-E`;
  const created = await db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO evaluation (id, bundle_id, item_code, level, comment, channel, evaluator_sub, evaluator_role, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (bundle_id) DO NOTHING RETURNING id`,
      [id, bundle.id, bundle.kind, level, comment, channel, caller.sub, caller.role, now.toISOString()],
    );
    if (!inserted.length) return false;
    if (isPoor(level as number)) {
      const dueAt = new Date(now.getTime() + FOLLOW_UP_DUE_CALENDAR_DAYS * 86_400_000);
      await tx.query(
        `INSERT INTO follow_up (id, evaluation_id, bundle_id, status, owner, due_at, created_at, updated_at) VALUES ($1, $2, $3, 'OPEN', $4, $5, $6, $6)`,
        [`${bundle.id}-R`, id, bundle.id, FOLLOW_UP_OWNER, dueAt.toISOString(), now.toISOString()],
      );
    }
    return true;
  });
  if (!created) throw conflict(`办件已评价 — bundle ${bundle.id} has already been rated (一事一评)`, { bundleId: bundle.id });
  return (await evaluationOfBundle(db, bundle.id))!;
}

export async function evaluationOfBundle(db: Query, bundleId: string): Promise<Evaluation | null> {
  const [row] = await db.query(`SELECT ${EVALUATION_COLUMNS} FROM evaluation WHERE bundle_id = $1`, [bundleId]);
  return row ? toEvaluation(row) : null;
}

export async function evaluationById(db: Query, id: string): Promise<Evaluation | null> {
  const [row] = await db.query(`SELECT ${EVALUATION_COLUMNS} FROM evaluation WHERE id = $1`, [id]);
  return row ? toEvaluation(row) : null;
}

export async function followUpOfEvaluation(db: Query, evaluationId: string): Promise<FollowUp | null> {
  const [row] = await db.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up WHERE evaluation_id = $1`, [evaluationId]);
  return row ? toFollowUp(row) : null;
}

function assertWindowStaff(caller: Caller): void {
  if (!isWindowStaff(caller)) throw forbidden('只有窗口人员可以处理差评整改 — only window staff acting for a bundle purpose may see and close follow-ups');
}

export async function listFollowUps(db: Query, caller: Caller, status?: FollowUpStatus | null, first?: number | null): Promise<FollowUp[]> {
  assertWindowStaff(caller);
  const limit = Math.min(Math.max(first ?? 50, 1), 200);
  const rows = status
    ? await db.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up WHERE status = $1 ORDER BY due_at, id LIMIT $2`, [status, limit])
    : await db.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up ORDER BY due_at, id LIMIT $1`, [limit]);
  return rows.map(toFollowUp);
}

export interface CloseInput { id?: unknown; actions?: unknown; revisitLevel?: unknown }

/** 整改 and 回访 done: the actions taken and the applicant's level on the return visit; closes the follow-up. */
export async function closeFollowUp(db: Db, caller: Caller, input: CloseInput, now = new Date()): Promise<FollowUp> {
  assertWindowStaff(caller);
  const id = text(input.id);
  const actions = text(input.actions);
  const revisitLevel = input.revisitLevel;
  const problems: string[] = [];
  if (!actions) problems.push('actions: 整改措施必填 — the actions taken are required');
  if (!Number.isInteger(revisitLevel) || (revisitLevel as number) < 1 || (revisitLevel as number) > 5) problems.push('revisitLevel: 回访满意度 1 至 5 — an integer from 1 to 5');
  if (problems.length) throw badUserInput(`整改记录有误 — ${problems.join('; ')}`, { problems });
  const updated = await db.query(
    `UPDATE follow_up SET status = 'CLOSED', actions = $2, revisit_level = $3, closed_by = $4, closed_at = $5, updated_at = $5
     WHERE id = $1 AND status <> 'CLOSED' RETURNING ${FOLLOW_UP_COLUMNS}`,
    [id, actions, revisitLevel, caller.sub, now.toISOString()],
  );
  if (updated.length) return toFollowUp(updated[0]);
  const [exists] = await db.query<{ status: string }>('SELECT status FROM follow_up WHERE id = $1', [id]);
  if (!exists) throw badUserInput(`没有该整改单 — there is no follow-up ${quoteInput(id)}`, { field: 'id' });
  throw conflict(`整改单已关闭 — follow-up ${quoteInput(id)} is already closed`, { id });
}
