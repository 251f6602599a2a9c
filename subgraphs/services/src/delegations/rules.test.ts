import { describe, expect, it } from 'vitest';
import type { Caller } from '@district/domain';
import { GrantInputSchema, assertAgentCovers, delegationOfRecord, statusOf, whyNotInEffect, windowOf } from './rules.ts';
import type { DelegationRow } from '../store/delegations.ts';

const NOW = new Date('2026-12-01T08:00:00.000Z');
const row = (over: Partial<DelegationRow> = {}): DelegationRow => ({
  id: 'DL-ABCDEFGHJKLMNPQR', uscc: '91370212MA3C12346X', agentKind: 'STAFF', agentId: 'bbdb-007', purposes: ['SELF_SERVICE'], bundleKinds: ['CHANGE'],
  certificateKinds: ['NO_TAX_ARREARS'], validFrom: '2026-12-01T00:00:00.000Z', validUntil: '2026-12-02T00:00:00.000Z', oneTime: false, usedAt: null, revokedAt: null,
  createdAt: '2026-12-01T00:00:00.000Z', ...over,
});
const agent = (over: Partial<Caller> = {}): Caller => ({
  sub: 'bbdb-007', role: 'agent', requestId: 'r', uscc: '91370212MA3C12346X', purpose: 'SELF_SERVICE',
  delegation: { id: 'DL-ABCDEFGHJKLMNPQR', purposes: ['SELF_SERVICE'], bundleKinds: ['CHANGE'], certificateKinds: ['NO_TAX_ARREARS'] }, ...over,
});
const input = (over: Record<string, unknown> = {}) => GrantInputSchema.parse({
  agent: { kind: 'STAFF', id: 'bbdb-007' }, purposes: ['SELF_SERVICE'], validUntil: '2026-12-02T00:00:00Z', idempotencyKey: 'key-12345', ...over,
});

describe('delegation rules', () => {
  it('says where a delegation stands: revoked before used before its window', () => {
    expect(statusOf(row(), NOW)).toBe('ACTIVE');
    expect(statusOf(row({ validFrom: '2026-12-01T09:00:00.000Z' }), NOW)).toBe('NOT_YET_VALID');
    expect(statusOf(row({ validUntil: NOW.toISOString() }), NOW)).toBe('EXPIRED');
    expect(statusOf(row({ usedAt: NOW.toISOString(), validUntil: NOW.toISOString() }), NOW)).toBe('USED');
    expect(statusOf(row({ usedAt: NOW.toISOString(), revokedAt: NOW.toISOString() }), NOW)).toBe('REVOKED');
    expect(whyNotInEffect(row(), NOW)).toBeNull();
    expect(whyNotInEffect(row({ revokedAt: NOW.toISOString() }), NOW)).toMatch(/^委托 DL-\S+ 已于 .+ 撤销 — delegation DL-\S+ was revoked at/);
  });

  it('takes a window from now unless given, in the future, at most 366 days', () => {
    expect(windowOf(input(), NOW)).toEqual({ validFrom: NOW, validUntil: new Date('2026-12-02T00:00:00Z') });
    expect(windowOf(input({ validUntil: '2026-11-30T00:00:00Z' }), NOW)).toBe('validUntil must be in the future');
    expect(windowOf(input({ validFrom: '2026-12-03T00:00:00Z' }), NOW)).toBe('validUntil must be after validFrom');
    expect(windowOf(input({ validUntil: '2028-01-01T00:00:00Z' }), NOW)).toBe('a delegation lasts at most 366 days');
  });

  it('names agents by account id, never an ID number, and covers only the enterprise\'s own matters', () => {
    expect(GrantInputSchema.safeParse({ ...input(), agent: { kind: 'PERSON', id: '11010519491231002X' } }).success).toBe(false);
    expect(GrantInputSchema.safeParse({ ...input(), purposes: ['AUDIT'] }).success).toBe(false);
    expect(GrantInputSchema.safeParse({ ...input(), bundleKinds: ['OPENING'] }).success).toBe(false);
    expect(input({ certificateKinds: ['TAX_PAYMENT', 'TAX_PAYMENT'] })).toMatchObject({ certificateKinds: ['TAX_PAYMENT'], bundleKinds: [], oneTime: false });
  });

  it('lets an agent act only on the items and the enterprise its delegation covers', () => {
    expect(() => assertAgentCovers(agent(), '91370212MA3C12346X', { certificateKind: 'NO_TAX_ARREARS' })).not.toThrow();
    expect(() => assertAgentCovers(agent(), '91370212MA3C12346X', { bundleKind: 'CHANGE' })).not.toThrow();
    expect(() => assertAgentCovers(agent(), '91370212MA3C12346X', { bundleKind: 'DEREGISTRATION' })).toThrow(/does not cover the DEREGISTRATION bundle \(it covers: CHANGE\)/);
    expect(() => assertAgentCovers(agent(), '91370212MA3C12346X', { certificateKind: 'TAX_CLEARANCE' })).toThrow(/does not cover TAX_CLEARANCE certificates/);
    expect(() => assertAgentCovers(agent(), '91350100M000100Y43', { certificateKind: 'NO_TAX_ARREARS' })).toThrow(/is for enterprise 91370212MA3C12346X/);
    expect(() => assertAgentCovers(agent({ delegation: undefined }), '91370212MA3C12346X', { certificateKind: 'NO_TAX_ARREARS' })).toThrow(/only under a delegation in effect/);
  });

  it('puts agent and delegation on the records of what an agent does, and nothing on anyone else\'s', () => {
    expect(delegationOfRecord(agent())).toEqual({ agent: 'bbdb-007', delegationId: 'DL-ABCDEFGHJKLMNPQR' });
    expect(delegationOfRecord({ sub: 'e', role: 'enterprise', requestId: 'r' })).toEqual({});
  });
});
