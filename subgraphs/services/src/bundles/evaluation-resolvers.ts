import { forbidden } from '@district/domain';
import type { ServicesContext } from '../context.ts';
import { closeFollowUp, evaluationById, evaluationOfBundle, followUpOfEvaluation, isApplicant, isPoor, isWindowStaff, listFollowUps, rateBundle, type Evaluation, type FollowUp, type FollowUpStatus } from './evaluation.ts';
import type { Bundle } from './store.ts';

export const EvaluationQuery = {
  followUps: (_: unknown, args: { status?: FollowUpStatus | null; first?: number | null }, ctx: ServicesContext) => listFollowUps(ctx.db, ctx.caller, args.status, args.first),
};

export const EvaluationMutation = {
  rateBundle: (_: unknown, { input }: { input: any }, ctx: ServicesContext) => rateBundle(ctx.db, ctx.caller, input ?? {}),
  closeFollowUp: (_: unknown, { input }: { input: any }, ctx: ServicesContext) => closeFollowUp(ctx.db, ctx.caller, input ?? {}),
};

export const EvaluationBundle = {
  // The bundle itself was already authorized (readBundle); its rating only to window staff, the applicant and auditors.
  evaluation: (b: Bundle, _: unknown, ctx: ServicesContext) => {
    const c = ctx.caller;
    if (!(isWindowStaff(c) || isApplicant(c, b) || c.role === 'system' || (c.role === 'auditor' && c.purpose === 'AUDIT'))) {
      throw forbidden('只有窗口人员、申请人及审计人员可以查看评价 — only window staff, the applicant and auditors may read a rating');
    }
    return evaluationOfBundle(ctx.db, b.id);
  },
};

export const EvaluationType = {
  poor: (e: Evaluation) => isPoor(e.level),
  followUp: (e: Evaluation, _: unknown, ctx: ServicesContext) => followUpOfEvaluation(ctx.db, e.id),
};

export const RectificationType = {
  evaluation: (f: FollowUp, _: unknown, ctx: ServicesContext) => evaluationById(ctx.db, f.evaluationId),
};
