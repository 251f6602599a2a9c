import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';

/**
 * 证明 (certificates) through the whole stack: issued through the gateway from the department
 * subgraphs' facts on the sample enterprises, refused where the facts do not support them,
 * verified by a terminal's frontend-app token, and failing verification once the stored document is
 * changed.
 */
const ISSUE = `mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { number kind title issuingDepartment uscc enterpriseName statement items { label value } verificationCode pdfPath } }`;
const VERIFY = `query($code: String!) { verifyCertificate(code: $code) { status genuine number kind title } }`;
// Every month the departments keep online (the last twelve) lies in it.
const PERIOD = { from: '2000-01', to: '2099-12' };

describe('certificates through the gateway', () => {
  let stack: Stack;
  let window: Record<string, string>;
  let terminal: Record<string, string>;
  let keys = 0;
  const issue = (input: Record<string, unknown>, headers = window) => stack.query(ISSUE, { input: { idempotencyKey: `e2e-cert-${process.pid}-${++keys}`, ...input } }, headers);

  beforeAll(async () => {
    stack = await startStack({ env: { BUNDLE_WORKER: 'false' } });
    window = await stack.authHeaders({ role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', sub: 'w-cert' } as any);
    terminal = await stack.authHeaders({ role: 'frontend-app', sub: 'terminal-7' } as any);
  });
  afterAll(async () => stack?.stop());

  const issued: Record<string, any> = {};

  it('issues each kind from the departments: a healthy enterprise, and the clearance of the deregistered one', async () => {
    const cases: [string, string][] = [
      ['TAX_PAYMENT', SAMPLE_USCC.healthy], ['NO_TAX_ARREARS', SAMPLE_USCC.healthy], ['INSURANCE_CONTRIBUTION', SAMPLE_USCC.healthy],
      ['PROPERTY_HOLDINGS', SAMPLE_USCC.healthy], ['TAX_CLEARANCE', SAMPLE_USCC.deregistered],
    ];
    for (const [kind, uscc] of cases) {
      const res = await issue({ kind, uscc, period: PERIOD });
      expect(res.errors, `${kind}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      const c = res.data!.issueCertificate;
      expect(c).toMatchObject({ kind, uscc });
      expect(c.number).toMatch(/^LS-ZM-\d{8}-\d{6}$/);
      expect(c.enterpriseName.length).toBeGreaterThan(1);
      expect(c.statement.length).toBeGreaterThan(5);
      issued[kind] = c;
    }
    expect(issued.PROPERTY_HOLDINGS.items.length).toBeGreaterThanOrEqual(1);
    expect(issued.TAX_CLEARANCE.items[0].label).toBe('文书号');
  });

  it('refuses a 无欠税证明 for the troubled sample, with the reason', async () => {
    const res = await issue({ kind: 'NO_TAX_ARREARS', uscc: SAMPLE_USCC.troubled });
    expect(res.data?.issueCertificate ?? null).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reasons: [expect.stringMatching(/^税务 \(tax\): 存在欠税.+ — tax arrears are outstanding/)] });
  });

  it('refuses a terminal that tries to issue', async () => {
    const res = await issue({ kind: 'NO_TAX_ARREARS', uscc: SAMPLE_USCC.healthy }, terminal);
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('serves an issued certificate as a PDF on services: the number, the code and the CJK font subset in it', async () => {
    const c = issued.TAX_PAYMENT;
    const res = await fetch(new URL(c.pdfPath, stack.subgraphs.services.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const raw = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toContain(`(${c.number})`);
    expect(raw).toContain(`(${c.verificationCode})`);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
  });

  it("shows issuing (refused too) and verifying in the enterprise's own accessLog", async () => {
    await stack.query(VERIFY, { code: issued.PROPERTY_HOLDINGS.verificationCode }, terminal);
    const log = async (uscc: string) => {
      const headers = await stack.authHeaders({ role: 'enterprise', uscc, purpose: 'SELF_SERVICE', sub: `ent-${uscc}` } as any);
      const res = await stack.query(`query($uscc: ID!) { enterprise(uscc: $uscc) { accessLog(first: 100) { edges { node { role purpose caseId departments fields outcome } } } } }`, { uscc }, headers);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return (res.data as any).enterprise.accessLog.edges.map((e: any) => e.node);
    };
    const healthy = await log(SAMPLE_USCC.healthy);
    expect(healthy).toContainEqual(expect.objectContaining({ role: 'window-staff', caseId: issued.TAX_PAYMENT.number, departments: ['TAX'], outcome: 'OK', fields: expect.arrayContaining(['TaxProfile.payments']) }));
    expect(healthy).toContainEqual(expect.objectContaining({ role: 'frontend-app', caseId: issued.PROPERTY_HOLDINGS.number, fields: ['Query.verifyCertificate'], outcome: 'OK' }));
    const troubled = await log(SAMPLE_USCC.troubled);
    expect(troubled).toContainEqual(expect.objectContaining({ role: 'window-staff', departments: ['TAX'], outcome: 'INVALID', fields: expect.arrayContaining(['TaxProfile.hasArrears']) }));
  });

  it('verifies a certificate as genuine for a terminal, and as invalid once its stored document is changed', async () => {
    const c = issued.NO_TAX_ARREARS;
    const ok = await stack.query(VERIFY, { code: c.verificationCode }, terminal);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.verifyCertificate).toEqual({ status: 'VALID', genuine: true, number: c.number, kind: 'NO_TAX_ARREARS', title: '无欠税证明' });
    await (stack.subgraphs.services as RunningServices).db.query(`UPDATE certificate SET document = replace(document, '未发现', '发现') WHERE number = $1`, [c.number]);
    const tampered = await stack.query(VERIFY, { code: c.verificationCode }, terminal);
    expect(tampered.data!.verifyCertificate).toEqual({ status: 'INVALID', genuine: false, number: null, kind: null, title: null });
  });
});
