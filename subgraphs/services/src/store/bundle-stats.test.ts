import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@district/domain';
import { stepsFor } from '../bundles/definitions.ts';
import { openDb, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import { submitBundle } from './bundles.ts';
import { bundleStats, storeAnswers } from './bundle-stats.ts';

/** Every store test runs on PGlite, and on PostgreSQL too when DATABASE_URL is set (CI sets it). */
const stores = [
  { kind: 'pglite', url: undefined as string | undefined },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', url: process.env.DATABASE_URL }] : []),
];
const USCC = '91370212MA3C12346X';
const staff: Caller = { sub: 'window-01', role: 'window-staff', purpose: 'ENTERPRISE_CHANGE', requestId: 'r1' };

describe.each(stores)('bundle metrics read from the store on $kind', ({ url }) => {
  const schema = `t_bundle_stats_${process.pid}_${Date.now().toString(36)}`;
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ databaseUrl: url, schema });
    await migrate(db);
  });
  afterAll(async () => {
    if (db?.kind === 'postgres') await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db?.close();
  });

  it('counts bundles by status, and the lag is the age of the oldest step a worker could take now, not of one waiting on another', async () => {
    expect(await bundleStats(db)).toEqual({ byStatus: {}, lagSeconds: 0 });
    expect(await storeAnswers(db)).toBe(true);
    const { bundle } = await submitBundle(db, {
      kind: 'CHANGE', idempotencyKey: randomUUID(), caller: staff, uscc: USCC,
      form: { uscc: USCC, newName: '青岛崂山新名科技有限公司', holdsProperty: true }, steps: stepsFor('CHANGE', { changesName: true, holdsProperty: true }),
    });
    // Every step made due a minute ago: only those without prerequisites count.
    await db.query(`UPDATE bundle_step SET next_attempt_at = now() - interval '60 seconds' WHERE bundle_id = $1`, [bundle.id]);
    const stats = await bundleStats(db);
    expect(stats.byStatus).toEqual({ [bundle.status]: 1 });
    expect(stats.lagSeconds).toBeGreaterThanOrEqual(59);
    expect(stats.lagSeconds).toBeLessThan(120);
    // Once every step has succeeded nothing is due: no lag.
    await db.query(`UPDATE bundle_step SET status = 'SUCCEEDED' WHERE bundle_id = $1`, [bundle.id]);
    expect((await bundleStats(db)).lagSeconds).toBe(0);
  });
});
