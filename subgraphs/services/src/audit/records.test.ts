import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Caller } from '@district/domain';
import { POLL } from '@district/runtime/polling';
import { openDb, type Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { verifyChain } from '../store/audit.ts';
import { EXIT_FIELDS, NAME_SEARCH_FIELDS } from '../departments/facts.ts';
import { stepsFor } from '../bundles/definitions.ts';
import { FakeDepartments } from '../departments/fake.ts';
import { getBundle, submitBundle } from '../store/bundles.ts';
import { submit } from '../bundles/submit.ts';
import { BundleWorker } from '../worker/worker.ts';

/**
 * What services reads and writes of enterprises' data for a bundle is on the access record: one
 * record per precondition check, for the caller who submitted, and one per department write of the
 * worker, for the bundle's applicant and purpose — including the refusals and the outages.
 */
const stores = [
  { kind: 'pglite', url: undefined as string | undefined },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', url: process.env.DATABASE_URL }] : []),
];

const USCC = '913702121635897372';
/** What the fake market registry issues to every opening. */
const ISSUED = '91370212MA3C12346X';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const clerk = (purpose: Caller['purpose'], sub = 'w-1'): Caller => ({ sub, role: 'window-staff', purpose, requestId: `gw-${purpose}-0001` });
const deregistration = (key: string) => ({ idempotencyKey: key, uscc: USCC, path: 'GENERAL', liquidationReportFiled: true });
const opening = (key: string, name = '青岛崂山示例科技有限公司') => ({
  idempotencyKey: key, name, registeredCapital: '1000000.00', address: '山东省青岛市崂山区海尔路1号', businessScope: '软件开发',
  legalRepresentative: { name: '张三', idNumber: '370212198001011235', phone: '13800000001' },
});
const TROUBLED = { tax: { status: 'NORMAL', hasArrears: true }, medicalInsurance: { hasArrears: true }, realEstate: { currentUnitCount: 2, hasSeizure: true } };
const EXIT_READ = Object.values(EXIT_FIELDS).flat();

function memoryLogger() {
  const errors: { obj: any; msg: string }[] = [];
  const logger = { info() {}, warn() {}, debug() {}, error: (obj: any, msg: string) => { errors.push({ obj, msg }); } } as any;
  return { logger, errors };
}

describe.each(stores)('bundles on the access record, on $kind', ({ url }) => {
  const schema = `t_bundle_audit_${process.pid}_${Date.now().toString(36)}`;
  let db: Db;
  let keys = 0;
  const key = () => `audit-key-${++keys}-${Date.now()}`;

  beforeAll(async () => {
    db = await openDb({ databaseUrl: url, schema });
    await migrate(db);
  });
  afterAll(async () => {
    if (db?.kind === 'postgres') await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db?.close();
  });

  const records = async (where = 'true', params: unknown[] = []) =>
    (await db.query<any>(`SELECT * FROM access_record WHERE ${where} ORDER BY seq`, params)).map((r) => ({
      requestId: r.request_id, clientRequestId: r.client_request_id, who: r.who, role: r.role, purpose: r.purpose, caseId: r.case_id,
      departments: r.departments, subjects: r.subjects, fields: r.fields, outcome: r.outcome,
    }));
  /** Runs a worker over the store until the bundle has settled (retries included). */
  const settle = async (fake: FakeDepartments, id: string, logger?: any) => {
    const worker = new BundleWorker({ db, writes: fake, logger, intervalMs: 5, backoffBaseMs: 5, backoffMaxMs: 10, maxAttempts: 3 });
    return vi.waitFor(async () => {
      await worker.tick();
      const b = (await getBundle(db, id))!;
      expect(['COMPLETED', 'FAILED', 'NEEDS_ATTENTION'].includes(b.status) && !b.steps.some((s) => s.status === 'RUNNING' || s.status === 'RETRYING'), JSON.stringify(b.steps)).toBe(true);
      return b;
    }, POLL);
  };

  it('records a refused deregistration\'s check: the four departments read for the clerk, nothing stored', async () => {
    const fake = new FakeDepartments();
    fake.facts.set(USCC, TROUBLED);
    const caller = clerk('ENTERPRISE_DEREGISTRATION');
    const before = (await records()).length;
    const error = await submit(db, caller, 'DEREGISTRATION', deregistration(key()), fake).catch((e) => e);
    expect(error.extensions.code).toBe('PRECONDITION_FAILED');
    const added = (await records()).slice(before);
    expect(added).toEqual([{
      requestId: expect.stringMatching(UUID), clientRequestId: caller.requestId, who: 'bundle-precheck:w-1', role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', caseId: null,
      departments: ['MARKET', 'MEDICAL_INSURANCE', 'REAL_ESTATE', 'TAX'], subjects: [USCC], fields: [...new Set(EXIT_READ)].sort(), outcome: 'OK',
    }]);
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });

  it('records a check that could not read every department as PARTIAL, and one that read none as ERROR', async () => {
    const fake = new FakeDepartments();
    fake.down.add('TAX');
    const before = (await records()).length;
    expect((await submit(db, clerk('ENTERPRISE_DEREGISTRATION'), 'DEREGISTRATION', deregistration(key()), fake).catch((e) => e)).extensions.code).toBe('DEPARTMENT_UNAVAILABLE');
    for (const d of ['MARKET', 'MEDICAL_INSURANCE', 'REAL_ESTATE'] as const) fake.down.add(d);
    expect((await submit(db, clerk('ENTERPRISE_DEREGISTRATION'), 'DEREGISTRATION', deregistration(key()), fake).catch((e) => e)).extensions.code).toBe('DEPARTMENT_UNAVAILABLE');
    expect((await records()).slice(before).map((r) => [r.outcome, r.subjects, r.caseId])).toEqual([['PARTIAL', [USCC], null], ['ERROR', [USCC], null]]);
  });

  it('records an accepted deregistration\'s check under its case number, and each department write for the clerk and the purpose', async () => {
    const fake = new FakeDepartments();
    const k = key();
    const bundle = await submit(db, clerk('ENTERPRISE_DEREGISTRATION'), 'DEREGISTRATION', deregistration(k), fake);
    const [check] = await records('case_id = $1', [bundle.id]);
    expect(check).toMatchObject({ who: 'bundle-precheck:w-1', role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', subjects: [USCC], outcome: 'OK' });
    // The same key again answers with the bundle, reading nothing and recording no second check.
    expect((await submit(db, clerk('ENTERPRISE_DEREGISTRATION'), 'DEREGISTRATION', deregistration(k), fake)).id).toBe(bundle.id);
    expect(fake.reads).toHaveLength(1);
    expect(await records('case_id = $1', [bundle.id])).toHaveLength(1);

    expect((await settle(fake, bundle.id)).status).toBe('COMPLETED');
    const writes = (await records('case_id = $1', [bundle.id])).slice(1);
    expect(writes.map((r) => [r.departments, r.fields])).toEqual([
      [['TAX'], ['Mutation.taxApplyClearance']], [['MEDICAL_INSURANCE'], ['Mutation.insuranceCloseEmployer']], [['MARKET'], ['Mutation.marketDeregister']],
    ]);
    for (const r of writes) {
      expect(r).toMatchObject({ who: 'bundle-worker:w-1', role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION', caseId: bundle.id, subjects: [USCC], outcome: 'OK', clientRequestId: null });
    }
    // Each record's id is the one its department call carried.
    expect(writes.map((r) => r.requestId).sort()).toEqual(fake.calls.map((c) => c.requestId).sort());
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });

  it('records an opening\'s writes under the USCC its market step issued, its refusals as INVALID and its outages as ERROR', async () => {
    const fake = new FakeDepartments().on('TAX_CONFIRM', 'UNAVAILABLE').on('INSURANCE_REGISTER', 'REJECTED');
    fake.names.set('青岛崂山已有科技有限公司', USCC);
    const before = (await records()).length;
    // A name already held: refused, and the search that found its holder is recorded under the holder.
    const taken = await submit(db, clerk('ENTERPRISE_OPENING'), 'OPENING', opening(key(), '青岛崂山已有科技有限公司'), fake).catch((e) => e);
    expect(taken.extensions.code).toBe('PRECONDITION_FAILED');
    const bundle = await submit(db, clerk('ENTERPRISE_OPENING', 'w-2'), 'OPENING', opening(key()), fake);
    expect((await settle(fake, bundle.id)).status).toBe('NEEDS_ATTENTION');
    const added = (await records()).slice(before);
    expect(added[0]).toMatchObject({ who: 'bundle-precheck:w-1', purpose: 'ENTERPRISE_OPENING', caseId: null, departments: ['MARKET'], subjects: [USCC], fields: [...NAME_SEARCH_FIELDS].sort(), outcome: 'OK' });
    expect(added[1]).toMatchObject({ who: 'bundle-precheck:w-2', caseId: bundle.id, subjects: [], outcome: 'OK' });
    const steps = added.slice(2).map((r) => [r.fields[0], r.outcome]);
    expect(steps[0]).toEqual(['Mutation.marketEstablish', 'OK']);
    expect(steps.slice(1).sort()).toEqual([['Mutation.insuranceRegisterEmployer', 'INVALID'], ['Mutation.taxConfirmNewTaxpayer', 'ERROR'], ['Mutation.taxConfirmNewTaxpayer', 'OK']].sort());
    for (const r of added.slice(2)) expect(r).toMatchObject({ who: 'bundle-worker:w-2', role: 'window-staff', purpose: 'ENTERPRISE_OPENING', caseId: bundle.id, subjects: [ISSUED] });
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });

  it('never fails a submission or a step for a record it cannot write, and says so in the log', async () => {
    const fake = new FakeDepartments();
    const { logger, errors } = memoryLogger();
    // The store refuses every new access record (as a broken disk or a lock timeout would).
    await db.query(`CREATE FUNCTION refuse_access_record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no room'; END $$`);
    await db.query('CREATE TRIGGER refuse_access_record BEFORE INSERT ON access_record FOR EACH ROW EXECUTE FUNCTION refuse_access_record()');
    try {
      const bundle = await submit(db, clerk('ENTERPRISE_DEREGISTRATION'), 'DEREGISTRATION', deregistration(key()), fake, logger);
      expect((await settle(fake, bundle.id, logger)).status).toBe('COMPLETED');
      expect(errors.map((e) => e.msg)).toEqual(Array(4).fill('access record not written'));
      expect(JSON.stringify(errors.map((e) => ({ ...e.obj, err: undefined })))).not.toContain(USCC);
      // A record that is not valid (an applicant id beyond any sub's length) is logged, and the step goes on.
      const long = await submitBundle(db, { kind: 'DEREGISTRATION', idempotencyKey: key(), caller: clerk('ENTERPRISE_DEREGISTRATION', 'x'.repeat(200)), uscc: USCC, form: deregistration(''), steps: stepsFor('DEREGISTRATION') });
      expect((await settle(fake, long.bundle.id, logger)).status).toBe('COMPLETED');
      expect(errors.slice(4).map((e) => e.msg)).toEqual(Array(3).fill('access record not written: not valid'));
    } finally {
      await db.query('DROP TRIGGER refuse_access_record ON access_record');
      await db.query('DROP FUNCTION refuse_access_record()');
    }
    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });
});
