import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import type { RunningServices } from '@district/subgraph-services/server';
import { extractText, getDocumentProxy } from 'unpdf';
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

  /** A certificate's PDF as a terminal fetches it: from the gateway's port, with the terminal's token. */
  const pdfThroughGateway = (path: string, headers: Record<string, string> = terminal) => fetch(new URL(path, stack.gateway.url), { headers });
  const pdfText = async (bytes: ArrayBuffer) => (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;

  it('prints an issued certificate through the gateway for a terminal: the number, the enterprise and the code in its text, the CJK font subset in it', async () => {
    const c = issued.TAX_PAYMENT;
    const res = await pdfThroughGateway(c.pdfPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = await res.arrayBuffer();
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    const text = await pdfText(bytes);
    expect(text).toContain(c.number);
    expect(text).toContain(c.verificationCode);
    expect(text).toContain(c.enterpriseName);
    expect(text).toContain('纳税证明');
    // The print is recorded under the terminal that asked.
    const rows = await (stack.subgraphs.services as RunningServices).db.query<any>(`SELECT role FROM access_record WHERE who = 'certificate-pdf:terminal-7' AND case_id = $1`, [c.number]);
    expect(rows).toEqual([{ role: 'frontend-app' }]);
  });

  it('prints nothing without a token, nor for a code no certificate carries, nor from the subgraph port directly', async () => {
    const c = issued.TAX_PAYMENT;
    const anonymous = await pdfThroughGateway(c.pdfPath, {});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const unknown = await pdfThroughGateway('/certificates/2222-2222-2222-2222/pdf');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).errors[0].extensions.code).toBe('NOT_FOUND');
    const direct = await fetch(new URL(c.pdfPath, stack.subgraphs.services.url));
    expect(direct.status).toBe(401);
    // The metrics name the route, never a verification code (a key to the paper).
    const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(metrics).toContain('route="/certificates/:code/pdf"');
    expect(metrics).not.toContain(c.verificationCode);
  });

  it('revokes a certificate for the issuing department, with a reason: verification says REVOKED and it no longer prints; the enterprise may not', async () => {
    const c = issued.INSURANCE_CONTRIBUTION;
    const REVOKE = `mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { number status revokedAt reason } }`;
    const input = { number: c.number, reason: '缴费数据更正，原证明作废', idempotencyKey: `e2e-revoke-${process.pid}` };
    const enterprise = await stack.authHeaders({ role: 'enterprise', uscc: SAMPLE_USCC.healthy, purpose: 'SELF_SERVICE', sub: 'ent-self' } as any);
    expect((await stack.query(REVOKE, { input }, enterprise)).errors![0].extensions!.code).toBe('FORBIDDEN');
    const officer = await stack.authHeaders({ role: 'department-officer', department: 'MEDICAL_INSURANCE', purpose: 'DEPARTMENT_CASE', sub: 'mi-officer-1' } as any);
    const res = await stack.query(REVOKE, { input }, officer);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data!.revokeCertificate).toMatchObject({ number: c.number, status: 'REVOKED', reason: input.reason });
    expect((await stack.query(VERIFY, { code: c.verificationCode }, terminal)).data!.verifyCertificate).toMatchObject({ status: 'REVOKED', genuine: true, number: c.number });
    const pdf = await pdfThroughGateway(c.pdfPath);
    expect(pdf.status).toBe(410);
    expect((await pdf.json()).errors[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reasons: [expect.stringMatching(/已撤销/)] });
  });

  it('tells an expired certificate from a valid one, and does not print it', async () => {
    const c = issued.PROPERTY_HOLDINGS;
    const db = (stack.subgraphs.services as RunningServices).db;
    // Validity is a column beside the signed document: moving it into the past is how a certificate ages in a test.
    await db.query(`UPDATE certificate SET valid_until = now() - interval '1 minute' WHERE number = $1`, [c.number]);
    expect((await stack.query(VERIFY, { code: c.verificationCode }, terminal)).data!.verifyCertificate).toMatchObject({ status: 'EXPIRED', genuine: true });
    expect((await pdfThroughGateway(c.pdfPath)).status).toBe(410);
    await db.query(`UPDATE certificate SET valid_until = now() + interval '30 days' WHERE number = $1`, [c.number]);
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
