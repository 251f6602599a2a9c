import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';
import { backendWrites, openingForm } from './forms.ts';

/**
 * 前置条件核验 through the whole stack: a bundle the departments would refuse is refused at
 * submission, through the gateway, with every department's reason, and nothing is stored or
 * written. The services subgraph reads the real department subgraphs (role system) for the facts,
 * and judges them as Enterprise.exitReadiness does, so the two always agree.
 */
const DEREGISTER = `mutation($input: DeregisterEnterpriseInput!) { deregisterEnterprise(input: $input) { id status } }`;
const CHANGE = `mutation($input: ChangeEnterpriseInput!) { changeEnterprise(input: $input) { id status } }`;
const OPEN = `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { id status } }`;
const READINESS = `query($u: ID!) { enterprise(uscc: $u) { exitReadiness { simplifiedAllowed generalAllowed unknown blockers { department code reason blocks } } } }`;

type Path = 'SIMPLIFIED' | 'GENERAL';
const form = (key: string, uscc: string, path: Path) => ({ idempotencyKey: key, uscc, path, investorsUndertaking: true, liquidationReportFiled: true });

describe('bundle preconditions checked up front', () => {
  let stack: Stack;
  let headers: Record<string, Record<string, string>>;
  let keys = 0;

  beforeAll(async () => {
    // The worker is off: whatever is refused here could not have been written by it anyway, and
    // anything accepted by mistake stays visible in the store.
    stack = await startStack({ env: { BUNDLE_WORKER: 'false' } });
    headers = {};
    for (const purpose of ['ENTERPRISE_OPENING', 'ENTERPRISE_CHANGE', 'ENTERPRISE_DEREGISTRATION']) {
      headers[purpose] = await stack.authHeaders({ role: 'window-staff', purpose, sub: 'w-pre' } as any);
    }
  });
  afterAll(async () => stack?.stop());

  const stored = async (key: string) =>
    (await (stack.subgraphs.services as RunningServices).db.query('SELECT id FROM bundle WHERE idempotency_key = $1', [key])).length;
  /**
   * No department write. The real-estate stand-in serves reads and writes on its one route, so it is
   * allowed the precheck's single read (none when the subgraph's cache answered).
   */
  const noWrites = () => {
    const { realEstate, ...writes } = backendWrites(stack);
    return Object.values(writes).every((n) => n === 0) && realEstate <= 1;
  };

  /** Submits a deregistration; returns the refusal (or fails the test if it was accepted). */
  async function refusedDeregistration(uscc: string, path: Path) {
    const key = `e2e-pre-dereg-${++keys}`;
    stack.resetBackendStats();
    const res = await stack.query(DEREGISTER, { input: form(key, uscc, path) }, headers.ENTERPRISE_DEREGISTRATION);
    expect(res.data?.deregisterEnterprise ?? null, JSON.stringify(res)).toBeNull();
    expect(res.errors).toHaveLength(1);
    // Nothing stored (no case number was issued, the key is free), nothing written at any department.
    expect(await stored(key)).toBe(0);
    expect(noWrites(), JSON.stringify(backendWrites(stack))).toBe(true);
    return res.errors![0];
  }
  const codes = (error: { extensions?: Record<string, any> }) => error.extensions!.blockers.map((b: any) => `${b.department}:${b.code}`);

  it('refuses the troubled sample up front, naming every blocker and its department', async () => {
    const error = await refusedDeregistration(SAMPLE_USCC.troubled, 'SIMPLIFIED');
    expect(error.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', path: 'SIMPLIFIED', unknown: [] });
    expect(codes(error)).toEqual(['TAX:TAX_ARREARS', 'MEDICAL_INSURANCE:INSURANCE_ARREARS', 'REAL_ESTATE:PROPERTY_SEIZED', 'REAL_ESTATE:PROPERTY_HELD']);
    const reasons: string[] = error.extensions!.reasons;
    expect(reasons).toHaveLength(4);
    expect(reasons[0]).toMatch(/^税务 \(tax\): 存在欠税.+ — tax arrears/);
    expect(reasons[1]).toMatch(/^医保 \(medical insurance\): .+ — .+arrears/);
    expect(reasons[2]).toMatch(/^不动产登记 \(real estate\): 不动产被查封 — property is under a court seizure/);
    for (const r of reasons) expect(error.message).toContain(r);
    // On the general path the property held no longer blocks; the rest still do.
    expect(codes(await refusedDeregistration(SAMPLE_USCC.troubled, 'GENERAL'))).toEqual(['TAX:TAX_ARREARS', 'MEDICAL_INSURANCE:INSURANCE_ARREARS', 'REAL_ESTATE:PROPERTY_SEIZED']);
  });

  it('refuses the deregistered sample: the registry says it is closed already', async () => {
    const error = await refusedDeregistration(SAMPLE_USCC.deregistered, 'GENERAL');
    expect(codes(error)).toEqual(['MARKET:NOT_REGISTERED']);
    expect(error.extensions!.reasons[0]).toMatch(/^市场监管 \(market registration\): .+DEREGISTERED/);
  });

  it('refuses the revoked sample: 吊销 rules out the simplified path, tax arrears and 非正常户 both', async () => {
    expect(codes(await refusedDeregistration(SAMPLE_USCC.revoked, 'SIMPLIFIED'))).toEqual(['MARKET:LICENCE_REVOKED', 'MARKET:ABNORMAL_LIST', 'TAX:TAX_ARREARS', 'TAX:TAX_ABNORMAL']);
    expect(codes(await refusedDeregistration(SAMPLE_USCC.revoked, 'GENERAL'))).toEqual(['TAX:TAX_ARREARS', 'TAX:TAX_ABNORMAL']);
  });

  it('refuses the abnormal sample, and says which department holds no record of it', async () => {
    const error = await refusedDeregistration(SAMPLE_USCC.abnormal, 'GENERAL');
    expect(codes(error)).toEqual(['TAX:TAX_ABNORMAL', 'MEDICAL_INSURANCE:NO_RECORD']);
    expect(error.extensions!.unknown).toEqual(['insuranceArrears']);
  });

  it('agrees with Enterprise.exitReadiness through the gateway, sample by sample and path by path', async () => {
    const samples = ['healthy', 'deregistered', 'troubled', 'abnormal', 'revoked'] as const;
    for (const sample of samples) {
      const uscc = SAMPLE_USCC[sample];
      const res = await stack.query(READINESS, { u: uscc }, headers.ENTERPRISE_DEREGISTRATION);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const readiness = (res.data as any).enterprise.exitReadiness;
      for (const path of ['SIMPLIFIED', 'GENERAL'] as const) {
        const allowed = path === 'SIMPLIFIED' ? readiness.simplifiedAllowed : readiness.generalAllowed;
        // None of these samples may leave by either path; were one allowed, the mutation would accept it.
        expect(allowed, `${sample} ${path}`).toBe(false);
        const error = await refusedDeregistration(uscc, path);
        const expected = readiness.blockers.filter((b: any) => b.blocks.includes(path));
        const judged = error.extensions!.blockers.filter((b: any) => !['NO_RECORD', 'UNCONFIRMED'].includes(b.code));
        expect(judged.map((b: any) => [b.department, b.code]), `${sample} ${path}`).toEqual(expected.map((b: any) => [b.department, b.code]));
        expect(judged.map((b: any) => b.reason)).toEqual(expected.map((b: any) => expect.stringContaining(b.reason)));
        expect(error.extensions!.unknown, `${sample} ${path}`).toEqual(readiness.unknown);
      }
    }
  });

  it('refuses a change of an enterprise deregistered, revoked or never registered; a name held by another', async () => {
    const change = async (uscc: string, extra: Record<string, unknown> = {}) => {
      const key = `e2e-pre-change-${++keys}`;
      const res = await stack.query(CHANGE, { input: { idempotencyKey: key, uscc, newAddress: '山东省青岛市崂山区海尔路2号', ...extra } }, headers.ENTERPRISE_CHANGE);
      expect(await stored(key)).toBe(0);
      expect(res.errors?.[0].extensions?.code, JSON.stringify(res)).toBe('PRECONDITION_FAILED');
      return codes(res.errors![0]);
    };
    expect(await change(SAMPLE_USCC.deregistered)).toEqual(['MARKET:STATUS']);
    expect(await change(SAMPLE_USCC.revoked)).toEqual(['MARKET:STATUS']);
    expect(await change('91370212MA3C22221E')).toEqual(['MARKET:NOT_REGISTERED']);
    expect(await change(SAMPLE_USCC.newlyOpened, { newName: '青岛海岸线科技有限公司' })).toEqual(['MARKET:NAME_TAKEN']);
  });

  it('refuses an opening under a name already registered', async () => {
    const res = await stack.query(OPEN, { input: openingForm('e2e-pre-open-taken', '青岛海岸线科技有限公司') }, headers.ENTERPRISE_OPENING);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', blockers: [{ department: 'MARKET', code: 'NAME_TAKEN' }] });
    expect(await stored('e2e-pre-open-taken')).toBe(0);
  });

  it('refuses with DEPARTMENT_UNAVAILABLE, storing nothing, while a department cannot be read', async () => {
    stack.backends.sims.tax.setFaults({ outage: true });
    try {
      // A sample nobody has read in this stack, so no cached copy stands in for the tax bureau.
      const key = 'e2e-pre-dereg-outage';
      const res = await stack.query(DEREGISTER, { input: form(key, SAMPLE_USCC.individual, 'GENERAL') }, headers.ENTERPRISE_DEREGISTRATION);
      expect(res.errors?.[0].extensions, JSON.stringify(res)).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', departments: ['TAX'] });
      expect(res.errors?.[0].message).toMatch(/nothing was submitted/);
      expect(await stored(key)).toBe(0);
    } finally {
      stack.backends.sims.tax.setFaults({ outage: false });
    }
  });
});
