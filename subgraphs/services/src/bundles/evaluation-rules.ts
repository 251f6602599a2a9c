import type { Caller } from '@district/domain';
import type { Bundle } from '../store/bundles.ts';
import { PURPOSE_OF } from './definitions.ts';

/**
 * 好差评 (domain.md §4.4, 国办发〔2019〕51号): the applicant rates a completed bundle once (一事一评);
 * a 差评 (level 1 or 2) opens a follow-up (整改) that window staff must close with the actions taken
 * and the 回访 result. The evaluator's identity is stored for the record and never returned.
 * The vocabulary and who may do what; evaluation.ts does it.
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

/** The bundle's applicant: the caller who submitted it, or the enterprise itself. */
export function isApplicant(caller: Caller, bundle: Bundle): boolean {
  if (caller.sub === bundle.applicantSub && caller.role === bundle.applicantRole) return true;
  const uscc = bundle.uscc ?? (bundle.results.uscc as string | undefined) ?? null;
  return caller.role === 'enterprise' && !!uscc && caller.uscc === uscc;
}

/** Window staff acting for a bundle purpose: they handle follow-ups. */
export const isWindowStaff = (caller: Caller) => caller.role === 'window-staff' && !!caller.purpose && Object.values(PURPOSE_OF).includes(caller.purpose);

/** Who may read a bundle's rating: window staff, the applicant, the gateway and auditors (purpose AUDIT). */
export const mayReadEvaluation = (caller: Caller, bundle: Bundle) =>
  isWindowStaff(caller) || isApplicant(caller, bundle) || caller.role === 'system' || (caller.role === 'auditor' && caller.purpose === 'AUDIT');
