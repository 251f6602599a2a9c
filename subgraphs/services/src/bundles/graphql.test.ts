import { postSigned, signedHeaders } from '@district/subgraph-kit/testing';
import { POLL } from '@district/runtime/polling';
import type { Caller } from '@district/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readServicesConfig } from '../config.ts';
import { startServicesSubgraph, type RunningServices } from '../server.ts';
import { FakeDepartments } from '../departments/fake.ts';

const stores = [
  { kind: 'pglite', env: {} as Record<string, string> },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', env: { DATABASE_URL: process.env.DATABASE_URL } }] : []),
];

const USCC = '91370212MA3C12346X';
const OTHER = '91370212MA3C22221E';
const ID_NUMBER = '370212198001011235';
const opening = (key: string, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: key, name: '青岛崂山示例科技有限公司', registeredCapital: '1000000.00', address: '山东省青岛市崂山区海尔路1号',
  businessScope: '软件开发', legalRepresentative: { name: '张三', idNumber: ID_NUMBER, phone: '13800000001' }, ...extra,
});
const window = (purpose: Caller['purpose']): Partial<Caller> => ({ sub: 'window-01', role: 'window-staff', purpose });
const BUNDLE = 'id kind status reason uscc createdAt updatedAt steps { key department title status attempts lastError result { uscc licenceNo } } results { uscc licenceNo taxConfirmationNo insuranceEmployerNo taxClearanceNo }';

describe.each(stores)('bundles through the services graph on $kind', ({ env }) => {
  const schema = `t_bgql_${process.pid}_${Date.now().toString(36)}`;
  const fake = new FakeDepartments();
  let services: RunningServices;
  const gql = (caller: Partial<Caller>, query: string, variables?: Record<string, unknown>) => postSigned(services.url, query, variables, caller);
  const open = (caller: Partial<Caller>, input: Record<string, unknown>) => gql(caller, `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { ${BUNDLE} } }`, { input });
  const deregister = (caller: Partial<Caller>, input: Record<string, unknown>) => gql(caller, `mutation($input: DeregisterEnterpriseInput!) { deregisterEnterprise(input: $input) { id status steps { key } } }`, { input });

  beforeAll(async () => {
    services = await startServicesSubgraph(
      readServicesConfig({ NODE_ENV: 'test', DATABASE_SCHEMA: schema, SEED_DEMO_DATA: 'false', BUNDLE_WORKER_INTERVAL_MS: '10', ...env }),
      { port: 0, departments: fake },
    );
  });
  afterAll(async () => {
    await services?.worker?.stop();
    if (services?.db.kind === 'postgres') await services.db.query(`DROP SCHEMA ${schema} CASCADE`);
    await services?.stop();
  });

  it('accepts an opening from window staff and the worker started with the subgraph completes it', async () => {
    const { data, errors } = await open(window('ENTERPRISE_OPENING'), opening('open-key-0001'));
    expect(errors).toBeUndefined();
    expect(data.openEnterprise).toMatchObject({ kind: 'OPENING', status: 'SUBMITTED', uscc: null });
    expect(data.openEnterprise.steps.map((s: any) => [s.key, s.department, s.status])).toEqual([
      ['MARKET_ESTABLISH', 'MARKET', 'PENDING'], ['TAX_CONFIRM', 'TAX', 'PENDING'], ['INSURANCE_REGISTER', 'MEDICAL_INSURANCE', 'PENDING'],
    ]);
    const id = data.openEnterprise.id;
    const bundle = await vi.waitFor(async () => {
      const b = (await gql(window('ENTERPRISE_OPENING'), `query($id: ID!) { bundle(id: $id) { ${BUNDLE} } }`, { id })).data.bundle;
      expect(b.status).toBe('COMPLETED');
      return b;
    }, POLL);
    expect(bundle).toMatchObject({ status: 'COMPLETED', uscc: USCC, results: { uscc: USCC, licenceNo: expect.any(String) } });
    expect(bundle.steps[0]).toMatchObject({ title: '名称自主申报及设立登记', attempts: 1, result: { uscc: USCC } });
  });

  it('returns the same bundle when the same opening is submitted twice', async () => {
    const a = await open(window('ENTERPRISE_OPENING'), opening('open-key-0002'));
    const b = await open(window('ENTERPRISE_OPENING'), opening('open-key-0002'));
    expect(b.data.openEnterprise.id).toBe(a.data.openEnterprise.id);
  });

  it('refuses an opening from anyone but window staff acting for ENTERPRISE_OPENING', async () => {
    for (const caller of [window('ENTERPRISE_CHANGE'), { role: 'building-staff', purpose: 'BUILDING_SERVICE' }, { role: 'enterprise', uscc: USCC, purpose: 'SELF_SERVICE' }] as Partial<Caller>[]) {
      const { errors } = await open(caller, opening('open-key-0003'));
      expect(errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('lets an enterprise deregister itself but not another enterprise', async () => {
    const me: Partial<Caller> = { role: 'enterprise', sub: 'ent', uscc: USCC, purpose: 'SELF_SERVICE' };
    const own = await deregister(me, { idempotencyKey: 'dereg-key-0001', uscc: USCC, path: 'SIMPLIFIED', investorsUndertaking: true });
    expect(own.errors).toBeUndefined();
    expect(own.data.deregisterEnterprise.steps.map((s: any) => s.key)).toEqual(['TAX_CLEARANCE', 'INSURANCE_CLOSE', 'MARKET_DEREGISTER']);
    const other = await deregister(me, { idempotencyKey: 'dereg-key-0002', uscc: OTHER, path: 'SIMPLIFIED', investorsUndertaking: true });
    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a form with a wrong USCC check character or an invalid ID number, without echoing the number', async () => {
    const badUscc = await deregister(window('ENTERPRISE_DEREGISTRATION'), { idempotencyKey: 'dereg-key-0003', uscc: '91370212MA3C12346Y', path: 'GENERAL', liquidationReportFiled: true });
    expect(badUscc.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const badId = await open(window('ENTERPRISE_OPENING'), opening('open-key-0004', { legalRepresentative: { name: '张三', idNumber: '370212198001011234', phone: '13800000001' }, businessScope: '' }));
    expect(badId.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badId.errors?.[0].extensions.problems).toHaveLength(2);
    expect(JSON.stringify(badId.errors)).not.toContain('370212198001011234');
  });

  it('takes an amount typed as "100" or "100.5", normalised to two places', async () => {
    for (const [key, typed, stored] of [['open-key-0101', '100', '100.00'], ['open-key-0102', '100.5', '100.50']]) {
      const { data, errors } = await open(window('ENTERPRISE_OPENING'), opening(key, { name: `青岛崂山金额${key === 'open-key-0101' ? '甲' : '乙'}科技有限公司`, registeredCapital: typed }));
      expect(errors).toBeUndefined();
      const [row] = await services.db.query<{ form: any }>('SELECT form FROM bundle WHERE id = $1', [data.openEnterprise.id]);
      expect(row.form.registeredCapital).toBe(stored);
    }
  });

  it('refuses a malformed amount with HTTP 400 BAD_USER_INPUT, and a capital of zero or less naming the field', async () => {
    for (const typed of ['abc', '1.234']) {
      const res = await fetch(services.url, {
        method: 'POST', headers: await signedHeaders(window('ENTERPRISE_OPENING')),
        body: JSON.stringify({ query: `mutation($input: OpenEnterpriseInput!) { openEnterprise(input: $input) { id } }`, variables: { input: opening('open-key-0103', { registeredCapital: typed }) } }),
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(/Money must/);
    }
    for (const typed of ['0', '-1']) {
      const { errors } = await open(window('ENTERPRISE_OPENING'), opening('open-key-0104', { registeredCapital: typed }));
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'registeredCapital', code: 'NOT_POSITIVE' }] });
    }
    expect(await services.db.query('SELECT id FROM bundle WHERE idempotency_key IN ($1, $2)', ['open-key-0103', 'open-key-0104'])).toEqual([]);
  });

  it('checks the whole form at submission: an address outside the district and a bad name are refused together, before any department is asked', async () => {
    const reads = fake.reads.length;
    const { data, errors } = await open(window('ENTERPRISE_OPENING'), opening('open-key-0105', { name: '崂山示例科技股份有限公司', address: '山东省青岛市市南区香港中路1号' }));
    expect(data?.openEnterprise ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].extensions.problems.map((p: any) => `${p.field}:${p.code}`)).toEqual(['name:NAME_DISTRICT', 'name:NAME_ORGANISATION_FORM', 'address:OUT_OF_DISTRICT']);
    expect(errors?.[0].extensions.reasons).toHaveLength(3);
    expect(fake.reads.length).toBe(reads);
    expect(await services.db.query('SELECT id FROM bundle WHERE idempotency_key = $1', ['open-key-0105'])).toEqual([]);

    const change = await gql(window('ENTERPRISE_CHANGE'), `mutation($input: ChangeEnterpriseInput!) { changeEnterprise(input: $input) { id } }`, {
      input: { idempotencyKey: 'change-key-0105', uscc: USCC, newName: '青岛新名 Co有限公司', newAddress: '北京市海淀区中关村大街1号' },
    });
    expect(change.errors?.[0].extensions.problems.map((p: any) => `${p.field}:${p.code}`)).toEqual(['newName:NAME_CHARACTERS', 'newAddress:OUT_OF_DISTRICT']);
    expect(fake.reads.length).toBe(reads);
    expect(await services.db.query('SELECT id FROM bundle WHERE idempotency_key = $1', ['change-key-0105'])).toEqual([]);
  });

  it('refuses a simplified deregistration without the investors undertaking, saying why', async () => {
    const { errors } = await deregister(window('ENTERPRISE_DEREGISTRATION'), { idempotencyKey: 'dereg-key-0004', uscc: USCC, path: 'SIMPLIFIED' });
    expect(errors?.[0].extensions.code).toBe('PRECONDITION_FAILED');
    expect(errors?.[0].extensions.reasons[0]).toContain('承诺书');
  });

  it('refuses a deregistration the departments block before anything is stored, naming each department', async () => {
    const troubled = '913702121635897372';
    fake.facts.set(troubled, { tax: { status: 'NORMAL', hasArrears: true }, medicalInsurance: { hasArrears: true } });
    const { data, errors } = await deregister(window('ENTERPRISE_DEREGISTRATION'), { idempotencyKey: 'dereg-key-0005', uscc: troubled, path: 'GENERAL', liquidationReportFiled: true });
    expect(data?.deregisterEnterprise ?? null).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', path: 'GENERAL', blockers: [{ department: 'TAX', code: 'TAX_ARREARS' }, { department: 'MEDICAL_INSURANCE', code: 'INSURANCE_ARREARS' }] });
    expect(errors?.[0].extensions.reasons).toHaveLength(2);
    expect(await services.db.query('SELECT id FROM bundle WHERE idempotency_key = $1', ['dereg-key-0005'])).toEqual([]);
    // The worker is busy with earlier tests' bundles; none of its writes is for this enterprise.
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls.filter((c) => c.input.uscc === troubled)).toEqual([]);
  });

  it('refuses with DEPARTMENT_UNAVAILABLE, storing nothing, while a department cannot be read', async () => {
    fake.down.add('REAL_ESTATE');
    try {
      const { errors } = await deregister(window('ENTERPRISE_DEREGISTRATION'), { idempotencyKey: 'dereg-key-0006', uscc: OTHER, path: 'GENERAL', liquidationReportFiled: true });
      expect(errors?.[0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'REAL_ESTATE' });
      expect(await services.db.query('SELECT id FROM bundle WHERE idempotency_key = $1', ['dereg-key-0006'])).toEqual([]);
    } finally {
      fake.down.clear();
    }
  });

  it('answers a key already used with its bundle without checking again (its own writes changed the facts)', async () => {
    const input = { idempotencyKey: 'dereg-key-0007', uscc: OTHER, path: 'GENERAL', liquidationReportFiled: true };
    const first = await deregister(window('ENTERPRISE_DEREGISTRATION'), input);
    expect(first.errors).toBeUndefined();
    fake.facts.set(OTHER, { registration: { status: 'DEREGISTERED', onAbnormalList: false, type: { code: '1130' }, branches: [] } });
    const reads = fake.reads.length;
    const again = await deregister(window('ENTERPRISE_DEREGISTRATION'), input);
    expect(again.errors).toBeUndefined();
    expect(again.data.deregisterEnterprise.id).toBe(first.data.deregisterEnterprise.id);
    expect(fake.reads.length).toBe(reads);
    const fresh = await deregister(window('ENTERPRISE_DEREGISTRATION'), { ...input, idempotencyKey: 'dereg-key-0008' });
    expect(fresh.errors?.[0].extensions.blockers).toEqual([expect.objectContaining({ department: 'MARKET', code: 'NOT_REGISTERED' })]);
  });

  it('includes the property register in a change only when a holder changes its name', async () => {
    const q = `mutation($input: ChangeEnterpriseInput!) { changeEnterprise(input: $input) { steps { key } } }`;
    const rename = await gql(window('ENTERPRISE_CHANGE'), q, { input: { idempotencyKey: 'change-key-0001', uscc: USCC, newName: '青岛新名有限公司', holdsProperty: true } });
    expect(rename.data.changeEnterprise.steps.map((s: any) => s.key)).toEqual(['MARKET_CHANGE', 'INSURANCE_CHANGE', 'REAL_ESTATE_RENAME']);
    const move = await gql(window('ENTERPRISE_CHANGE'), q, { input: { idempotencyKey: 'change-key-0002', uscc: USCC, newAddress: '山东省青岛市崂山区海尔路2号', holdsProperty: true } });
    expect(move.data.changeEnterprise.steps.map((s: any) => s.key)).toEqual(['MARKET_CHANGE', 'INSURANCE_CHANGE']);
  });

  it('gives the one notice for each bundle kind, and hides a bundle from callers with no part in it', async () => {
    const { data } = await gql({ role: 'frontend-app' }, '{ bundleRequirements(kind: DEREGISTRATION) { title expectedWorkingDays preconditions } }');
    expect(data.bundleRequirements.preconditions.length).toBeGreaterThan(0);
    const a = await open(window('ENTERPRISE_OPENING'), opening('open-key-0005'));
    const peek = await gql({ role: 'building-staff', purpose: 'BUILDING_SERVICE' }, 'query($id: ID!) { bundle(id: $id) { id } }', { id: a.data.openEnterprise.id });
    expect(peek.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
