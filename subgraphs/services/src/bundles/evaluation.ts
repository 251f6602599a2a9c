import { badUserInput, conflict, forbidden, preconditionFailed, quoteInput, type Caller } from '@district/domain';
import { getBundle, type Bundle } from '../store/bundles.ts';
import type { Db } from '../store/db.ts';
import { closeFollowUpRow, evaluationOfBundle, followUps, followUpStatus, insertEvaluation, type Evaluation, type FollowUp } from '../store/evaluations.ts';
import { CHANNELS, FOLLOW_UP_DUE_CALENDAR_DAYS, FOLLOW_UP_OWNER, isApplicant, isPoor, isWindowStaff, mayReadEvaluation, type Channel, type FollowUpStatus } from './evaluation-rules.ts';

/**
 * 好差评 done (evaluation-rules.ts says what and who): rating a completed bundle, reading a rating,
 * listing and closing the follow-ups a 差评 opens.
 */
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

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
  const created = await insertEvaluation(db, {
    id: `${bundle.id}-E`, bundleId: bundle.id, itemCode: bundle.kind, level: level as number, comment, channel,
    evaluatorSub: caller.sub, evaluatorRole: caller.role, at: now.toISOString(),
    followUp: isPoor(level as number)
      ? { id: `${bundle.id}-R`, owner: FOLLOW_UP_OWNER, dueAt: new Date(now.getTime() + FOLLOW_UP_DUE_CALENDAR_DAYS * 86_400_000).toISOString() }
      : undefined,
  });
  if (!created) throw conflict(`办件已评价 — bundle ${bundle.id} has already been rated (一事一评)`, { bundleId: bundle.id });
  return (await evaluationOfBundle(db, bundle.id))!;
}

/** A bundle's rating, for those who may read it; the bundle itself was already authorized (readBundle). */
export function evaluationFor(db: Db, caller: Caller, bundle: Bundle): Promise<Evaluation | null> {
  if (!mayReadEvaluation(caller, bundle)) {
    throw forbidden('只有窗口人员、申请人及审计人员可以查看评价 — only window staff, the applicant and auditors may read a rating');
  }
  return evaluationOfBundle(db, bundle.id);
}

function assertWindowStaff(caller: Caller): void {
  if (!isWindowStaff(caller)) throw forbidden('只有窗口人员可以处理差评整改 — only window staff acting for a bundle purpose may see and close follow-ups');
}

export async function listFollowUps(db: Db, caller: Caller, status?: FollowUpStatus | null, first?: number | null): Promise<FollowUp[]> {
  assertWindowStaff(caller);
  return followUps(db, status, Math.min(Math.max(first ?? 50, 1), 200));
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
  const closed = await closeFollowUpRow(db, { id, actions, revisitLevel: revisitLevel as number, closedBy: caller.sub, at: now.toISOString() });
  if (closed) return closed;
  if (!(await followUpStatus(db, id))) throw badUserInput(`没有该整改单 — there is no follow-up ${quoteInput(id)}`, { field: 'id' });
  throw conflict(`整改单已关闭 — follow-up ${quoteInput(id)} is already closed`, { id });
}
