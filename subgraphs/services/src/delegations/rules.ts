import { z } from 'zod';
import { forbidden, isValidIdCard, type Caller, type Purpose } from '@district/domain';
import { CERTIFICATE_KINDS } from '../certificates/kinds.ts';
import type { BundleKind } from '../bundles/definitions.ts';
import type { DelegationRow } from '../store/delegations.ts';

/**
 * 委托 (delegated access, 帮办代办: 一次委托、多项受理): the rules, apart from the store. An enterprise
 * (role enterprise, its own USCC) grants an agent — 帮办代办 staff, or another person by their
 * account id — the items it may act on for it: purposes (事项编码, what it may read for), bundle
 * kinds (一件事 it may submit) and certificate kinds (证明 it may have issued), for a window of time,
 * perhaps for one use only. The gateway finds the delegation in effect per request
 * (gateway/src/delegation.ts) and signs it into the caller; the checks here read it from there.
 */

/** The purposes a delegation may cover: the enterprise's own matters, never an official's. */
export const DELEGABLE_PURPOSES = ['SELF_SERVICE', 'ENTERPRISE_CHANGE', 'ENTERPRISE_DEREGISTRATION'] as const satisfies readonly Purpose[];
/** Bundles an existing enterprise can have done for it (an opening has no enterprise yet to grant it). */
export const DELEGABLE_BUNDLE_KINDS = ['CHANGE', 'DEREGISTRATION'] as const satisfies readonly BundleKind[];
/** The longest a delegation may last: a year, then the enterprise grants anew. */
export const DELEGATION_MAX_DAYS = 366;
export const AGENT_KINDS = ['STAFF', 'PERSON'] as const;

/**
 * An agent is named by its account id (its token's `sub`), never by an ID number: the access
 * record shows it to the enterprise, and holds no personal data.
 */
const AGENT_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

const distinct = <T extends string>(values: readonly [T, ...T[]]) => z.array(z.enum(values)).max(values.length).transform((xs) => [...new Set(xs)]);

export const GrantInputSchema = z.object({
  agent: z.object({
    kind: z.enum(AGENT_KINDS),
    id: z.string().trim().regex(AGENT_ID, 'must be the agent\'s account id: 1 to 128 letters, digits or ._:@-')
      .refine((id) => !isValidIdCard(id.toUpperCase()), '受托人以账号标识，不用身份证号 — name the agent by their account id, not an ID number'),
  }),
  purposes: distinct(DELEGABLE_PURPOSES).refine((xs) => xs.length > 0, 'at least one purpose'),
  bundleKinds: distinct(DELEGABLE_BUNDLE_KINDS).nullish().transform((xs) => xs ?? []),
  certificateKinds: distinct(CERTIFICATE_KINDS).nullish().transform((xs) => xs ?? []),
  validFrom: z.string().datetime({ offset: true }).nullish(),
  validUntil: z.string().datetime({ offset: true }),
  oneTime: z.boolean().nullish().transform((b) => b ?? false),
  idempotencyKey: z.string().min(8).max(128),
});
export type GrantInput = z.infer<typeof GrantInputSchema>;

/** The window as stored: from now unless given; refusals say what is wrong with it. */
export function windowOf(input: GrantInput, now: Date): { validFrom: Date; validUntil: Date } | string {
  const validFrom = input.validFrom ? new Date(input.validFrom) : now;
  const validUntil = new Date(input.validUntil);
  if (validUntil <= now) return 'validUntil must be in the future';
  if (validUntil <= validFrom) return 'validUntil must be after validFrom';
  if (validUntil.getTime() - Math.max(validFrom.getTime(), now.getTime()) > DELEGATION_MAX_DAYS * 86_400_000) return `a delegation lasts at most ${DELEGATION_MAX_DAYS} days`;
  return { validFrom, validUntil };
}

export type DelegationStatus = 'ACTIVE' | 'NOT_YET_VALID' | 'EXPIRED' | 'USED' | 'REVOKED';

/** One word for where a delegation stands at `now`: revoked before used before outside its window. */
export function statusOf(d: Pick<DelegationRow, 'revokedAt' | 'usedAt' | 'validFrom' | 'validUntil'>, now: Date): DelegationStatus {
  if (d.revokedAt) return 'REVOKED';
  if (d.usedAt) return 'USED';
  const t = now.toISOString();
  if (t < d.validFrom) return 'NOT_YET_VALID';
  if (t >= d.validUntil) return 'EXPIRED';
  return 'ACTIVE';
}

/** Why a delegation cannot be used now, in both languages; null when it can. */
export function whyNotInEffect(d: DelegationRow, now: Date): string | null {
  switch (statusOf(d, now)) {
    case 'REVOKED': return `委托 ${d.id} 已于 ${d.revokedAt} 撤销 — delegation ${d.id} was revoked at ${d.revokedAt}`;
    case 'USED': return `委托 ${d.id} 仅限一次，已于 ${d.usedAt} 使用 — delegation ${d.id} was for one use, spent at ${d.usedAt}`;
    case 'EXPIRED': return `委托 ${d.id} 已于 ${d.validUntil} 到期 — delegation ${d.id} expired at ${d.validUntil}`;
    case 'NOT_YET_VALID': return `委托 ${d.id} 自 ${d.validFrom} 起生效 — delegation ${d.id} is valid only from ${d.validFrom}`;
    default: return null;
  }
}

/** Only an enterprise for itself grants, lists and revokes its delegations (no agent passes one on). */
export function assertMayGrant(caller: Caller): asserts caller is Caller & { uscc: string } {
  if (caller.role === 'enterprise' && caller.uscc && caller.purpose === 'SELF_SERVICE') return;
  throw forbidden('只有企业本身（SELF_SERVICE）可以委托或撤销委托 — only the enterprise itself, with purpose SELF_SERVICE, may grant or revoke a delegation');
}

/**
 * An agent acting under its delegation may do `what` only when the delegation covers the item and
 * the enterprise is the one it acts for. `item` is named in the refusal, with what it does cover.
 */
export function assertAgentCovers(caller: Caller, uscc: string | null, item: { bundleKind: BundleKind } | { certificateKind: string }): void {
  const d = caller.delegation;
  if (!d) throw forbidden('受托人须在有效委托下办理 — an agent acts only under a delegation in effect (its token names none, or it is not in effect)');
  if (uscc !== caller.uscc) {
    throw forbidden(`委托 ${d.id} 只能为委托企业办理 — delegation ${d.id} is for enterprise ${caller.uscc}, not ${uscc ?? 'another enterprise'}`, { delegationId: d.id });
  }
  if ('bundleKind' in item && !d.bundleKinds.includes(item.bundleKind)) {
    throw forbidden(`委托 ${d.id} 不含此一件事 — delegation ${d.id} does not cover the ${item.bundleKind} bundle (it covers: ${d.bundleKinds.join(', ') || 'no bundles'})`, { delegationId: d.id });
  }
  if ('certificateKind' in item && !d.certificateKinds.includes(item.certificateKind)) {
    throw forbidden(`委托 ${d.id} 不含此证明 — delegation ${d.id} does not cover ${item.certificateKind} certificates (it covers: ${d.certificateKinds.join(', ') || 'no certificates'})`, { delegationId: d.id });
  }
}

/** The record's columns for what a caller does under a delegation: the agent and the delegation, or nothing. */
export const delegationOfRecord = (caller: Caller): { agent?: string; delegationId?: string } =>
  caller.role === 'agent' && caller.delegation ? { agent: caller.sub, delegationId: caller.delegation.id } : {};
