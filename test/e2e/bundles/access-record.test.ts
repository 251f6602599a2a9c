import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import type { RunningServices } from '@district/subgraph-services/server';
import { verifyChain } from '@district/subgraph-services/store/audit';
import { startStack, type Stack } from '../../src/stack.ts';
import { openingForm } from './forms.ts';

/**
 * 一件事一次办 on the access record (谁查了我的数据), through the whole stack: the clerk's mutation is
 * recorded by the gateway like any operation, the precondition reads and each department write of
 * the worker by services, and the enterprise sees all of them in its own accessLog — for which
 * purpose, which case, which department, which fields, with which outcome.
 */
const OPEN = `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { id status } }`;
const BUNDLE = `query($id: ID!) { bundle(id: $id) { status reason results { uscc } } }`;
const ACCESS_LOG = `query($uscc: ID!) { enterprise(uscc: $uscc) { accessLog(first: 100) { edges { node { role purpose caseId departments fields outcome } } } } }`;

describe('bundles on the access record', () => {
  let stack: Stack;
  let services: RunningServices;

  beforeAll(async () => {
    stack = await startStack({ env: { BUNDLE_WORKER_INTERVAL_MS: '20' } });
    services = stack.subgraphs.services as RunningServices;
  });
  afterAll(async () => stack?.stop());

  const clerk = async (purpose: string, requestId: string) =>
    ({ ...(await stack.authHeaders({ role: 'window-staff', purpose, sub: 'w-audit' } as any)), 'x-request-id': requestId });
  /**
   * Rows of the store written for the request the client sent with this x-request-id: the gateway's
   * record (the client's id kept beside its own), and services' own records made for that request
   * (the gateway's id kept beside theirs).
   */
  const storedFor = async (clientRequestId: string) => services.db.query<any>(
    `SELECT request_id, who, role, purpose, case_id, departments, subjects, fields, outcome FROM access_record
     WHERE client_request_id = $1 OR client_request_id IN (SELECT request_id FROM access_record WHERE client_request_id = $1) ORDER BY seq`,
    [clientRequestId],
  );
  /** An enterprise's accessLog as it reads it itself, and as an auditor reads it. */
  const accessLog = async (uscc: string, as: 'itself' | 'auditor') => {
    const headers = as === 'itself' ? await stack.authHeaders({ role: 'enterprise', uscc, purpose: 'SELF_SERVICE', sub: `ent-${uscc}` } as any) : await stack.authHeaders();
    const res = await stack.query(ACCESS_LOG, { uscc }, headers);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return (res.data as any).enterprise.accessLog.edges.map((e: any) => e.node);
  };

  async function completed(id: string, headers: Record<string, string>) {
    const until = Date.now() + 30_000;
    for (;;) {
      const { data } = await stack.query(BUNDLE, { id }, headers);
      if (data.bundle.status === 'COMPLETED') return data.bundle;
      if (data.bundle.status !== 'SUBMITTED' && data.bundle.status !== 'RUNNING') throw new Error(`bundle ${id} ended ${JSON.stringify(data.bundle)}`);
      if (Date.now() > until) throw new Error(`bundle ${id} not completed: ${JSON.stringify(data.bundle)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('records an opening: the clerk\'s mutation, and the three department writes in the new enterprise\'s accessLog under the case number', async () => {
    const requestId = `e2e-audit-open-${Date.now()}`;
    const headers = await clerk('ENTERPRISE_OPENING', requestId);
    const form = openingForm(`e2e-audit-open-${Date.now()}`);
    const res = await stack.query(OPEN, { input: form }, headers);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const id = (res.data as any).openEnterprise.id;

    // The gateway's record of the mutation (no enterprise yet: the USCC is issued by the market step),
    // and services' record of the name search it made for the clerk, under the new case number.
    const stored = await storedFor(requestId);
    expect(stored).toHaveLength(2);
    const [mutation, check] = [stored.find((r) => r.who === 'w-audit'), stored.find((r) => r.who === 'bundle-precheck:w-audit')];
    expect(mutation).toMatchObject({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING', departments: ['SERVICES'], outcome: 'OK', fields: expect.arrayContaining(['Mutation.openEnterprise', 'Bundle.id']) });
    expect(check).toMatchObject({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING', case_id: id, departments: ['MARKET'], outcome: 'OK', fields: expect.arrayContaining(['Query.enterprises', 'Registration.name']) });

    const { results: { uscc } } = await completed(id, headers);
    const written = [
      { departments: ['MARKET'], fields: ['Mutation.marketEstablish'] },
      { departments: ['TAX'], fields: ['Mutation.taxConfirmNewTaxpayer'] },
      { departments: ['MEDICAL_INSURANCE'], fields: ['Mutation.insuranceRegisterEmployer'] },
    ].map((w) => ({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING', caseId: id, outcome: 'OK', ...w }));
    for (const as of ['itself', 'auditor'] as const) {
      const entries = (await accessLog(uscc, as)).filter((e: any) => e.caseId === id);
      expect(entries, as).toHaveLength(3);
      expect(entries, as).toEqual(expect.arrayContaining(written));
    }

    // The same key again answers with the completed bundle: the gateway records it under the USCC in the answer.
    const againId = `e2e-audit-again-${Date.now()}`;
    const again = await stack.query(`mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { id } }`, { input: form }, await clerk('ENTERPRISE_OPENING', againId));
    expect((again.data as any).openEnterprise.id).toBe(id);
    expect(await storedFor(againId)).toEqual([expect.objectContaining({ who: 'w-audit', subjects: [uscc], outcome: 'OK' })]);
    expect(await verifyChain(services.db)).toMatchObject({ ok: true });
  });

  it('records the README\'s refused deregistration of the troubled sample as INVALID, with the four departments its check read', async () => {
    const requestId = `e2e-audit-dereg-${Date.now()}`;
    const res = await stack.query(
      `mutation { deregisterEnterprise(input: {idempotencyKey: "window-1-2026-0002", uscc: "${SAMPLE_USCC.troubled}", path: GENERAL, liquidationReportFiled: true}) { id } }`,
      {}, await clerk('ENTERPRISE_DEREGISTRATION', requestId));
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['PRECONDITION_FAILED']);

    const entries = await accessLog(SAMPLE_USCC.troubled, 'itself');
    expect(entries).toContainEqual({
      role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', caseId: null, departments: ['SERVICES'], outcome: 'INVALID',
      fields: expect.arrayContaining(['Mutation.deregisterEnterprise', 'Bundle.id']),
    });
    expect(entries).toContainEqual({
      role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', caseId: null, departments: ['MARKET', 'MEDICAL_INSURANCE', 'REAL_ESTATE', 'TAX'], outcome: 'OK',
      fields: expect.arrayContaining(['Enterprise.tax', 'TaxProfile.hasArrears', 'MedicalInsuranceAccount.hasArrears', 'RealEstateHoldings.hasSeizure', 'Registration.status']),
    });
    // Both are the one request: services' record keeps the gateway's request id as the one it was made for.
    const stored = await storedFor(requestId);
    expect(stored.map((r) => [r.who, r.subjects, r.outcome]).sort()).toEqual([['bundle-precheck:w-audit', [SAMPLE_USCC.troubled], 'OK'], ['w-audit', [SAMPLE_USCC.troubled], 'INVALID']]);
    expect(await verifyChain(services.db)).toMatchObject({ ok: true });
  });
});
