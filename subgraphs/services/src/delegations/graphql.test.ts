import { postSigned } from '@district/subgraph-kit/testing';
import type { Caller } from '@district/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServicesConfig } from '../config.ts';
import { startServicesSubgraph, type RunningServices } from '../server.ts';
import { FakeDepartments } from '../departments/fake.ts';

const ENTERPRISE = '91370212MA3C12346X';
const OTHER = '91350100M000100Y43';
const DELEGATION = 'id uscc agent { kind id } purposes bundleKinds certificateKinds validFrom validUntil oneTime usedAt revokedAt grantedAt status';
const USE = 'inEffect reason uscc purposes bundleKinds certificateKinds';
const self = (uscc = ENTERPRISE): Partial<Caller> => ({ sub: `ent-${uscc}`, role: 'enterprise', uscc, purpose: 'SELF_SERVICE' });
const system: Partial<Caller> = { sub: 'gateway', role: 'system' };
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe('delegations (委托, 帮办代办) through the services graph', () => {
  const schema = `t_deleg_${process.pid}_${Date.now().toString(36)}`;
  const fake = new FakeDepartments();
  let services: RunningServices;
  let seq = 0;
  const grant = (caller: Partial<Caller>, input: Record<string, unknown>) =>
    postSigned(services.url, `mutation($input: GrantDelegationInput!) { grantDelegation(input: $input) { ${DELEGATION} } }`,
      { input: { idempotencyKey: `deleg-key-${++seq}`, agent: { kind: 'STAFF', id: 'bbdb-007' }, purposes: ['SELF_SERVICE'], validUntil: inAnHour(), ...input } }, caller);
  const revoke = (caller: Partial<Caller>, id: string) =>
    postSigned(services.url, `mutation($input: RevokeDelegationInput!) { revokeDelegation(input: $input) { ${DELEGATION} } }`, { input: { id, idempotencyKey: `revoke-${++seq}` } }, caller);
  const use = (id: string, consume = false, agent = 'bbdb-007', purpose: string | null = 'SELF_SERVICE') =>
    postSigned(services.url, `mutation($id: ID!, $agent: String!, $purpose: String, $consume: Boolean!) { useDelegation(id: $id, agent: $agent, purpose: $purpose, consume: $consume) { ${USE} } }`,
      { id, agent, purpose, consume }, system);
  const list = (caller: Partial<Caller>) => postSigned(services.url, `{ delegations(first: 50) { totalCount edges { node { id status agent { id } } } } }`, {}, caller);

  beforeAll(async () => {
    services = await startServicesSubgraph(readServicesConfig({ NODE_ENV: 'test', DATABASE_SCHEMA: schema, SEED_DEMO_DATA: 'false', BUNDLE_WORKER: 'false' }), { port: 0, departments: fake });
  });
  afterAll(async () => { await services?.stop(); });

  it('lets the enterprise grant a delegation, once per idempotency key, and CONFLICT for another request under it', async () => {
    const input = { idempotencyKey: 'deleg-same-key', certificateKinds: ['NO_TAX_ARREARS', 'NO_TAX_ARREARS'], bundleKinds: ['CHANGE'], validUntil: inAnHour() };
    const first = await grant(self(), input);
    expect(first.errors).toBeUndefined();
    expect(first.data.grantDelegation).toMatchObject({
      uscc: ENTERPRISE, agent: { kind: 'STAFF', id: 'bbdb-007' }, purposes: ['SELF_SERVICE'], bundleKinds: ['CHANGE'],
      certificateKinds: ['NO_TAX_ARREARS'], oneTime: false, usedAt: null, revokedAt: null, status: 'ACTIVE',
    });
    expect(first.data.grantDelegation.id).toMatch(/^DL-[0-9A-Z]{16}$/);
    const again = await grant(self(), input);
    expect(again.data.grantDelegation.id).toBe(first.data.grantDelegation.id);
    const other = await grant(self(), { ...input, certificateKinds: ['TAX_CLEARANCE'] });
    expect(other.errors![0].extensions.code).toBe('CONFLICT');
  });

  it('refuses anyone but the enterprise itself, and bad input with the reason', async () => {
    for (const caller of [{ sub: 'w', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE' }, { sub: 'bbdb-007', role: 'agent' }, { ...self(), purpose: 'ENTERPRISE_CHANGE' }] as Partial<Caller>[]) {
      const { errors } = await grant(caller, {});
      expect(errors![0].extensions.code).toBe('FORBIDDEN');
    }
    const past = await grant(self(), { validUntil: new Date(Date.now() - 1000).toISOString() });
    expect(past.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(past.errors![0].message).toContain('validUntil must be in the future');
    const tooLong = await grant(self(), { validUntil: new Date(Date.now() + 400 * 86_400_000).toISOString() });
    expect(tooLong.errors![0].message).toContain('at most 366 days');
    const idNumber = await grant(self(), { agent: { kind: 'PERSON', id: '11010519491231002X' } });
    expect(idNumber.errors![0].message).toContain('not an ID number');
    const noPurpose = await grant(self(), { purposes: [] });
    expect(noPurpose.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers the gateway whether a delegation is in effect for this agent and purpose, naming no enterprise to another agent', async () => {
    const { data } = await grant(self(), { purposes: ['SELF_SERVICE', 'ENTERPRISE_CHANGE'], certificateKinds: ['TAX_PAYMENT'] });
    const id = data.grantDelegation.id;
    expect((await use(id)).data.useDelegation).toEqual({ inEffect: true, reason: null, uscc: ENTERPRISE, purposes: ['SELF_SERVICE', 'ENTERPRISE_CHANGE'], bundleKinds: [], certificateKinds: ['TAX_PAYMENT'] });
    const stranger = (await use(id, false, 'someone-else')).data.useDelegation;
    expect(stranger).toMatchObject({ inEffect: false, uscc: null });
    expect(stranger.reason).toContain('no delegation');
    const purpose = (await use(id, false, 'bbdb-007', 'ENTERPRISE_DEREGISTRATION')).data.useDelegation;
    expect(purpose).toMatchObject({ inEffect: false, uscc: ENTERPRISE });
    expect(purpose.reason).toContain('does not cover purpose ENTERPRISE_DEREGISTRATION');
    const forbidden = await postSigned(services.url, `mutation { useDelegation(id: "${id}", agent: "bbdb-007", consume: false) { inEffect } }`, {}, self());
    expect(forbidden.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('spends a one-time delegation exactly once under concurrent acts; reads before that pass', async () => {
    const { data } = await grant(self(), { oneTime: true });
    const id = data.grantDelegation.id;
    expect((await use(id, false)).data.useDelegation.inEffect).toBe(true);
    const acts = await Promise.all(Array.from({ length: 6 }, () => use(id, true)));
    expect(acts.filter((a) => a.data.useDelegation.inEffect)).toHaveLength(1);
    const after = (await use(id, false)).data.useDelegation;
    expect(after.inEffect).toBe(false);
    expect(after.reason).toContain('was for one use');
    const listed = await list(self());
    expect(listed.data.delegations.edges.find((e: any) => e.node.id === id).node.status).toBe('USED');
  });

  it('refuses a delegation once revoked (by its enterprise only) or expired, saying which', async () => {
    const { data } = await grant(self(), {});
    const id = data.grantDelegation.id;
    expect((await revoke(self(OTHER), id)).data.revokeDelegation).toBeNull();
    expect((await use(id)).data.useDelegation.inEffect).toBe(true);
    const revoked = await revoke(self(), id);
    expect(revoked.data.revokeDelegation.status).toBe('REVOKED');
    expect((await revoke(self(), id)).data.revokeDelegation.revokedAt).toBe(revoked.data.revokeDelegation.revokedAt);
    expect((await use(id)).data.useDelegation.reason).toContain('was revoked');

    const short = await grant(self(), { validUntil: new Date(Date.now() + 1500).toISOString() });
    const shortId = short.data.grantDelegation.id;
    expect((await use(shortId)).data.useDelegation.inEffect).toBe(true);
    await new Promise((r) => setTimeout(r, 1600));
    const expired = (await use(shortId)).data.useDelegation;
    expect(expired.inEffect).toBe(false);
    expect(expired.reason).toContain('expired');
  });

  it('lists an enterprise\'s own delegations, and an agent those it holds; nobody else', async () => {
    await grant(self(OTHER), { agent: { kind: 'PERSON', id: 'person-42' } });
    const mine = await list(self());
    expect(mine.data.delegations.totalCount).toBeGreaterThan(3);
    expect(mine.data.delegations.edges.every((e: any) => e.node.agent.id === 'bbdb-007')).toBe(true);
    const agent = await list({ sub: 'person-42', role: 'agent' });
    expect(agent.data.delegations.totalCount).toBe(1);
    const window = await list({ sub: 'w', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE' });
    expect(window.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});
