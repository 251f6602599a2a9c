import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { readGatewayConfig } from '@district/gateway/config';
import { startGateway } from '@district/gateway/server';
import type { RunningServices } from '@district/subgraph-services/server';
import { verifyChain, type AccessRecord } from '@district/subgraph-services/store/audit';
import { startStack, type Stack } from '../../src/stack.ts';
import { LIFECYCLE_QUERY, SAMPLE_USCC } from '../../src/samples.ts';

/**
 * The access record through the whole stack: every operation that touches enterprise data leaves
 * one hash-chained record, and the enterprise sees who read it (Enterprise.accessLog). Runs on
 * PGlite, and on PostgreSQL when DATABASE_URL is set (the stack then uses a schema of its own).
 */
let stack: Stack;
let services: RunningServices;

beforeAll(async () => {
  stack = await startStack();
  services = stack.subgraphs.services as RunningServices;
});
afterAll(() => stack?.stop());

const records = async (): Promise<AccessRecord[]> =>
  (await services.db.query<any>('SELECT * FROM access_record ORDER BY seq')).map((r) => ({
    seq: Number(r.seq), requestId: r.request_id, clientRequestId: r.client_request_id, who: r.who, role: r.role, purpose: r.purpose, caseId: r.case_id,
    departments: r.departments, subjects: r.subjects, fields: r.fields, outcome: r.outcome,
  }) as AccessRecord);

/** The records of the requests sent with this x-request-id: the gateway keeps it as the client's, beside its own id. */
const recordOf = async (clientRequestId: string) => (await records()).filter((r) => r.clientRequestId === clientRequestId);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const asCaller = async (claims: Record<string, unknown>, requestId: string) =>
  ({ ...(await (stack as any).authHeaders(claims)), 'x-request-id': requestId });

describe('the access record', () => {
  it('records one lifecycle query with the enterprise, every department asked and the fields read', async () => {
    const requestId = `audit-lifecycle-${Date.now()}`;
    const res = await stack.query(LIFECYCLE_QUERY, { uscc: SAMPLE_USCC.healthy }, await asCaller({ role: 'window-staff', sub: 'officer-7', purpose: 'ENTERPRISE_DEREGISTRATION', caseId: 'BJ-2026-0001' }, requestId));
    expect(res.errors).toBeUndefined();
    const mine = await recordOf(requestId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ who: 'officer-7', role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', caseId: 'BJ-2026-0001', subjects: [SAMPLE_USCC.healthy], outcome: 'OK' });
    expect(mine[0].departments).toEqual(expect.arrayContaining(['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE', 'SERVICES']));
    expect(mine[0].fields).toEqual(expect.arrayContaining(['Query.enterprise', 'Enterprise.registration', 'Enterprise.lifecycle', 'Lifecycle.stage']));
    expect(JSON.stringify(res.data)).not.toContain('_audit_key');
    expect(await verifyChain(services.db)).toMatchObject({ ok: true });
  });

  it('names the enterprises of a list even when the query does not select their key', async () => {
    const requestId = `audit-list-${Date.now()}`;
    const res = await stack.query('{ building(id: "LS-B001") { name enterprises(first: 3) { edges { node { registration { name } } } } } }', {}, await asCaller({ role: 'auditor', purpose: 'AUDIT' }, requestId));
    expect(res.errors).toBeUndefined();
    const [record] = await recordOf(requestId);
    expect(record.subjects).toHaveLength(res.data.building.enterprises.edges.length);
    expect(record.subjects.length).toBeGreaterThan(0);
    expect(record.fields).toEqual(expect.arrayContaining(['Building.enterprises', 'Registration.name']));
    expect(record.departments).toEqual(expect.arrayContaining(['SERVICES', 'MARKET']));
    expect(JSON.stringify(res.data)).not.toContain('_audit_key');
  });

  it('records building staff reaching into another building through aliases and fragments as DENIED, and their own dashboard as OK', async () => {
    const staff = { role: 'building-staff', sub: 'lxe-0031', buildings: ['LS-B003'], purpose: 'BUILDING_SERVICE' };
    const foreign = stack.backends.dataset.enterprises.find((e) => e.buildingId === 'LS-B001' && e.status === 'EXISTING')!;
    const deniedId = `audit-staff-denied-${Date.now()}`;
    const attempt = await stack.query(
      `fragment F on Enterprise { registration { name } tax { hasArrears } }
       query($u: ID!) { mine: enterprise(uscc: "${SAMPLE_USCC.abnormal}") { ...F } theirs: enterprise(uscc: $u) { ...F } }`,
      { u: foreign.uscc }, await asCaller(staff, deniedId));
    expect(attempt.data?.theirs ?? null).toBeNull();
    expect(attempt.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    const [denied] = await recordOf(deniedId);
    expect(denied).toMatchObject({ who: 'lxe-0031', role: 'building-staff', purpose: 'BUILDING_SERVICE', outcome: 'DENIED' });
    expect(denied.subjects).toEqual(expect.arrayContaining([foreign.uscc]));

    const okId = `audit-staff-ok-${Date.now()}`;
    const own = await stack.query('{ building(id: "LS-B003") { enterprises(first: 12) { edges { node { registration { name } tax { hasArrears } } } } } }', {}, await asCaller(staff, okId));
    expect(own.errors).toBeUndefined();
    const [ok] = await recordOf(okId);
    expect(ok).toMatchObject({ role: 'building-staff', outcome: 'OK' });
    expect(ok.subjects).toHaveLength(12);
    expect(await verifyChain(services.db)).toMatchObject({ ok: true });
  });

  it('records a refused query as DENIED, naming the enterprise asked for', async () => {
    const requestId = `audit-denied-${Date.now()}`;
    const res = await stack.query(LIFECYCLE_QUERY, { uscc: SAMPLE_USCC.troubled }, await asCaller({ role: 'enterprise', uscc: SAMPLE_USCC.healthy, purpose: 'SELF_SERVICE' }, requestId));
    expect(res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    const [record] = await recordOf(requestId);
    expect(record).toMatchObject({ role: 'enterprise', outcome: 'DENIED', subjects: [SAMPLE_USCC.troubled] });
  });

  it('shows the enterprise who read its data and why, but not the official\'s own id', async () => {
    const query = `query($uscc: ID!) { enterprise(uscc: $uscc) { accessLog(first: 50) { totalCount edges { node { at role purpose caseId departments fields outcome } } } } }`;
    const res = await stack.query(query, { uscc: SAMPLE_USCC.healthy }, await asCaller({ role: 'enterprise', uscc: SAMPLE_USCC.healthy, purpose: 'SELF_SERVICE' }, `audit-self-${Date.now()}`));
    expect(res.errors).toBeUndefined();
    const entries = res.data.enterprise.accessLog.edges.map((e: any) => e.node);
    expect(entries).toContainEqual(expect.objectContaining({ role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', caseId: 'BJ-2026-0001', outcome: 'OK' }));
    expect(JSON.stringify(res.data)).not.toContain('officer-7');
  });

  it('refuses another enterprise\'s access record, and records that refusal too', async () => {
    const requestId = `audit-other-${Date.now()}`;
    const res = await stack.query(`query($uscc: ID!) { enterprise(uscc: $uscc) { accessLog { totalCount } } }`, { uscc: SAMPLE_USCC.healthy }, await asCaller({ role: 'enterprise', uscc: SAMPLE_USCC.troubled, purpose: 'SELF_SERVICE' }, requestId));
    expect(res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect((await recordOf(requestId))[0]).toMatchObject({ outcome: 'DENIED' });
  });

  it('gives every request an id of its own, and keeps the client\'s x-request-id beside it as the client\'s', async () => {
    const clientId = `client-chosen-${Date.now()}`;
    const headers = { 'content-type': 'application/json', ...(await asCaller({ role: 'auditor', purpose: 'AUDIT', sub: 'auditor-ids' }, clientId)) };
    const send = () => fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: LIFECYCLE_QUERY, variables: { uscc: SAMPLE_USCC.healthy } }) });
    const first = await send();
    const second = await send();
    const ours = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    expect(ours[0]).toMatch(UUID);
    expect(ours[1]).toMatch(UUID);
    expect(ours[0]).not.toBe(ours[1]);
    expect([first.headers.get('x-client-request-id'), second.headers.get('x-client-request-id')]).toEqual([clientId, clientId]);
    const recorded = await recordOf(clientId);
    expect(recorded.map((r) => r.requestId).sort()).toEqual([...ours].sort());
    expect(recorded.every((r) => r.clientRequestId === clientId && r.outcome === 'OK')).toBe(true);

    // A client id out of bounds (length, characters) is not kept, echoed or recorded: only ours is.
    const unfit = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { ...headers, 'x-request-id': `${'x'.repeat(65)}` }, body: JSON.stringify({ query: LIFECYCLE_QUERY, variables: { uscc: SAMPLE_USCC.healthy } }) });
    expect(unfit.headers.get('x-request-id')).toMatch(UUID);
    expect(unfit.headers.get('x-client-request-id')).toBeNull();
    const [record] = (await records()).filter((r) => r.requestId === unfit.headers.get('x-request-id'));
    expect(record).toMatchObject({ clientRequestId: null, outcome: 'OK' });
    expect(await verifyChain(services.db)).toMatchObject({ ok: true });
  });

  it('records a request refused for its own bad input as INVALID, not as a partial answer', async () => {
    const requestId = `audit-invalid-${Date.now()}`;
    const res = await stack.query('query($uscc: ID!) { enterprise(uscc: $uscc) { registration { name } } }', { uscc: '91370212MA3C12346Y' }, await asCaller({ role: 'auditor', purpose: 'AUDIT', sub: 'auditor-typo' }, requestId));
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const [record] = await recordOf(requestId);
    expect(record).toMatchObject({ who: 'auditor-typo', outcome: 'INVALID', fields: expect.arrayContaining(['Query.enterprise']) });
    expect(await verifyChain(services.db)).toMatchObject({ ok: true });
  });

  it('writes no record for an operation that touches no enterprise', async () => {
    const requestId = `audit-none-${Date.now()}`;
    await stack.query('{ buildings(first: 1) { totalCount } }', {}, await asCaller({ role: 'auditor', purpose: 'AUDIT' }, requestId));
    expect(await recordOf(requestId)).toEqual([]);
  });
});

describe('refusals on the access record', () => {
  /** Refusals are recorded after the answer is sent: wait for the record. */
  const refusalOf = async (requestId: string) => {
    let found: AccessRecord[] = [];
    await vi.waitFor(async () => {
      found = await recordOf(requestId);
      expect(found).toHaveLength(1);
    }, POLL);
    return found[0];
  };
  const lifecycleOf = JSON.stringify({ query: LIFECYCLE_QUERY, variables: { uscc: SAMPLE_USCC.troubled } });
  const post = (headers: Record<string, string>) =>
    fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: lifecycleOf });

  it('records requests without a token, with an expired one or a forged one, naming the enterprise reached for', async () => {
    const expired = await stack.token({ role: 'auditor', purpose: 'AUDIT', sub: 'someone' }, { ttlSeconds: -120 });
    const cases: Record<string, Record<string, string>> = { none: {}, expired: { authorization: `Bearer ${expired}` }, malformed: { authorization: 'Bearer not.a.jwt' } };
    for (const [name, headers] of Object.entries(cases)) {
      const requestId = `audit-refused-${name}-${Date.now()}`;
      const res = await post({ ...headers, 'x-request-id': requestId });
      expect(res.status, name).toBe(401);
      const record = await refusalOf(requestId);
      expect(record, name).toMatchObject({ who: 'unauthenticated', role: 'unauthenticated', purpose: null, outcome: 'DENIED', subjects: [SAMPLE_USCC.troubled] });
    }
    expect(await verifyChain(services.db)).toMatchObject({ ok: true });
  });

  it('records operations refused by the limits — too deep, alias bomb, token flood — with who asked', async () => {
    const caller = { role: 'auditor', purpose: 'AUDIT', sub: 'auditor-limits' };
    let deep = 'uscc';
    for (let i = 0; i < 3; i++) deep = `building { enterprises(first: 1) { edges { node { uscc ${deep} } } } }`;
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: enterprise(uscc: "${SAMPLE_USCC.healthy}") { uscc }`).join(' ');
    const cases: Record<string, [string, string[]]> = {
      depth: [`{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { ${deep} } }`, [SAMPLE_USCC.healthy]],
      aliases: [`{ ${aliases} }`, [SAMPLE_USCC.healthy]],
      tokens: [`{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { ${'uscc '.repeat(2_000)} } }`, [SAMPLE_USCC.healthy]],
    };
    for (const [limit, [query, subjects]] of Object.entries(cases)) {
      const requestId = `audit-limit-${limit}-${Date.now()}`;
      const res = await stack.query(query, {}, await asCaller(caller, requestId));
      expect(res.errors?.[0].extensions?.limit, limit).toBe(limit);
      const record = await refusalOf(requestId);
      expect(record, limit).toMatchObject({ who: 'auditor-limits', role: 'auditor', purpose: 'AUDIT', outcome: 'DENIED', subjects });
    }
  });
});

describe('the access record\'s settings', () => {
  /** The gateway's settings over this stack's subgraphs, with `over` on top. */
  const configWith = (over: Record<string, string>) => readGatewayConfig({
    ...stack.env, GATEWAY_PORT: '0', ...over,
    ...stack.routes,
  });

  it('with AUDIT_ENABLED=false keeps no record, and starts on a graph without the subgraph that would keep it', async () => {
    const ask = async (url: string, requestId: string) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asCaller({ role: 'auditor', purpose: 'AUDIT', sub: 'auditor-off' }, requestId)) },
        body: JSON.stringify({ query: LIFECYCLE_QUERY, variables: { uscc: SAMPLE_USCC.healthy } }),
      });
      const body = (await res.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.enterprise.registration).toBeTruthy();
    };
    const settings: Record<string, string>[] = [{ AUDIT_ENABLED: 'false' }, { AUDIT_ENABLED: 'false', AUDIT_SUBGRAPH: 'audit-store' }];
    for (const over of settings) {
      const gateway = await startGateway(configWith(over));
      try {
        const requestId = `audit-off-${Date.now()}`;
        await ask(gateway.url, requestId);
        // The same query through the stack's own gateway is recorded at once; this one never is.
        const recordedId = `audit-on-${Date.now()}`;
        await stack.query(LIFECYCLE_QUERY, { uscc: SAMPLE_USCC.healthy }, await asCaller({ role: 'auditor', purpose: 'AUDIT', sub: 'auditor-on' }, recordedId));
        expect(await recordOf(recordedId)).toHaveLength(1);
        expect(await recordOf(requestId), JSON.stringify(over)).toEqual([]);
      } finally {
        await gateway.stop();
      }
    }
  });
});
