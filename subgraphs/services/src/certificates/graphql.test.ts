import { postSigned, signedHeaders } from '@district/subgraph-kit/testing';
import type { Caller } from '@district/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServicesConfig } from '../config.ts';
import { startServicesSubgraph, type RunningServices } from '../server.ts';
import { FakeDepartments } from '../departments/fake.ts';

const HEALTHY = '91370212MA3C12346X';
const TROUBLED = '91350100M000100Y43';

/** What the fake departments answer for the healthy enterprise (the selections of kinds.ts). */
const healthy = {
  tax: {
    name: '青岛崂山示例科技有限公司', status: 'NORMAL', hasArrears: false, dataAsOf: '2026-11-30',
    payments: [
      { taxItemLabel: '增值税', periodFrom: '2026-09-01', periodTo: '2026-09-30', amount: '1200.50', paidOn: '2026-10-15' },
      { taxItemLabel: '企业所得税', periodFrom: '2026-07-01', periodTo: '2026-09-30', amount: '800.00', paidOn: '2026-10-20' },
      { taxItemLabel: '增值税', periodFrom: '2026-10-01', periodTo: '2026-10-31', amount: '99.50', paidOn: '2026-11-14' },
      { taxItemLabel: '增值税', periodFrom: '2026-05-01', periodTo: '2026-05-31', amount: '5000.00', paidOn: '2026-06-15' },
    ],
    clearance: { certificateNo: '青崂税 税企清〔2026〕0001号', title: '清税证明', issuedOn: '2026-11-20', pathLabel: '即办' },
  },
  medicalInsurance: {
    employerNo: '3702120000000001', name: '青岛崂山示例科技有限公司', statusLabel: '正常',
    contributions: [
      { period: '2026-09', headcount: 12, employerAmount: '4000.00', employeeAmount: '1000.00', total: '5000.00', received: '5000.00' },
      { period: '2026-10', headcount: 13, employerAmount: '4200.00', employeeAmount: '1050.00', total: '5250.00', received: '5250.00' },
    ],
  },
  realEstate: {
    registeredName: '青岛崂山示例科技有限公司', currentUnitCount: 1, hasMortgage: false, hasSeizure: false,
    rights: [{ certificateNo: '鲁(2023)青岛市崂山区不动产权第0012345号', location: '崂山区海尔路1号1501', rightTypeLabel: '国有建设用地使用权/房屋所有权', use: '办公', floorArea: 120.5, registeredOn: '2023-05-06' }],
  },
};

const CERT = 'number kind title issuingDepartment uscc enterpriseName period { from to } statement items { label value } issuedAt validUntil verificationCode pdfPath';
const VERIFY = 'status genuine number kind title issuingDepartment issuedAt validUntil';
const self = (uscc: string): Partial<Caller> => ({ sub: 'ent-1', role: 'enterprise', uscc, purpose: 'SELF_SERVICE' });
const window: Partial<Caller> = { sub: 'window-01', role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION' };
const terminal: Partial<Caller> = { sub: 'terminal-7', role: 'frontend-app' };
const PERIOD = { from: '2026-09', to: '2026-11' };

describe('certificates (证明) through the services graph', () => {
  const schema = `t_cert_${process.pid}_${Date.now().toString(36)}`;
  const fake = new FakeDepartments();
  let services: RunningServices;
  let seq = 0;
  const issue = (caller: Partial<Caller>, input: Record<string, unknown>) =>
    postSigned(services.url, `mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { ${CERT} } }`, { input: { idempotencyKey: `cert-key-${++seq}`, ...input } }, caller);
  const verify = (code: string) => postSigned(services.url, `query($code: String!) { verifyCertificate(code: $code) { ${VERIFY} } }`, { code }, terminal);

  beforeAll(async () => {
    fake.entities.set(HEALTHY, healthy);
    fake.entities.set(TROUBLED, { tax: { ...healthy.tax, name: '困难企业', hasArrears: true, clearance: null }, medicalInsurance: { ...healthy.medicalInsurance, contributions: [] } });
    services = await startServicesSubgraph(readServicesConfig({ NODE_ENV: 'test', DATABASE_SCHEMA: schema, SEED_DEMO_DATA: 'false', BUNDLE_WORKER: 'false' }), { port: 0, departments: fake });
  });
  afterAll(async () => { await services?.stop(); });

  it('issues a 纳税证明 of the period: taxes paid by item and in total, numbered, dated, with a code', async () => {
    const { data, errors } = await issue(self(HEALTHY), { kind: 'TAX_PAYMENT', uscc: HEALTHY, period: PERIOD });
    expect(errors).toBeUndefined();
    const c = data.issueCertificate;
    expect(c).toMatchObject({ kind: 'TAX_PAYMENT', title: '纳税证明', issuingDepartment: 'TAX', uscc: HEALTHY, enterpriseName: '青岛崂山示例科技有限公司', period: PERIOD });
    expect(c.number).toMatch(/^LS-ZM-\d{8}-\d{6}$/);
    expect(c.verificationCode).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(c.items).toEqual([{ label: '增值税', value: '1300.00 元' }, { label: '企业所得税', value: '800.00 元' }, { label: '合计', value: '2100.00 元' }]);
    expect(c.statement).toContain('2100.00');
    expect(c.pdfPath).toBe(`/certificates/${c.verificationCode}/pdf`);
    expect(Date.parse(c.validUntil) - Date.parse(c.issuedAt)).toBe(30 * 86_400_000);
  });

  it('issues each other kind for a healthy enterprise (window staff with a purpose)', async () => {
    for (const kind of ['NO_TAX_ARREARS', 'TAX_CLEARANCE', 'INSURANCE_CONTRIBUTION', 'PROPERTY_HOLDINGS']) {
      const { data, errors } = await issue(window, { kind, uscc: HEALTHY, period: PERIOD });
      expect(errors, kind).toBeUndefined();
      expect(data.issueCertificate.kind).toBe(kind);
    }
    const { data } = await issue(window, { kind: 'INSURANCE_CONTRIBUTION', uscc: HEALTHY, period: PERIOD });
    expect(data.issueCertificate.items.at(-1)).toEqual({ label: '实缴合计', value: '10250.00 元' });
    expect(data.issueCertificate.period).toEqual(PERIOD);
  });

  it('refuses a 无欠税证明 while arrears exist, and a 清税证明 without clearance, with the reason', async () => {
    const arrears = await issue(self(TROUBLED), { kind: 'NO_TAX_ARREARS', uscc: TROUBLED });
    expect(arrears.errors![0].extensions.code).toBe('PRECONDITION_FAILED');
    expect(arrears.errors![0].extensions.reasons).toEqual(['税务 (tax): 存在欠税，不能开具无欠税证明 — tax arrears are outstanding, so no 无欠税证明 can be issued']);
    const clearance = await issue(self(TROUBLED), { kind: 'TAX_CLEARANCE', uscc: TROUBLED });
    expect(clearance.errors![0].extensions.code).toBe('PRECONDITION_FAILED');
    const insurance = await issue(self(TROUBLED), { kind: 'INSURANCE_CONTRIBUTION', uscc: TROUBLED, period: PERIOD });
    expect(insurance.errors![0].extensions.reasons[0]).toContain('没有缴费记录');
  });

  it('refuses others: another enterprise, staff without a purpose, a terminal; and bad input', async () => {
    for (const caller of [self(TROUBLED), { sub: 'w', role: 'window-staff' }, terminal] as Partial<Caller>[]) {
      const { errors } = await issue(caller, { kind: 'NO_TAX_ARREARS', uscc: HEALTHY });
      expect(errors![0].extensions.code).toBe('FORBIDDEN');
    }
    const noPeriod = await issue(window, { kind: 'TAX_PAYMENT', uscc: HEALTHY });
    expect(noPeriod.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const badPeriod = await issue(window, { kind: 'TAX_PAYMENT', uscc: HEALTHY, period: { from: '2026-11', to: '2026-09' } });
    expect(badPeriod.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers the same certificate for the same key, and CONFLICT for another request under it', async () => {
    const input = { kind: 'NO_TAX_ARREARS', uscc: HEALTHY, idempotencyKey: 'same-key-0001' };
    const first = await issue(window, input);
    const again = await issue(window, input);
    expect(again.data.issueCertificate.number).toBe(first.data.issueCertificate.number);
    const other = await issue(window, { ...input, kind: 'TAX_CLEARANCE' });
    expect(other.errors![0].extensions.code).toBe('CONFLICT');
  });

  it('verifies genuine and valid for a terminal, without the enterprise; tampered, revoked, expired and unknown are told apart', async () => {
    const { data } = await issue(self(HEALTHY), { kind: 'NO_TAX_ARREARS', uscc: HEALTHY });
    const c = data.issueCertificate;
    const ok = await verify(` ${c.verificationCode.toLowerCase()} `);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.verifyCertificate).toEqual({
      status: 'VALID', genuine: true, number: c.number, kind: 'NO_TAX_ARREARS', title: '无欠税证明', issuingDepartment: 'TAX', issuedAt: c.issuedAt, validUntil: c.validUntil,
    });
    expect(JSON.stringify(ok.data)).not.toContain(HEALTHY);

    await services.db.query(`UPDATE certificate SET document = replace(document, '未发现', '发现') WHERE number = $1`, [c.number]);
    expect((await verify(c.verificationCode)).data.verifyCertificate).toMatchObject({ status: 'INVALID', genuine: false, number: null });

    const revoked = (await issue(window, { kind: 'PROPERTY_HOLDINGS', uscc: HEALTHY })).data.issueCertificate;
    await services.db.query('UPDATE certificate SET revoked_at = now() WHERE number = $1', [revoked.number]);
    expect((await verify(revoked.verificationCode)).data.verifyCertificate).toMatchObject({ status: 'REVOKED', genuine: true });

    // Expiry is a column beside the signed document: moving it does not make a certificate valid again.
    const expired = (await issue(window, { kind: 'TAX_CLEARANCE', uscc: HEALTHY })).data.issueCertificate;
    await services.db.query(`UPDATE certificate SET valid_until = now() - interval '1 day' WHERE number = $1`, [expired.number]);
    expect((await verify(expired.verificationCode)).data.verifyCertificate).toMatchObject({ status: 'EXPIRED', genuine: true });

    expect((await verify('2222-2222-2222-2222')).data.verifyCertificate).toMatchObject({ status: 'NOT_FOUND', genuine: false });
  });

  it('serves a valid certificate as a PDF with the CJK font subset embedded; unknown is 404, tampered 410', async () => {
    const c = (await issue(self(HEALTHY), { kind: 'TAX_PAYMENT', uscc: HEALTHY, period: PERIOD })).data.issueCertificate;
    // Only the gateway is served: without its signed context the subgraph prints nothing.
    const direct = await fetch(new URL(c.pdfPath, services.url));
    expect(direct.status).toBe(401);
    expect((await direct.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const pdfOf = async (path: string) => fetch(new URL(path, services.url), { headers: await signedHeaders(terminal) });
    const res = await pdfOf(c.pdfPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    // The font is a subset (a six-letter tag before its name) embedded as TrueType, not the 10 MB file.
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(raw).toContain('/FontFile2');
    expect(pdf.length).toBeLessThan(400_000);
    expect(raw).toContain(`(${c.number})`);
    expect(raw).toContain(`(${c.verificationCode})`);

    const unknown = await pdfOf('/certificates/2222-2222-2222-2222/pdf');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).errors[0].extensions.code).toBe('NOT_FOUND');
    await services.db.query(`UPDATE certificate SET document = replace(document, '2100.00', '9100.00') WHERE number = $1`, [c.number]);
    const tampered = await pdfOf(c.pdfPath);
    expect(tampered.status).toBe(410);
    expect((await tampered.json()).errors[0].extensions.code).toBe('PRECONDITION_FAILED');
  });

  const REVOKE = 'mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { number status revokedAt reason } }';
  const revoke = (caller: Partial<Caller>, input: Record<string, unknown>) => postSigned(services.url, REVOKE, { input }, caller);
  const taxOfficer: Partial<Caller> = { sub: 'tax-officer-1', role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE' };

  it('revokes a certificate for its issuing department or the window, with a reason, once per key; verification then says REVOKED and the PDF no longer prints', async () => {
    const c = (await issue(window, { kind: 'NO_TAX_ARREARS', uscc: HEALTHY })).data.issueCertificate;
    const input = { number: c.number, reason: '开具时欠税数据未同步，证明有误', idempotencyKey: `revoke-${c.number}` };
    // Not the enterprise, not a terminal, not another department's officer.
    for (const caller of [self(HEALTHY), terminal, { ...taxOfficer, department: 'REAL_ESTATE' }, { ...taxOfficer, purpose: undefined }] as Partial<Caller>[]) {
      const refused = await revoke(caller, input);
      expect(refused.errors![0].extensions.code, JSON.stringify(caller)).toBe('FORBIDDEN');
    }
    expect((await verify(c.verificationCode)).data.verifyCertificate.status).toBe('VALID');
    expect((await revoke(taxOfficer, { ...input, reason: ' ' })).errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('reason') });

    const first = await revoke(taxOfficer, input);
    expect(first.errors).toBeUndefined();
    expect(first.data.revokeCertificate).toMatchObject({ number: c.number, status: 'REVOKED', reason: input.reason });
    expect((await revoke(taxOfficer, input)).data.revokeCertificate).toEqual(first.data.revokeCertificate);
    expect((await revoke(window, { ...input, idempotencyKey: `again-${c.number}` })).errors![0].extensions.code).toBe('CONFLICT');
    expect((await revoke(taxOfficer, { ...input, reason: '另一个原因' })).errors![0].extensions.code).toBe('CONFLICT');

    expect((await verify(c.verificationCode)).data.verifyCertificate).toMatchObject({ status: 'REVOKED', genuine: true, number: c.number });
    const pdf = await fetch(new URL(c.pdfPath, services.url), { headers: await signedHeaders(terminal) });
    expect(pdf.status).toBe(410);
    expect((await pdf.json()).errors[0].extensions.reasons[0]).toMatch(/已撤销/);

    // The window revokes a 医保 certificate too; an unknown number is told apart.
    const insurance = (await issue(window, { kind: 'INSURANCE_CONTRIBUTION', uscc: HEALTHY, period: PERIOD })).data.issueCertificate;
    expect((await revoke(taxOfficer, { number: insurance.number, reason: '不是本部门出具', idempotencyKey: `revoke-${insurance.number}-tax` })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await revoke(window, { number: insurance.number, reason: '企业申请作废', idempotencyKey: `revoke-${insurance.number}` })).data.revokeCertificate.status).toBe('REVOKED');
    expect((await revoke(window, { number: 'LS-ZM-20990101-999999', reason: '不存在', idempotencyKey: 'revoke-unknown-1' })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const rows = await services.db.query<any>(`SELECT who, role, subjects FROM access_record WHERE who LIKE 'certificate-revoke:%' AND case_id = $1`, [c.number]);
    expect(rows).toEqual([{ who: 'certificate-revoke:tax-officer-1', role: 'department-officer', subjects: [HEALTHY] }]);
  });

  it('puts issuing (refused too) and verifying on the access record of the enterprise', async () => {
    const rows = await services.db.query<any>(`SELECT who, role, purpose, case_id, departments, subjects, fields, outcome FROM access_record WHERE who LIKE 'certificate-%' ORDER BY seq`);
    expect(rows.some((r) => r.who === 'certificate-issue:ent-1' && r.outcome === 'OK' && r.subjects.includes(HEALTHY) && r.fields.includes('TaxProfile.payments'))).toBe(true);
    expect(rows.some((r) => r.who === 'certificate-issue:ent-1' && r.outcome === 'INVALID' && r.subjects.includes(TROUBLED) && r.fields.includes('TaxProfile.hasArrears'))).toBe(true);
    expect(rows.some((r) => r.who === 'certificate-verify:terminal-7' && r.role === 'frontend-app' && r.subjects.includes(HEALTHY) && r.fields.includes('Query.verifyCertificate'))).toBe(true);
    // A print is recorded under whoever the gateway signed in: here the terminal.
    expect(rows.some((r) => r.who === 'certificate-pdf:terminal-7' && r.role === 'frontend-app' && r.subjects.includes(HEALTHY))).toBe(true);
  });
});
