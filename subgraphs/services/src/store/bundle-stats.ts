import type { Db } from './db.ts';

/**
 * What the bundle metrics read at scrape time (district_bundles, district_bundle_worker_lag_seconds):
 * bundles by status, and how long the oldest step a worker could take now has been due — the
 * claim's own condition (worker/worker.ts, store/steps.ts), so steps waiting on another are not lag.
 * Two aggregate queries, bounded whatever the number of bundles (bundle_step_due index).
 */
export async function bundleStats(db: Pick<Db, 'query'>): Promise<{ byStatus: Record<string, number>; lagSeconds: number }> {
  const [statuses, [lag]] = await Promise.all([
    db.query<{ status: string; n: string | number }>('SELECT status, count(*) AS n FROM bundle GROUP BY status'),
    db.query<{ lag: string | number | null }>(
      `SELECT extract(epoch FROM now() - min(CASE WHEN s.status = 'RUNNING' THEN s.locked_until ELSE s.next_attempt_at END)) AS lag FROM bundle_step s
       WHERE ((s.status IN ('PENDING', 'RETRYING') AND s.next_attempt_at <= now()) OR (s.status = 'RUNNING' AND s.locked_until < now()))
         AND NOT EXISTS (SELECT 1 FROM bundle_step d WHERE d.bundle_id = s.bundle_id AND d.key = ANY(s.needs) AND d.status <> 'SUCCEEDED')
         AND NOT EXISTS (SELECT 1 FROM bundle_step f WHERE f.bundle_id = s.bundle_id AND f.status = 'FAILED' AND s.status = 'PENDING')`,
    ),
  ]);
  return {
    byStatus: Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)])),
    lagSeconds: Math.max(0, Number(lag?.lag ?? 0)),
  };
}

/** The store answers (readiness). */
export async function storeAnswers(db: Pick<Db, 'query'>): Promise<boolean> {
  const [row] = await db.query<{ one: number }>('SELECT 1 AS one');
  return Number(row?.one) === 1;
}
