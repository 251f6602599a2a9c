import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Caller } from '@district/domain';
import { POLL } from '@district/runtime/polling';
import { openDb, type Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { stepsFor, type BundleKind } from '../bundles/definitions.ts';
import { FakeDepartments } from '../departments/fake.ts';
import { getBundle, submitBundle, type Bundle } from '../store/bundles.ts';
import { BundleWorker, type WorkerOptions } from './worker.ts';

/** Every store test runs on PGlite, and on PostgreSQL too when DATABASE_URL is set (CI sets it). */
const stores = [
  { kind: 'pglite', url: undefined as string | undefined },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', url: process.env.DATABASE_URL }] : []),
];

const USCC = '91370212MA3C12346X';
const staff: Caller = { sub: 'window-01', role: 'window-staff', purpose: 'ENTERPRISE_OPENING', requestId: 'r1' };
const FORMS: Record<BundleKind, Record<string, unknown>> = {
  OPENING: { name: '青岛崂山示例科技有限公司', typeCode: '1130', address: '山东省青岛市崂山区海尔路1号', registeredCapital: '1000000.00', businessScope: '软件开发', legalRepresentative: { name: '张三', idNumber: '370212198001011235' } },
  CHANGE: { uscc: USCC, newName: '青岛崂山新名科技有限公司', holdsProperty: true },
  DEREGISTRATION: { uscc: USCC, path: 'GENERAL', liquidationReportFiled: true },
};

describe.each(stores)('bundle worker on $kind', ({ url }) => {
  const schema = `t_bundles_${process.pid}_${Date.now().toString(36)}`;
  let db: Db;
  const workers: BundleWorker[] = [];
  const extraDbs: Db[] = [];

  beforeAll(async () => {
    db = await openDb({ databaseUrl: url, schema });
    await migrate(db);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    for (const d of extraDbs) await d.close();
    if (db?.kind === 'postgres') await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db?.close();
  });

  const worker = (fake: FakeDepartments, options: Partial<WorkerOptions> = {}, onDb = db) => {
    const w = new BundleWorker({ db: onDb, writes: fake, intervalMs: 5, backoffBaseMs: 5, backoffMaxMs: 20, maxAttempts: 4, leaseMs: 30_000, ...options });
    workers.push(w);
    return w;
  };
  const submit = async (kind: BundleKind, key = randomUUID()) =>
    (await submitBundle(db, { kind, idempotencyKey: key, caller: staff, uscc: kind === 'OPENING' ? null : USCC, form: FORMS[kind], steps: stepsFor(kind, { changesName: true, holdsProperty: true }) })).bundle;
  const settled = (id: string): Promise<Bundle> => vi.waitFor(async () => {
    const b = (await getBundle(db, id))!;
    const done = ['COMPLETED', 'FAILED', 'NEEDS_ATTENTION'].includes(b.status) && !b.steps.some((s) => s.status === 'RUNNING' || s.status === 'RETRYING');
    expect(done, `bundle ${id} did not settle: ${JSON.stringify(b.steps)}`).toBe(true);
    return b;
  }, POLL);
  const drain = async (w: BundleWorker) => { while ((await w.tick()) > 0); };

  it('opens an enterprise at the market first, then tax and insurance, and hands over one results package', async () => {
    const fake = new FakeDepartments();
    const bundle = await submit('OPENING');
    expect(bundle.id).toMatch(/^LS-\d{8}-\d{6}$/);
    expect(bundle.status).toBe('SUBMITTED');
    await drain(worker(fake));
    const done = await settled(bundle.id);
    expect(done.status).toBe('COMPLETED');
    expect(fake.calls.map((c) => c.step)).toEqual(['MARKET_ESTABLISH', 'TAX_CONFIRM', 'INSURANCE_REGISTER']);
    // The USCC the registry issued is what tax and insurance are told.
    expect(fake.calls[1].input).toEqual({ uscc: USCC, name: '青岛崂山示例科技有限公司', legalRepresentativeName: '张三', legalRepresentativeIdNumber: '370212198001011235', address: '山东省青岛市崂山区海尔路1号', taxpayerKind: 'SMALL_SCALE' });
    expect(fake.calls.map((c) => c.idempotencyKey)).toEqual(['MARKET_ESTABLISH', 'TAX_CONFIRM', 'INSURANCE_REGISTER'].map((k) => `${bundle.id}:${k}`));
    expect(done.results).toMatchObject({ uscc: USCC, licenceNo: expect.stringMatching(/^LIC-/), taxConfirmationNo: expect.any(String), insuranceEmployerNo: expect.any(String) });
    expect(done.steps.every((s) => s.status === 'SUCCEEDED' && s.attempts === 1)).toBe(true);
  });

  it('changes an enterprise at the market first, then insurance and the property register', async () => {
    const fake = new FakeDepartments();
    const bundle = await submit('CHANGE');
    await drain(worker(fake));
    const done = await settled(bundle.id);
    expect(done.status).toBe('COMPLETED');
    expect(fake.calls[0].step).toBe('MARKET_CHANGE');
    expect(fake.calls.slice(1).map((c) => c.step).sort()).toEqual(['INSURANCE_CHANGE', 'REAL_ESTATE_RENAME']);
    const rename = fake.calls.find((c) => c.step === 'REAL_ESTATE_RENAME')!;
    // The evidence is the market's approval of the change this bundle made (case number, date).
    expect(rename.input).toEqual({ uscc: USCC, newName: '青岛崂山新名科技有限公司', evidence: { documentNo: bundle.id, documentName: '准予变更登记通知书', approvedOn: expect.any(String) } });
    expect(done.results.renamedCertificateNos).toHaveLength(1);
  });

  it('deregisters at the market last, with the tax clearance certificate in hand', async () => {
    const fake = new FakeDepartments();
    const bundle = await submit('DEREGISTRATION');
    await drain(worker(fake));
    const done = await settled(bundle.id);
    expect(done.status).toBe('COMPLETED');
    expect(fake.calls.map((c) => c.step).slice(0, 2).sort()).toEqual(['INSURANCE_CLOSE', 'TAX_CLEARANCE']);
    expect(fake.calls[2].step).toBe('MARKET_DEREGISTER');
    expect(fake.calls[2].input).toMatchObject({ uscc: USCC, path: 'GENERAL', taxClearanceNo: done.results.taxClearanceNo });
    expect(done.results).toMatchObject({ taxClearanceNo: expect.stringMatching(/^QS-/), deregisteredOn: '2026-11-01' });
  });

  it('returns the same bundle for a duplicate submission and refuses the key for a different form', async () => {
    const key = randomUUID();
    const first = await submitBundle(db, { kind: 'OPENING', idempotencyKey: key, caller: staff, uscc: null, form: FORMS.OPENING, steps: stepsFor('OPENING') });
    const again = await submitBundle(db, { kind: 'OPENING', idempotencyKey: key, caller: staff, uscc: null, form: { ...FORMS.OPENING }, steps: stepsFor('OPENING') });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.bundle.id).toBe(first.bundle.id);
    await expect(submitBundle(db, { kind: 'OPENING', idempotencyKey: key, caller: staff, uscc: null, form: { ...FORMS.OPENING, name: '别的名称有限公司' }, steps: stepsFor('OPENING') }))
      .rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    const [{ n }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM bundle WHERE idempotency_key = $1', [key]);
    expect(Number(n)).toBe(1);
    await drain(worker(new FakeDepartments()));
  });

  it('retries a department outage mid-bundle with backoff until the bundle completes', async () => {
    const fake = new FakeDepartments().on('TAX_CONFIRM', 'UNAVAILABLE', 'UNAVAILABLE');
    const bundle = await submit('OPENING');
    worker(fake).start();
    const done = await settled(bundle.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.steps.find((s) => s.key === 'TAX_CONFIRM')).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });
    expect(fake.registrationsBy('TAX')).toBe(1);
    await workers.pop()!.stop();
  });

  it('fails a step after too many outages and leaves the half-done bundle NEEDS_ATTENTION', async () => {
    const fake = new FakeDepartments().on('INSURANCE_REGISTER', 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE');
    const bundle = await submit('OPENING');
    worker(fake).start();
    const done = await settled(bundle.id);
    expect(done.status).toBe('NEEDS_ATTENTION');
    expect(done.steps.find((s) => s.key === 'INSURANCE_REGISTER')).toMatchObject({ status: 'FAILED', attempts: 4 });
    expect(done.reason).toContain('INSURANCE_REGISTER');
    expect(done.reason).toContain('MARKET_ESTABLISH');
    await workers.pop()!.stop();
  });

  it('leaves a bundle NEEDS_ATTENTION with the department reason when a refusal follows a write, and starts nothing after it', async () => {
    const fake = new FakeDepartments().on('INSURANCE_CLOSE', 'REJECTED');
    const bundle = await submit('DEREGISTRATION');
    await drain(worker(fake));
    const done = await settled(bundle.id);
    expect(done.status).toBe('NEEDS_ATTENTION');
    expect(done.reason).toContain('存在欠费');
    expect(done.steps.find((s) => s.key === 'INSURANCE_CLOSE')).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(done.steps.find((s) => s.key === 'MARKET_DEREGISTER')!.status).toBe('PENDING');
    expect(fake.registrationsBy('MARKET')).toBe(0);
  });

  it('marks a bundle FAILED when its first write is refused, nothing having been written', async () => {
    const fake = new FakeDepartments().on('MARKET_ESTABLISH', 'REJECTED');
    const bundle = await submit('OPENING');
    await drain(worker(fake));
    const done = await settled(bundle.id);
    expect(done.status).toBe('FAILED');
    expect(fake.calls).toHaveLength(1);
  });

  it('runs every step exactly once when two workers share the database', async () => {
    const fake = new FakeDepartments();
    const second = url ? await openDb({ databaseUrl: url, schema }) : db;
    if (second !== db) extraDbs.push(second);
    const bundles = await Promise.all((['OPENING', 'CHANGE', 'DEREGISTRATION', 'OPENING', 'CHANGE', 'DEREGISTRATION'] as BundleKind[]).map((k) => submit(k)));
    worker(fake, { id: 'w-a', batch: 2 }).start();
    worker(fake, { id: 'w-b', batch: 2 }, second).start();
    const done = await Promise.all(bundles.map((b) => settled(b.id)));
    expect(done.every((b) => b.status === 'COMPLETED')).toBe(true);
    const steps = done.reduce((n, b) => n + b.steps.length, 0);
    expect(fake.calls).toHaveLength(steps);
    expect(new Set(fake.calls.map((c) => c.idempotencyKey)).size).toBe(steps);
    expect(done.flatMap((b) => b.steps).every((s) => s.attempts === 1)).toBe(true);
    await workers.pop()!.stop();
    await workers.pop()!.stop();
  });

  it('reads a bundle and its steps as of one moment: never COMPLETED without the result its last step added', async () => {
    const bundle = await submit('DEREGISTRATION');
    await db.query(`UPDATE bundle_step SET status = 'SUCCEEDED' WHERE bundle_id = $1 AND key <> 'MARKET_DEREGISTER'`, [bundle.id]);
    await db.query(`UPDATE bundle_step SET status = 'RUNNING' WHERE bundle_id = $1 AND key = 'MARKET_DEREGISTER'`, [bundle.id]);
    // The last step's outcome is recorded (as the worker records it, in one transaction) right
    // after the reader's first statement.
    let first = true;
    const racing = {
      query: async <T,>(sql: string, params?: unknown[]): Promise<T[]> => {
        const rows = await db.query<T>(sql, params);
        if (first) {
          first = false;
          await db.transaction(async (tx) => {
            await tx.query(`UPDATE bundle_step SET status = 'SUCCEEDED' WHERE bundle_id = $1 AND key = 'MARKET_DEREGISTER'`, [bundle.id]);
            await tx.query(`UPDATE bundle SET status = 'COMPLETED', results = results || '{"deregisteredOn":"2026-11-01"}'::jsonb WHERE id = $1`, [bundle.id]);
          });
        }
        return rows;
      },
    };
    const read = (await getBundle(racing, bundle.id))!;
    // As of before the step finished (one snapshot), not a mix of before and after.
    expect(read.status).toBe('RUNNING');
    expect(read.results.deregisteredOn).toBeUndefined();
    expect((await getBundle(db, bundle.id))!).toMatchObject({ status: 'COMPLETED', results: { deregisteredOn: '2026-11-01' } });
  });

  it('hands back a step still in flight when it is stopped, so another worker resumes it at once (not after the lease), writing once', async () => {
    const fake = new FakeDepartments().on('MARKET_ESTABLISH', 'HANG');
    const bundle = await submit('OPENING');
    // A lease far longer than the test: the step resumes only because it was handed back.
    const stopping = worker(fake, { id: 'w-stopping', leaseMs: 600_000 });
    stopping.start();
    await vi.waitFor(() => expect(fake.calls).toHaveLength(1), { timeout: 10_000 });
    await stopping.stop(50);
    expect((await getBundle(db, bundle.id))!.steps[0]).toMatchObject({ key: 'MARKET_ESTABLISH', status: 'RETRYING', attempts: 0 });

    const next = worker(fake, { id: 'w-next' });
    next.start();
    const done = await settled(bundle.id);
    await next.stop();
    expect(done.status).toBe('COMPLETED');
    expect(done.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(fake.registrationsBy('MARKET')).toBe(1);
    // The stopped worker's late answer changes nothing.
    fake.release();
    await new Promise((r) => setTimeout(r, 50));
    expect((await getBundle(db, bundle.id))!.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
  });

  it('finishes a bundle whose worker died mid-step once the lease expires, with exactly one write per department', async () => {
    // The first worker's market call reaches the registry, then the worker "dies": no answer, lease held.
    const fake = new FakeDepartments().on('MARKET_ESTABLISH', 'HANG');
    const bundle = await submit('OPENING');
    const dying = worker(fake, { id: 'w-dying', leaseMs: 300 });
    void dying.tick();
    await vi.waitFor(() => expect(fake.calls.length).toBeGreaterThan(0), { ...POLL, interval: 5 });
    workers.splice(workers.indexOf(dying), 1);
    expect((await getBundle(db, bundle.id))!.steps[0]).toMatchObject({ status: 'RUNNING', attempts: 1 });

    worker(fake, { id: 'w-new' }).start();
    const done = await settled(bundle.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.steps[0]).toMatchObject({ key: 'MARKET_ESTABLISH', status: 'SUCCEEDED', attempts: 2 });
    // The retry repeated the same idempotency key, so the registry registered once.
    expect(fake.calls.filter((c) => c.step === 'MARKET_ESTABLISH').map((c) => c.idempotencyKey)).toEqual([`${bundle.id}:MARKET_ESTABLISH`, `${bundle.id}:MARKET_ESTABLISH`]);
    expect([fake.registrationsBy('MARKET'), fake.registrationsBy('TAX'), fake.registrationsBy('MEDICAL_INSURANCE')]).toEqual([1, 1, 1]);

    // The dead worker's late answer is dropped: it no longer holds the lease.
    fake.release();
    await new Promise((r) => setTimeout(r, 50));
    expect((await getBundle(db, bundle.id))!.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    await workers.pop()!.stop();
  });
});
