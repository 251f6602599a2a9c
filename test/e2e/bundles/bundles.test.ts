import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { SAMPLE_USCC } from '@district/dataset';
import { startStack, type Stack } from '../../src/stack.ts';
import { backendWrites, openingForm } from './forms.ts';

/**
 * 一件事一次办 through the whole stack: window staff submit through the gateway, the services worker
 * writes to the real department subgraphs (@inaccessible mutations, context signed as role system),
 * which write to the department stand-ins.
 */
const BUNDLE_FIELDS = `id kind status reason uscc steps { key department status attempts lastError } results { uscc licenceNo establishedOn changedOn deregisteredOn taxClearanceNo insuranceEmployerNo insuranceClosedEmployerNo }`;
const OPEN = `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { ${BUNDLE_FIELDS} } }`;
const CHANGE = `mutation($input: ChangeEnterpriseInput!) { changeEnterprise(input: $input) { ${BUNDLE_FIELDS} } }`;
const DEREGISTER = `mutation($input: DeregisterEnterpriseInput!) { deregisterEnterprise(input: $input) { ${BUNDLE_FIELDS} } }`;
const BUNDLE = `query($id: ID!) { bundle(id: $id) { ${BUNDLE_FIELDS} } }`;
const ENTERPRISE = `query($uscc: ID!) { enterprise(uscc: $uscc) { uscc registration { name status establishedOn deregisteredOn } tax { status } medicalInsurance { status } } }`;

const DONE = new Set(['COMPLETED', 'FAILED', 'NEEDS_ATTENTION']);

describe('bundles end to end', () => {
  let stack: Stack;
  const headers: Record<string, Record<string, string>> = {};
  const as = (purpose: string) => headers[purpose];

  beforeAll(async () => {
    stack = await startStack({ env: { BUNDLE_WORKER_INTERVAL_MS: '20', BUNDLE_BACKOFF_MS: '100', BUNDLE_MAX_ATTEMPTS: '20' } });
    for (const purpose of ['ENTERPRISE_OPENING', 'ENTERPRISE_CHANGE', 'ENTERPRISE_DEREGISTRATION']) {
      headers[purpose] = await stack.authHeaders({ role: 'window-staff', purpose, sub: 'w-1' } as any);
    }
  });
  afterAll(async () => stack?.stop());

  async function submit(mutation: string, input: Record<string, unknown>, purpose: string) {
    const res = await stack.query(mutation, { input }, as(purpose));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return Object.values(res.data as Record<string, any>)[0];
  }

  /** Polls bundle(id) until it is done (bounded); returns the last state and every state seen. */
  async function settle(id: string, purpose: string, timeoutMs = 20_000) {
    const seen: any[] = [];
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await stack.query(BUNDLE, { id }, as(purpose));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const bundle = (res.data as any).bundle;
      seen.push(bundle);
      if (DONE.has(bundle.status)) return { bundle, seen };
      if (Date.now() > until) throw new Error(`bundle ${id} not done after ${timeoutMs} ms: ${JSON.stringify(bundle)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const step = (b: any, key: string) => b.steps.find((s: any) => s.key === key);

  it('opens an enterprise: market first, then tax and insurance, one results package, visible in the graph', async () => {
    stack.backends.sims.tax.setFaults({ latencyMs: 150 });
    try {
      const submitted = await submit(OPEN, openingForm('e2e-open-0001', '青岛崂山一次办成科技有限公司'), 'ENTERPRISE_OPENING');
      expect(submitted.id).toMatch(/^LS-/);
      const { bundle, seen } = await settle(submitted.id, 'ENTERPRISE_OPENING');
      expect(bundle.status, JSON.stringify(bundle)).toBe('COMPLETED');
      expect(bundle.steps.map((s: any) => [s.key, s.status])).toEqual([
        ['MARKET_ESTABLISH', 'SUCCEEDED'], ['TAX_CONFIRM', 'SUCCEEDED'], ['INSURANCE_REGISTER', 'SUCCEEDED'],
      ]);
      // Order: no snapshot shows tax or insurance started before market succeeded.
      for (const b of seen) {
        if (step(b, 'MARKET_ESTABLISH').status !== 'SUCCEEDED') {
          expect(step(b, 'TAX_CONFIRM').status).toBe('PENDING');
          expect(step(b, 'INSURANCE_REGISTER').status).toBe('PENDING');
        }
      }
      expect(bundle.results).toMatchObject({ uscc: expect.stringMatching(/^[0-9A-Z]{18}$/), licenceNo: expect.any(String), insuranceEmployerNo: expect.any(String) });
      expect(bundle.uscc ?? bundle.results.uscc).toBe(bundle.results.uscc);
      const res = await stack.query(ENTERPRISE, { uscc: bundle.results.uscc });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect((res.data as any).enterprise).toMatchObject({
        uscc: bundle.results.uscc,
        registration: { name: '青岛崂山一次办成科技有限公司', status: expect.any(String) },
        tax: { status: expect.any(String) },
        medicalInsurance: { status: expect.any(String) },
      });
    } finally {
      stack.backends.sims.tax.setFaults({ latencyMs: 0 });
    }
  });
  const writes = () => backendWrites(stack);

  it('a duplicate submission (same idempotencyKey) returns the same bundle; each department is written once', async () => {
    stack.resetBackendStats();
    const form = openingForm('e2e-open-dup-0001');
    const first = await submit(OPEN, form, 'ENTERPRISE_OPENING');
    const again = await submit(OPEN, form, 'ENTERPRISE_OPENING');
    expect(again.id).toBe(first.id);
    const { bundle } = await settle(first.id, 'ENTERPRISE_OPENING');
    expect(bundle.status).toBe('COMPLETED');
    const third = await submit(OPEN, form, 'ENTERPRISE_OPENING');
    expect(third).toMatchObject({ id: first.id, status: 'COMPLETED', results: { uscc: bundle.results.uscc } });
    await new Promise((r) => setTimeout(r, 200)); // give a stray second run the chance to show
    expect(writes()).toMatchObject({ marketEstablish: 1, taxConfirm: 1, insuranceRegister: 1 });
  });

  it('a department outage mid-bundle is retried to completion, with one registration', async () => {
    stack.resetBackendStats();
    stack.backends.sims.tax.setFaults({ outage: true });
    const submitted = await submit(OPEN, openingForm('e2e-open-outage-1'), 'ENTERPRISE_OPENING');
    // Market establishes; the tax step meets the outage and is retried.
    const seen = await vi.waitFor(async () => {
      const data = (await stack.query(BUNDLE, { id: submitted.id }, as('ENTERPRISE_OPENING'))).data as any;
      expect(step(data.bundle, 'TAX_CONFIRM').attempts).toBeGreaterThanOrEqual(2);
      return data;
    }, { ...POLL, interval: 50 });
    expect(step(seen.bundle, 'TAX_CONFIRM')).toMatchObject({ status: expect.stringMatching(/RETRYING|RUNNING/) });
    expect(step(seen.bundle, 'TAX_CONFIRM').lastError ?? '').toMatch(/TAX/);
    expect(seen.bundle.status).toBe('RUNNING');
    stack.backends.sims.tax.setFaults({ outage: false });
    const { bundle } = await settle(submitted.id, 'ENTERPRISE_OPENING', 30_000);
    expect(bundle.status, JSON.stringify(bundle)).toBe('COMPLETED');
    expect(step(bundle, 'TAX_CONFIRM').attempts).toBeGreaterThanOrEqual(2);
    expect(step(bundle, 'MARKET_ESTABLISH').attempts).toBe(1);
    const w = writes();
    expect(w.marketEstablish).toBe(1);
    expect(w.insuranceRegister).toBe(1);
    const res = await stack.query(ENTERPRISE, { uscc: bundle.results.uscc });
    expect((res.data as any).enterprise.tax.status).toBeTruthy();
  });

  it('deregisters a healthy enterprise: the up-front check passes, tax clearance and insurance first, market last', async () => {
    const opened = (await settle((await submit(OPEN, openingForm('e2e-open-to-close'), 'ENTERPRISE_OPENING')).id, 'ENTERPRISE_OPENING')).bundle;
    expect(opened.status).toBe('COMPLETED');
    const uscc = opened.results.uscc;
    // exitReadiness through the gateway says yes, and so does the mutation's own check below.
    const readiness = await stack.query(`query($u: ID!) { enterprise(uscc: $u) { exitReadiness { simplifiedAllowed generalAllowed blockers { code } unknown } } }`, { u: uscc }, as('ENTERPRISE_DEREGISTRATION'));
    expect((readiness.data as any).enterprise.exitReadiness).toEqual({ simplifiedAllowed: true, generalAllowed: true, blockers: [], unknown: [] });
    stack.backends.sims.market.setFaults({ latencyMs: 100 });
    stack.resetBackendStats();
    try {
      const submitted = await submit(DEREGISTER, { idempotencyKey: 'e2e-close-clean-1', uscc, path: 'SIMPLIFIED', investorsUndertaking: true, reason: '经营期满' }, 'ENTERPRISE_DEREGISTRATION');
      const { bundle, seen } = await settle(submitted.id, 'ENTERPRISE_DEREGISTRATION');
      expect(bundle.status, JSON.stringify(bundle)).toBe('COMPLETED');
      for (const b of seen) {
        if (step(b, 'MARKET_DEREGISTER').status !== 'PENDING') {
          expect(step(b, 'TAX_CLEARANCE').status).toBe('SUCCEEDED');
          expect(step(b, 'INSURANCE_CLOSE').status).toBe('SUCCEEDED');
        }
      }
      expect(bundle.results).toMatchObject({ taxClearanceNo: expect.any(String), deregisteredOn: expect.any(String), insuranceClosedEmployerNo: expect.any(String) });
      expect(writes()).toMatchObject({ taxClearance: 1, insuranceClose: 1, marketDeregister: 1 });
      const res = await stack.query(ENTERPRISE, { uscc });
      expect((res.data as any).enterprise.registration.deregisteredOn).toBe(bundle.results.deregisteredOn);
    } finally {
      stack.backends.sims.market.setFaults({ latencyMs: 0 });
    }
  });

  it('a rename reaches real estate only for a property holder', async () => {
    stack.resetBackendStats();
    const holder = await submit(CHANGE, { idempotencyKey: 'e2e-rename-holder', uscc: SAMPLE_USCC.renamed, newName: '青岛云帆数智科技有限公司', holdsProperty: true }, 'ENTERPRISE_CHANGE');
    expect(holder.steps.map((s: any) => s.key)).toEqual(['MARKET_CHANGE', 'INSURANCE_CHANGE', 'REAL_ESTATE_RENAME']);
    const done = (await settle(holder.id, 'ENTERPRISE_CHANGE')).bundle;
    expect(done.status, JSON.stringify(done)).toBe('COMPLETED');
    expect(writes()).toMatchObject({ marketChange: 1, insuranceChange: 1 });
    expect(writes().realEstate).toBeGreaterThan(0);
    const res = await stack.query(ENTERPRISE, { uscc: SAMPLE_USCC.renamed });
    expect((res.data as any).enterprise.registration.name).toBe('青岛云帆数智科技有限公司');

    stack.resetBackendStats();
    const other = await submit(CHANGE, { idempotencyKey: 'e2e-rename-plain', uscc: SAMPLE_USCC.newlyOpened, newName: '青岛海创智造科技有限公司' }, 'ENTERPRISE_CHANGE');
    expect(other.steps.map((s: any) => s.key)).toEqual(['MARKET_CHANGE', 'INSURANCE_CHANGE']);
    const plain = (await settle(other.id, 'ENTERPRISE_CHANGE')).bundle;
    expect(plain.status, JSON.stringify(plain)).toBe('COMPLETED');
    expect(writes()).toMatchObject({ marketChange: 1, insuranceChange: 1, realEstate: 0 });
  });
});
