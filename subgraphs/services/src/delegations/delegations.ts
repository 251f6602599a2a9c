import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { DELEGATION_ID, badUserInput, conflict, forbidden, type Caller, type DelegationUse } from '@district/domain';
import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import type { Db } from '../store/db.ts';
import { consumeDelegation, delegationById, insertDelegation, listDelegations, revokeDelegationRow, type DelegationRow } from '../store/delegations.ts';
import { GrantInputSchema, assertMayGrant, whyNotInEffect, windowOf } from './rules.ts';

/**
 * grantDelegation / revokeDelegation / delegations, and the gateway's internal useDelegation: the
 * one read (or, for a one-time delegation's act, one conditional write) per agent request that
 * decides whether the delegation its token names is in effect.
 */

/** 委托编号: DL- and 16 characters of an alphabet without look-alikes (80 bits: not guessable). */
export function newDelegationId(): string {
  const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return `DL-${Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
}

const problems = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');

export async function grantDelegation(db: Db, caller: Caller, rawInput: unknown, now = new Date()): Promise<DelegationRow> {
  assertMayGrant(caller);
  const parsed = GrantInputSchema.safeParse(rawInput);
  if (!parsed.success) throw badUserInput(`委托有误 — the delegation is not valid: ${problems(parsed.error)}`);
  const input = parsed.data;
  const window = windowOf(input, now);
  if (typeof window === 'string') throw badUserInput(`委托有误 — the delegation is not valid: ${window}`);
  const { idempotencyKey, ...request } = input;
  const requestHash = createHash('sha256').update(JSON.stringify({ uscc: caller.uscc, ...request })).digest('hex');
  const { delegation, requestHash: stored } = await insertDelegation(db, {
    id: newDelegationId(), uscc: caller.uscc, agentKind: input.agent.kind, agentId: input.agent.id,
    purposes: input.purposes, bundleKinds: input.bundleKinds, certificateKinds: input.certificateKinds,
    validFrom: window.validFrom.toISOString(), validUntil: window.validUntil.toISOString(), oneTime: input.oneTime,
    grantedBy: caller.sub, idempotencyKey, requestHash,
  });
  if (stored !== requestHash) throw conflict('该幂等键已用于另一项委托 — this idempotencyKey was already used for a different delegation');
  return delegation;
}

const RevokeInputSchema = z.object({ id: z.string().regex(DELEGATION_ID, 'must be a delegation id (DL-…)'), idempotencyKey: z.string().min(8).max(128) });

/**
 * Revoking is idempotent by nature: a revoked delegation stays revoked at its first time, so the
 * same request again (whatever its key) answers the same. Takes effect at the next request of the
 * agent on every gateway instance: nothing caches a delegation.
 */
export async function revokeDelegation(db: Db, caller: Caller, rawInput: unknown, now = new Date()): Promise<DelegationRow | null> {
  assertMayGrant(caller);
  const parsed = RevokeInputSchema.safeParse(rawInput);
  if (!parsed.success) throw badUserInput(`撤销委托有误 — the revocation is not valid: ${problems(parsed.error)}`);
  const existing = await delegationById(db, parsed.data.id);
  // Another enterprise's delegation is answered like one that does not exist.
  if (!existing || existing.uscc !== caller.uscc) return null;
  return revokeDelegationRow(db, existing.id, now);
}

/** The caller's delegations: an enterprise those it granted, an agent those it holds; anyone else FORBIDDEN. */
export async function delegationsOf(db: Db, caller: Caller, args: { first?: number; after?: string }) {
  let by: { uscc: string } | { agentId: string };
  if (caller.role === 'enterprise' && caller.uscc) by = { uscc: caller.uscc };
  else if (caller.role === 'agent') by = { agentId: caller.sub };
  else throw forbidden('只有企业本身和受托人可以查看委托 — only an enterprise (its own delegations) and an agent (those it holds) may list delegations');
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const { rows, total } = await listDelegations(db, by, offset, limit);
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return { edges, totalCount: total, pageInfo: { hasNextPage: offset + rows.length < total, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** Why the request's purpose is not one the delegation covers, or null when it is. */
function purposeRefusal(d: DelegationRow, purpose: string | null): string | null {
  if (purpose && d.purposes.includes(purpose)) return null;
  const covered = d.purposes.join(', ');
  return purpose
    ? `委托 ${d.id} 不含事项 ${purpose} — delegation ${d.id} does not cover purpose ${purpose} (it covers: ${covered})`
    : `请注明委托所含事项 — name the purpose you act for under delegation ${d.id} (token claim purpose or header x-purpose: ${covered})`;
}

const UseInputSchema = z.object({ id: z.string().regex(DELEGATION_ID), agent: z.string().min(1).max(128), purpose: z.string().nullish(), consume: z.boolean() });

/**
 * Mutation.useDelegation (internal, role system: the gateway). One primary-key read; when the
 * request acts (`consume`, a mutation) under a one-time delegation, one conditional UPDATE spends
 * it, so exactly one of concurrent acts on any instance goes ahead. A delegation that is not this
 * agent's is answered as unknown, naming no enterprise.
 */
export async function useDelegation(db: Db, caller: Caller, rawInput: unknown, now = new Date()): Promise<DelegationUse> {
  if (caller.role !== 'system') throw forbidden('Only the gateway may look up a delegation in effect');
  const parsed = UseInputSchema.safeParse(rawInput);
  if (!parsed.success) throw badUserInput(`useDelegation input is not valid: ${problems(parsed.error)}`);
  const { id, agent, purpose, consume } = parsed.data;
  const d = await delegationById(db, id);
  if (!d || d.agentId !== agent) {
    return { inEffect: false, reason: `没有委托给此受托人的委托 ${id} — there is no delegation ${id} granted to this agent`, uscc: null, purposes: [], bundleKinds: [], certificateKinds: [] };
  }
  const items = { uscc: d.uscc, purposes: d.purposes, bundleKinds: d.bundleKinds, certificateKinds: d.certificateKinds };
  // The purpose is checked before a one-time use is spent: a request it does not cover spends nothing.
  let reason = whyNotInEffect(d, now) ?? purposeRefusal(d, purpose ?? null);
  if (!reason && consume && d.oneTime && !(await consumeDelegation(db, id, agent, now))) {
    // Spent (or revoked) between the read and the write: by a concurrent act, perhaps on another instance.
    reason = whyNotInEffect((await delegationById(db, id))!, now) ?? `委托 ${id} 仅限一次，已被使用 — delegation ${id} was for one use, already spent`;
  }
  return { inEffect: reason === null, reason, ...items };
}
