import type { ServicesContext } from '../context.ts';
import { accessLog } from '../audit/access-log.ts';
import { judgeExit } from '../bundles/readiness.ts';
import { enterpriseRequests } from '../requests/lists.ts';
import { enterpriseVisits } from '../requests/visits.ts';
import { deriveStage, sortEvents, STAGE_LABELS } from '../lifecycle/stage.ts';

interface Event {
  at: string;
  department: string;
  kind: string;
  title: string;
  detail?: string | null;
}

/** The representation the gateway sends, with the departments' events it fetched first (@requires). */
interface EnterpriseRepresentation {
  uscc: string;
  marketEvents?: Event[] | null;
  taxEvents?: Event[] | null;
  medicalInsuranceEvents?: Event[] | null;
  realEstateEvents?: Event[] | null;
}

const SOURCES = [
  ['marketEvents', 'MARKET'],
  ['taxEvents', 'TAX'],
  ['medicalInsuranceEvents', 'MEDICAL_INSURANCE'],
  ['realEstateEvents', 'REAL_ESTATE'],
] as const;

export const Enterprise = {
  lifecycle: (enterprise: EnterpriseRepresentation, _: unknown, ctx: ServicesContext) => {
    // A department that failed sends null: its events are missing, and we say so rather than guess.
    const incompleteDepartments = SOURCES.filter(([field]) => !Array.isArray(enterprise[field])).map(([, dept]) => dept);
    const events = sortEvents(SOURCES.flatMap(([field]) => enterprise[field] ?? []));
    const stage = deriveStage(events, ctx.today, !incompleteDepartments.includes('TAX'));
    return { stage, stageLabel: STAGE_LABELS[stage], events, incompleteDepartments };
  },
  // The departments' facts arrive on the representation (@requires); judged as the deregistration's check judges them.
  exitReadiness: judgeExit,
  requests: (enterprise: { uscc: string }, args: { first?: number; after?: string }, ctx: ServicesContext) => enterpriseRequests(ctx.db, ctx.caller, enterprise.uscc, args),
  visits: (enterprise: { uscc: string }, args: { first?: number; after?: string }, ctx: ServicesContext) => enterpriseVisits(ctx.db, ctx.caller, enterprise.uscc, args),
  accessLog: (enterprise: { uscc: string }, args: { first?: number; after?: string }, ctx: ServicesContext) => accessLog(ctx.db, ctx.caller, enterprise.uscc, args),
};
