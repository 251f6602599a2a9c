import { z } from 'zod';
import { DEPARTMENTS } from './departments.ts';

/**
 * Who is asking, in which role, for which purpose (事项编码), under which case (办件编号).
 * The gateway establishes it from the bearer token and passes it to every subgraph in a signed
 * request context; subgraphs authorize and mask from it, and the audit record is made of it.
 * X-Road's lesson: the user id is for the record, the role and purpose grant the rights.
 */
export const ROLES = ['frontend-app', 'building-staff', 'window-staff', 'department-officer', 'enterprise', 'auditor', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** 事项编码: the purposes in the catalogue (../shared/CONTRACT.md). */
export const PURPOSES = [
  'AUDIT', 'BUILDING_SERVICE', 'ENTERPRISE_OPENING', 'ENTERPRISE_CHANGE', 'ENTERPRISE_DEREGISTRATION', 'DEPARTMENT_CASE', 'SELF_SERVICE',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const CallerSchema = z.object({
  /** The end user or client (X-Road-UserId): for the record, it grants nothing by itself. */
  sub: z.string().min(1).max(128),
  role: z.enum(ROLES),
  /** building-staff: the buildings they serve. */
  buildings: z.array(z.string().regex(/^[A-Z0-9-]{1,32}$/)).max(200).optional(),
  /** enterprise: its own USCC. */
  uscc: z.string().length(18).optional(),
  /** department-officer: their department. */
  department: z.enum(DEPARTMENTS).optional(),
  purpose: z.enum(PURPOSES).optional(),
  /** 办件编号 of the case the access serves, when there is one. */
  caseId: z.string().max(64).optional(),
  /** Request id, one per gateway request, to follow it through every log. */
  requestId: z.string().min(1).max(64),
  /**
   * Read past the caches: what the departments hold now (services' precondition checks). Honoured
   * for role `system` only; the gateway never sets it.
   */
  fresh: z.boolean().optional(),
});
export type Caller = z.infer<typeof CallerSchema>;

/** The gateway's own calls (readiness probes, audit writes): no end user behind them. */
export const systemCaller = (requestId: string): Caller => ({ sub: 'gateway', role: 'system', requestId });
