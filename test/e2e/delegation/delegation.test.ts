import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { readGatewayConfig } from '@district/gateway/config';
import { startGateway, type RunningGateway } from '@district/gateway/server';
import type { RunningServices } from '@district/subgraph-services/server';
import { verifyChain } from '@district/subgraph-services/store/audit';
import { startStack, type Stack } from '../../src/stack.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';

/**
 * 委托 (delegated access, 帮办代办) through the whole stack, two gateways over one set of subgraphs:
 * an enterprise grants 帮办代办 staff a delegation; the agent's token names it; within it the agent
 * reads and has certificates issued for the enterprise, outside it (another enterprise, an item or
 * purpose not covered, after expiry, after revocation — at once on both gateways — a one-time use
 * spent) it is FORBIDDEN with the reason; and every use is on the record under the agent and in
 * the enterprise's accessLog as "by agent X under delegation Y".
 */
const ENTERPRISE = SAMPLE_USCC.healthy;
const AGENT = 'bbdb-007';
const GRANT = `mutation($input: GrantDelegationInput!) { grantDelegation(input: $input) { id status uscc agent { kind id } certificateKinds oneTime validUntil } }`;
const REVOKE = `mutation($input: RevokeDelegationInput!) { revokeDelegation(input: $input) { id status revokedAt } }`;
const ISSUE = `mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { number kind uscc } }`;
const READ = `query($uscc: ID!) { enterprise(uscc: $uscc) { uscc registration { name } tax { hasArrears arrearsTotal } } }`;
const LOG = `query($uscc: ID!) { enterprise(uscc: $uscc) { accessLog(first: 200) { edges { node { role purpose fields outcome agent delegationId } } } } }`;

describe('delegated access (帮办代办) through two gateways', () => {
  let stack: Stack;
  let second: RunningGateway;
  let enterprise: Record<string, string>;
  let keys = 0;
  const key = (what: string) => `e2e-deleg-${what}-${process.pid}-${++keys}`;

  const grant = async (input: Record<string, unknown>) => {
    const res = await stack.query(GRANT, { input: {
      idempotencyKey: key('grant'), agent: { kind: 'STAFF', id: AGENT }, purposes: ['SELF_SERVICE'],
      certificateKinds: ['NO_TAX_ARREARS', 'PROPERTY_HOLDINGS'], validUntil: new Date(Date.now() + 3600_000).toISOString(), ...input,
    } }, enterprise);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data.grantDelegation as { id: string; status: string };
  };
  const agentHeaders = (delegation: string, extra: Record<string, unknown> = {}) =>
    stack.authHeaders({ role: 'agent', sub: AGENT, delegation, purpose: 'SELF_SERVICE', ...extra } as any);
  const issue = (headers: Record<string, string>, kind: string, uscc = ENTERPRISE) =>
    stack.query(ISSUE, { input: { kind, uscc, idempotencyKey: key('cert') } }, headers);
  /** The same operation through the second gateway. */
  const viaSecond = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const res = await fetch(`${second.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, ...(await res.json()) as { data?: any; errors?: any[] } };
  };

  beforeAll(async () => {
    stack = await startStack({ env: { BUNDLE_WORKER: 'false' } });
    second = await startGateway(readGatewayConfig({ ...stack.env, ...stack.routes, GATEWAY_PORT: '0' }));
    enterprise = await stack.authHeaders({ role: 'enterprise', uscc: ENTERPRISE, purpose: 'SELF_SERVICE', sub: 'ent-user-1' } as any);
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  let used: string;

  it('lets the agent act for the enterprise within its delegation: reads it allows, a certificate kind it covers', async () => {
    const d = await grant({});
    used = d.id;
    expect(d).toMatchObject({ status: 'ACTIVE', uscc: ENTERPRISE });
    // The agent signs in as GraphiQL does (POST /dev/token), naming itself and the delegation.
    const minted = await fetch(`${stack.gateway.url}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'agent', sub: AGENT, delegation: d.id, purpose: 'SELF_SERVICE' }) });
    expect(minted.status).toBe(200);
    const agent = { authorization: `Bearer ${(await minted.json()).token}` };
    const read = await stack.query(READ, { uscc: ENTERPRISE }, agent);
    expect(read.errors, JSON.stringify(read.errors)).toBeUndefined();
    expect(read.data.enterprise.registration.name.length).toBeGreaterThan(1);
    expect(read.data.enterprise.tax.hasArrears).toBe(false);
    const cert = await issue(agent, 'NO_TAX_ARREARS');
    expect(cert.errors, JSON.stringify(cert.errors)).toBeUndefined();
    expect(cert.data.issueCertificate).toMatchObject({ kind: 'NO_TAX_ARREARS', uscc: ENTERPRISE });
    // The agent lists the delegations it holds.
    const mine = await stack.query(`{ delegations { edges { node { id uscc status } } } }`, {}, await stack.authHeaders({ role: 'agent', sub: AGENT } as any));
    expect(mine.data.delegations.edges.map((e: any) => e.node.id)).toContain(d.id);
  });

  it('mints a chosen sub at /dev/token for agents only', async () => {
    const res = await fetch(`${stack.gateway.url}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'auditor', sub: AGENT }) });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('sub may be chosen for role agent only') });
  });

  it('refuses the agent outside it, saying what the delegation does not cover', async () => {
    const agent = await agentHeaders(used);
    const other = await stack.query(READ, { uscc: SAMPLE_USCC.troubled }, agent);
    expect(other.data?.enterprise ?? null).toBeNull();
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    const kind = await issue(agent, 'TAX_PAYMENT');
    expect(kind.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(kind.errors![0].message).toContain(`delegation ${used} does not cover TAX_PAYMENT certificates`);
    const elsewhere = await issue(agent, 'NO_TAX_ARREARS', SAMPLE_USCC.troubled);
    expect(elsewhere.errors![0].message).toContain(`is for enterprise ${ENTERPRISE}`);
    const purpose = await stack.query(READ, { uscc: ENTERPRISE }, await agentHeaders(used, { purpose: 'ENTERPRISE_DEREGISTRATION' }));
    expect(purpose.status).toBe(403);
    expect(purpose.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', delegationId: used } });
    expect(purpose.errors![0].message).toContain('does not cover purpose ENTERPRISE_DEREGISTRATION');
    // Its record and its delegations stay the enterprise's own.
    const log = await stack.query(LOG, { uscc: ENTERPRISE }, agent);
    expect(log.errors![0].extensions!.code).toBe('FORBIDDEN');
    const regrant = await stack.query(GRANT, { input: { idempotencyKey: key('x'), agent: { kind: 'PERSON', id: 'friend' }, purposes: ['SELF_SERVICE'], validUntil: new Date(Date.now() + 60_000).toISOString() } }, agent);
    expect(regrant.errors![0].extensions!.code).toBe('FORBIDDEN');
    const stranger = await stack.query(READ, { uscc: ENTERPRISE }, await stack.authHeaders({ role: 'agent', sub: 'someone-else', delegation: used, purpose: 'SELF_SERVICE' } as any));
    expect(stranger.status).toBe(403);
    expect(stranger.errors![0].message).toContain('granted to this agent');
  });

  it('spends a one-time delegation once, even when the agent acts through both gateways at the same moment', async () => {
    const d = await grant({ oneTime: true });
    const agent = await agentHeaders(d.id);
    expect((await stack.query(READ, { uscc: ENTERPRISE }, agent)).errors).toBeUndefined();
    const input = () => ({ input: { kind: 'PROPERTY_HOLDINGS', uscc: ENTERPRISE, idempotencyKey: key('once') } });
    const acts = await Promise.all([
      stack.query(ISSUE, input(), agent), viaSecond(ISSUE, input(), agent), stack.query(ISSUE, input(), agent), viaSecond(ISSUE, input(), agent),
    ]);
    expect(acts.filter((a) => a.data?.issueCertificate)).toHaveLength(1);
    for (const refused of acts.filter((a) => !a.data?.issueCertificate)) {
      expect(refused.status).toBe(403);
      expect(refused.errors![0].message).toContain('was for one use');
    }
    const after = await stack.query(READ, { uscc: ENTERPRISE }, agent);
    expect(after.status).toBe(403);
  });

  it('refuses a delegation after its window ends', async () => {
    const d = await grant({ validUntil: new Date(Date.now() + 2_000).toISOString() });
    const agent = await agentHeaders(d.id);
    expect((await stack.query(READ, { uscc: ENTERPRISE }, agent)).errors).toBeUndefined();
    await vi.waitFor(async () => {
      const res = await stack.query(READ, { uscc: ENTERPRISE }, agent);
      expect(res.status).toBe(403);
      expect(res.errors![0].message).toContain(`delegation ${d.id} expired`);
    }, POLL);
  });

  it('refuses a revoked delegation at once, on both gateways', async () => {
    const d = await grant({});
    const agent = await agentHeaders(d.id);
    expect((await stack.query(READ, { uscc: ENTERPRISE }, agent)).errors).toBeUndefined();
    expect((await viaSecond(READ, { uscc: ENTERPRISE }, agent)).errors).toBeUndefined();
    const revoked = await viaSecond(REVOKE, { input: { id: d.id, idempotencyKey: key('revoke') } }, enterprise);
    expect(revoked.data.revokeDelegation.status).toBe('REVOKED');
    for (const res of [await stack.query(READ, { uscc: ENTERPRISE }, agent), await viaSecond(READ, { uscc: ENTERPRISE }, agent)]) {
      expect(res.status).toBe(403);
      expect(res.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', delegationId: d.id } });
      expect(res.errors![0].message).toContain(`delegation ${d.id} was revoked`);
    }
    const listed = await stack.query(`{ delegations(first: 50) { edges { node { id status } } } }`, {}, enterprise);
    expect(listed.data.delegations.edges.find((e: any) => e.node.id === d.id).node.status).toBe('REVOKED');
  });

  it("shows every use in the enterprise's accessLog as by the agent under the delegation, and under the agent in the store", async () => {
    let entries: any[] = [];
    await vi.waitFor(async () => {
      const res = await stack.query(LOG, { uscc: ENTERPRISE }, enterprise);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      entries = res.data.enterprise.accessLog.edges.map((e: any) => e.node).filter((n: any) => n.delegationId === used);
      // The read, the certificate's department read (services' own record), its mutation, and the refusals.
      expect(entries.some((n) => n.outcome === 'OK' && n.fields.includes('TaxProfile.hasArrears') && n.role === 'agent')).toBe(true);
      expect(entries.some((n) => n.fields.includes('Mutation.issueCertificate') && n.outcome === 'OK')).toBe(true);
      expect(entries.some((n) => n.outcome === 'DENIED')).toBe(true);
    }, POLL);
    for (const n of entries) {
      // Someone else's token naming this delegation was refused, and is on the record as that attempt.
      if (n.agent === 'someone-else') expect(n.outcome).toBe('DENIED');
      else expect(n).toMatchObject({ agent: AGENT, delegationId: used, role: 'agent' });
    }
    // Entries of the enterprise's own requests name no agent.
    const own = await stack.query(LOG, { uscc: ENTERPRISE }, enterprise);
    expect(own.data.enterprise.accessLog.edges.some((e: any) => e.node.role === 'enterprise' && e.node.agent === null && e.node.delegationId === null)).toBe(true);
    // Under the agent: the store finds its uses by agent, each naming the enterprise; the chain holds.
    const services = stack.subgraphs.services as RunningServices;
    const byAgent = await services.db.query<any>('SELECT who, subjects, delegation_id FROM access_record WHERE agent = $1', [AGENT]);
    expect(byAgent.length).toBeGreaterThanOrEqual(entries.length);
    for (const r of byAgent) expect(r.subjects).toContain(ENTERPRISE);
    expect(byAgent.some((r) => r.who === AGENT)).toBe(true);
    expect(await verifyChain(services.db)).toMatchObject({ ok: true });
  });
});
