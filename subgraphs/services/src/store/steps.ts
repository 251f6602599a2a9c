import { BUNDLES, type BundleKind, type CalledDepartment, type StepKey, type StepResult } from '../bundles/definitions.ts';
import { bundleReason, bundleStatus, runnableSteps, type StepReport, type StepState, type StepStatus } from '../bundles/status.ts';
import type { Db } from './db.ts';

/**
 * The bundle steps' leases, for the bundle worker (worker/worker.ts): claiming due steps with
 * `FOR UPDATE SKIP LOCKED`, recording an outcome only under the lease that ran the step, handing
 * leases back. Times are the database's clock (now()), so workers on several machines agree.
 */
export interface ClaimedStep {
  bundle_id: string;
  key: StepKey;
  department: CalledDepartment;
  attempts: number;
}

export type StepOutcome = { status: 'SUCCEEDED'; result: StepResult } | { status: 'RETRYING'; error: string; delayMs: number } | { status: 'FAILED'; error: string };

/** Claims at most `batch` due, runnable steps for `workerId`, each leased for `leaseMs`. */
export async function claimDueSteps(db: Db, workerId: string, batch: number, leaseMs: number): Promise<ClaimedStep[]> {
  return db.transaction(async (tx) => {
    // Due: pending or retrying and due now, or running under an expired lease (its worker died).
    // A pending step also needs its prerequisites succeeded; nothing new starts in a bundle where
    // a step failed for good.
    const rows = await tx.query<ClaimedStep & { status: StepStatus }>(
      `SELECT s.bundle_id, s.key, s.department, s.attempts, s.status FROM bundle_step s
       WHERE ((s.status IN ('PENDING', 'RETRYING') AND s.next_attempt_at <= now()) OR (s.status = 'RUNNING' AND s.locked_until < now()))
         AND NOT EXISTS (SELECT 1 FROM bundle_step d WHERE d.bundle_id = s.bundle_id AND d.key = ANY(s.needs) AND d.status <> 'SUCCEEDED')
         AND NOT EXISTS (SELECT 1 FROM bundle_step f WHERE f.bundle_id = s.bundle_id AND f.status = 'FAILED' AND s.status = 'PENDING')
       ORDER BY s.next_attempt_at, s.bundle_id, s.position
       LIMIT $1
       FOR UPDATE OF s SKIP LOCKED`,
      [batch],
    );
    const out: ClaimedStep[] = [];
    for (const bundleId of [...new Set(rows.map((r) => r.bundle_id))].sort()) {
      const mine = rows.filter((r) => r.bundle_id === bundleId);
      const states = await tx.query<StepState>('SELECT key, status FROM bundle_step WHERE bundle_id = $1', [bundleId]);
      const [{ kind }] = await tx.query<{ kind: BundleKind }>('SELECT kind FROM bundle WHERE id = $1', [bundleId]);
      const runnable = new Set(runnableSteps(BUNDLES[kind], states));
      for (const r of mine) {
        // Pending steps must be runnable by the step graph; retries and expired leases already were.
        if (r.status === 'PENDING' && !runnable.has(r.key)) continue;
        await tx.query(
          `UPDATE bundle_step SET status = 'RUNNING', attempts = attempts + 1, locked_by = $3, locked_until = now() + $4::int * interval '1 millisecond', updated_at = now()
           WHERE bundle_id = $1 AND key = $2`,
          [r.bundle_id, r.key, workerId, leaseMs],
        );
        out.push({ bundle_id: r.bundle_id, key: r.key, department: r.department, attempts: r.attempts + 1 });
      }
      if (out.some((c) => c.bundle_id === bundleId)) {
        await tx.query(`UPDATE bundle SET status = 'RUNNING', updated_at = now() WHERE id = $1 AND status = 'SUBMITTED'`, [bundleId]);
      }
    }
    return out;
  });
}

/** Hands `workerId`'s running steps back: due now, the interrupted attempt not counted. Returns how many. */
export async function releaseLeases(db: Db, workerId: string): Promise<number> {
  const released = await db.query<{ key: string }>(
    `UPDATE bundle_step SET status = 'RETRYING', attempts = GREATEST(attempts - 1, 0), next_attempt_at = now(), locked_by = NULL, locked_until = NULL,
       last_error = 'the worker stopped mid-step; resumed by another worker with the same idempotency key', updated_at = now()
     WHERE locked_by = $1 AND status = 'RUNNING' RETURNING key`,
    [workerId],
  );
  return released.length;
}

/**
 * Records a step's outcome and the bundle's status (and reason, results), if `workerId` still
 * holds the step's lease; returns false, recording nothing, when it does not (the lease expired
 * and another worker took the step over: its outcome counts, not ours).
 */
export async function recordStepOutcome(tx: Pick<Db, 'query'>, workerId: string, step: ClaimedStep, outcome: StepOutcome): Promise<boolean> {
  const updated = await tx.query(
    `UPDATE bundle_step SET status = $4, result = $5::text::jsonb, last_error = $6,
       next_attempt_at = now() + $7::int * interval '1 millisecond', locked_by = NULL, locked_until = NULL, updated_at = now()
     WHERE bundle_id = $1 AND key = $2 AND locked_by = $3 AND status = 'RUNNING' RETURNING key`,
    [step.bundle_id, step.key, workerId, outcome.status,
      outcome.status === 'SUCCEEDED' ? JSON.stringify(outcome.result) : null,
      outcome.status === 'SUCCEEDED' ? null : outcome.error,
      outcome.status === 'RETRYING' ? outcome.delayMs : 0],
  );
  if (!updated.length) return false;
  await tx.query('SELECT id FROM bundle WHERE id = $1 FOR UPDATE', [step.bundle_id]);
  const states = await tx.query<StepReport>('SELECT key, status, last_error, department FROM bundle_step WHERE bundle_id = $1 ORDER BY position', [step.bundle_id]);
  const status = bundleStatus(states);
  await tx.query(
    `UPDATE bundle SET status = $2, reason = $3, results = results || $4::text::jsonb, updated_at = now() WHERE id = $1`,
    [step.bundle_id, status, bundleReason(status, states), outcome.status === 'SUCCEEDED' ? JSON.stringify(outcome.result) : '{}'],
  );
  return true;
}
