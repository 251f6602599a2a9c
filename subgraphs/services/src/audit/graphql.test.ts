import { postSigned } from '@district/subgraph-kit/testing';
import { POLL } from '@district/runtime/polling';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Caller } from '@district/domain';
import { readServicesConfig } from '../config.ts';
import { startServicesSubgraph, type RunningServices } from '../server.ts';
import { verifyChain } from '../store/audit.ts';

const A = '91370212MA3C12346X';
const B = '91370212MA3C1235X8';
let services: RunningServices;

const gql = (caller: Partial<Caller>, query: string, variables?: Record<string, unknown>) => postSigned(services.url, query, variables, caller);

const RECORD = 'mutation($inputs: [AccessRecordInput!]!) { recordAccesses(inputs: $inputs) { seq hash } }';
const LOG = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { accessLog(first: 10) { totalCount edges { node { seq at role purpose caseId departments fields outcome } } } } } }`;
const record = (over: Record<string, unknown> = {}) => ({
  at: '2026-11-01T08:00:00.000Z', requestId: 'req-1', who: 'officer-42', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE',
  caseId: 'BJ-2026-0001', departments: ['MARKET'], subjects: [A], fields: ['Enterprise.name'], outcome: 'OK', ...over,
});

describe('access record through the services subgraph', () => {
  const schema = `t_audit_gql_${process.pid}_${Date.now().toString(36)}`;
  beforeAll(async () => {
    const env = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {};
    services = await startServicesSubgraph(readServicesConfig({ NODE_ENV: 'test', SEED_DEMO_DATA: 'false', DATABASE_SCHEMA: schema, ...env }), { port: 0 });
  });
  afterAll(async () => {
    if (services?.db.kind === 'postgres') await services.db.query(`DROP SCHEMA ${schema} CASCADE`);
    await services?.stop();
  });

  it('appends a record only for the gateway (role system) and refuses every other role', async () => {
    const ok = await gql({ role: 'system' }, RECORD, { inputs: [record()] });
    expect(ok.data.recordAccesses[0].seq).toBe(1);
    const denied = await gql({ role: 'auditor', purpose: 'AUDIT' }, RECORD, { inputs: [record()] });
    expect(denied.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await verifyChain(services.db)).toMatchObject({ ok: true, count: 1 });
  });

  it('refuses a record whose subjects are not USCCs, so no ID number can enter the store', async () => {
    const bad = await gql({ role: 'system' }, RECORD, { inputs: [record({ subjects: ['11010519491231002X0'] })] });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('shows the enterprise who read its data and why, without the official\'s own id', async () => {
    await gql({ role: 'system' }, RECORD, { inputs: [record({ requestId: 'req-2', subjects: [A, B], role: 'building-staff', purpose: 'BUILDING_SERVICE', caseId: null })] });
    const { data, errors } = await gql({ role: 'enterprise', uscc: A }, LOG, { reps: [{ __typename: 'Enterprise', uscc: A }] });
    expect(errors).toBeUndefined();
    const log = data._entities[0].accessLog;
    expect(log.totalCount).toBe(2);
    expect(log.edges[0].node).toEqual({ seq: 2, at: '2026-11-01T08:00:00.000Z', role: 'building-staff', purpose: 'BUILDING_SERVICE', caseId: null, departments: ['MARKET'], fields: ['Enterprise.name'], outcome: 'OK' });
    expect(JSON.stringify(data)).not.toContain('officer-42');
  });

  it('appends a batch in order, in one call, and refuses an oversized one', async () => {
    const batch = [record({ requestId: 'batch-1', subjects: [B] }), record({ requestId: 'batch-2', subjects: [B], outcome: 'DENIED' })];
    const ok = await gql({ role: 'system' }, RECORD, { inputs: batch });
    expect(ok.data.recordAccesses.map((r: { seq: number }) => r.seq)).toEqual([3, 4]);
    const big = await gql({ role: 'system' }, RECORD, { inputs: Array.from({ length: 501 }, () => record()) });
    expect(big.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await verifyChain(services.db)).toMatchObject({ ok: true, count: 4 });
  });

  it('records a direct call without a valid context as DENIED, naming what it reached for', async () => {
    const res = await fetch(services.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'forged-call-0001' },
      body: JSON.stringify({ query: LOG, variables: { reps: [{ __typename: 'Enterprise', uscc: A }] } }),
    });
    expect((await res.json()).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    await vi.waitFor(async () => {
      // Under an id of our own: the caller's x-request-id is kept beside it as the client's.
      const rows = await services.db.query<any>("SELECT request_id, role, who, outcome, subjects, departments, fields FROM access_record WHERE client_request_id = 'forged-call-0001'");
      expect(rows).toEqual([{ request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), role: 'unauthenticated', who: 'unauthenticated', outcome: 'DENIED', subjects: [A], departments: ['SERVICES'], fields: ['Query._entities'] }]);
    }, POLL);
  });

  it('lets auditors with purpose AUDIT read any enterprise\'s access record', async () => {
    const { data, errors } = await gql({ role: 'auditor', purpose: 'AUDIT' }, LOG, { reps: [{ __typename: 'Enterprise', uscc: B }] });
    expect(errors).toBeUndefined();
    expect(data._entities[0].accessLog.totalCount).toBe(3);
  });

  it('shows the client\'s own request id to auditors, and not to the enterprise', async () => {
    await gql({ role: 'system' }, RECORD, { inputs: [record({ requestId: 'req-client', clientRequestId: 'clerk-desk-7-0042', subjects: [B] })] });
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { accessLog(first: 1) { edges { node { requestId clientRequestId } } } } } }`;
    const asAuditor = await gql({ role: 'auditor', purpose: 'AUDIT' }, query, { reps: [{ __typename: 'Enterprise', uscc: B }] });
    expect(asAuditor.data._entities[0].accessLog.edges[0].node).toEqual({ requestId: 'req-client', clientRequestId: 'clerk-desk-7-0042' });
    const asEnterprise = await gql({ role: 'enterprise', uscc: B }, query, { reps: [{ __typename: 'Enterprise', uscc: B }] });
    expect(asEnterprise.data._entities[0].accessLog.edges[0].node).toEqual({ requestId: 'req-client', clientRequestId: null });
  });

  it('refuses another enterprise, an auditor without purpose AUDIT and officials', async () => {
    for (const caller of [{ role: 'enterprise', uscc: B }, { role: 'auditor', purpose: 'DEPARTMENT_CASE' }, { role: 'window-staff', purpose: 'ENTERPRISE_CHANGE' }] as Partial<Caller>[]) {
      const { errors } = await gql(caller, LOG, { reps: [{ __typename: 'Enterprise', uscc: A }] });
      expect(errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
  });
});
