import { z } from 'zod';
import { DEPARTMENTS } from './departments.ts';

/**
 * Who is asking, in which role, for which purpose (事项编码), under which case (办件编号).
 * The gateway establishes it from the bearer token and passes it to every subgraph in a signed
 * request context; subgraphs authorize and mask from it, and the audit record is made of it.
 * X-Road's lesson: the user id is for the record, the role and purpose grant the rights.
 */
export const ROLES = ['frontend-app', 'building-staff', 'window-staff', 'department-officer', 'enterprise', 'agent', 'auditor', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** 事项编码: the purposes in the catalogue (../shared/CONTRACT.md). */
export const PURPOSES = [
  'AUDIT', 'BUILDING_SERVICE', 'ENTERPRISE_OPENING', 'ENTERPRISE_CHANGE', 'ENTERPRISE_DEREGISTRATION', 'DEPARTMENT_CASE', 'SELF_SERVICE',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** A delegation's id (委托编号), as `grantDelegation` makes it and an agent's token names it. */
export const DELEGATION_ID = /^DL-[0-9A-Z]{16}$/;

/**
 * The delegation an agent (帮办代办) acts under, as the gateway found it in effect for this request:
 * the enterprise it acts for is the caller's `uscc`, and these are the items it covers. Set only by
 * the gateway (gateway/src/delegation.ts), never from a token's claims.
 */
export const DelegationInEffectSchema = z.object({
  id: z.string().regex(DELEGATION_ID),
  /** 事项编码 the agent may act for. */
  purposes: z.array(z.enum(PURPOSES)).max(PURPOSES.length),
  /** Bundle kinds (一件事) it may submit: services' BundleKind values. */
  bundleKinds: z.array(z.string().max(32)).max(16),
  /** Certificate kinds (证明) it may have issued: services' CertificateKind values. */
  certificateKinds: z.array(z.string().max(32)).max(16),
});
export type DelegationInEffect = z.infer<typeof DelegationInEffectSchema>;

/**
 * What the gateway learns of the delegation an agent's request names, as the services subgraph
 * (which keeps the delegations) answers its internal Mutation.useDelegation: whether it is in
 * effect for this agent and purpose, and the items as stored (strings on the wire; the gateway
 * checks them with DelegationInEffectSchema before they grant anything).
 */
export interface DelegationUse {
  inEffect: boolean;
  /** Why not, in both languages, when not in effect. */
  reason: string | null;
  /** The enterprise, when the delegation is this agent's (so even a refused use is on its record). */
  uscc: string | null;
  purposes: string[];
  bundleKinds: string[];
  certificateKinds: string[];
}

export const CallerSchema = z.object({
  /** The end user or client (X-Road-UserId): for the record, it grants nothing by itself. */
  sub: z.string().min(1).max(128),
  role: z.enum(ROLES),
  /** building-staff: the buildings they serve. */
  buildings: z.array(z.string().regex(/^[A-Z0-9-]{1,32}$/)).max(200).optional(),
  /** enterprise: its own USCC; agent: the enterprise it acts for, once the gateway found its delegation in effect. */
  uscc: z.string().length(18).optional(),
  /** agent: the delegation its token names (claim `delegation`), whether or not it is in effect. */
  delegationId: z.string().regex(DELEGATION_ID).optional(),
  /** agent: that delegation, in effect for this request (set by the gateway only). */
  delegation: DelegationInEffectSchema.optional(),
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
