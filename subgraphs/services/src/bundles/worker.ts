import { randomUUID } from 'node:crypto';
import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import type { Logger } from '@district/runtime';
import type { AccessRecordInput } from '@district/audit';
import type { Db } from '../store/db.ts';
import { appendWithin, stepRecord, type StepWrite } from './access-records.ts';
import type { DepartmentWrites } from '../departments/writes.ts';
import { BUNDLES, type CalledDepartment, type StepKey, type StepResult } from './definitions.ts';
import { stepInput } from './inputs.ts';
import { getForm } from './store.ts';
import { bundleStatus, runnableSteps, type StepState, type StepStatus } from './status.ts';

/**
 * The bundle worker: drives due steps to completion. Durable and safe to run several of on one
 * database:
 * - a step is claimed in a transaction with `FOR UPDATE SKIP LOCKED` and leased (status RUNNING,
 *   locked_by, locked_until), so no two workers run it at once;
 * - the department call happens outside the transaction, under the lease; its result is recorded
 *   only if this worker still holds the lease (a late answer after the lease expired is dropped);
 * - a worker that dies mid-step leaves a lease that expires, and any worker claims the step again;
 * - every write carries the idempotency key `<bundle id>:<step key>`, the same on every attempt, so
 *   a repeated call (retry, or re-run after a crash) never registers twice at the department;
 * - DEPARTMENT_UNAVAILABLE is retried with exponential backoff up to maxAttempts; a refusal, or the
 *   limit, fails the step, and the bundle becomes FAILED (nothing written) or NEEDS_ATTENTION (some
 *   department already wrote) with the reason; steps not yet started are not started.
 * Times are the database's clock (now()), so workers on several machines agree on leases.
 *
 * Every department call is on the access record (access-records.ts), for the bundle's applicant and
 * purpose, appended in the transaction that records the step's outcome: the two commit together,
 * so a worker that dies before recording leaves neither, and the repeated call is recorded instead.
 * A call whose outcome is dropped (the lease was lost) is recorded all the same: it happened.
 */
export interface WorkerOptions {
  db: Db;
  writes: DepartmentWrites;
  logger?: Logger;
  /** Names this worker in locked_by; default a random id. */
  id?: string;
  /** Poll interval. */
  intervalMs?: number;
  /** How long a claimed step is reserved; longer than any department call. */
  leaseMs?: number;
  /** Steps claimed per poll. */
  batch?: number;
  /** Attempts before a step fails for good. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

interface Claimed {
  bundle_id: string;
  key: StepKey;
  department: string;
  attempts: number;
}

type StepOutcome = { status: 'SUCCEEDED'; result: StepResult } | { status: 'RETRYING'; error: string; delayMs: number } | { status: 'FAILED'; error: string };

export const idempotencyKeyFor = (bundleId: string, step: StepKey) => `${bundleId}:${step}`;

export class BundleWorker {
  readonly id: string;
  private readonly o: Required<Omit<WorkerOptions, 'logger' | 'id'>> & { logger?: Logger };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(options: WorkerOptions) {
    this.id = options.id ?? `worker-${randomUUID().slice(0, 8)}`;
    this.o = { intervalMs: 500, leaseMs: 60_000, batch: 10, maxAttempts: 5, backoffBaseMs: 1_000, backoffMaxMs: 60_000, ...options };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick().catch((error) => this.o.logger?.error({ err: error, worker: this.id }, 'bundle worker poll failed'));
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(loop, this.o.intervalMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  /**
   * Stops polling and waits for the steps in hand to be recorded, at most `graceMs`. Steps still
   * in hand then are handed back (their lease released, due at once), so another worker takes
   * them up now rather than when the lease would have expired; their department calls carry the
   * step's idempotency key, so one that still lands after this is never a second registration.
   */
  async stop(graceMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = Number.isFinite(graceMs) ? new Promise<'late'>((r) => { timer = setTimeout(() => r('late'), graceMs); }) : new Promise<never>(() => undefined);
    const finished = await Promise.race([this.running.then(() => 'done' as const), outOfTime]);
    clearTimeout(timer);
    if (finished === 'late') await this.releaseLeases();
  }

  /** Hands this worker's steps in hand back: due now, the interrupted attempt not counted. */
  async releaseLeases(): Promise<number> {
    const released = await this.o.db.query<{ key: string }>(
      `UPDATE bundle_step SET status = 'RETRYING', attempts = GREATEST(attempts - 1, 0), next_attempt_at = now(), locked_by = NULL, locked_until = NULL,
         last_error = 'the worker stopped mid-step; resumed by another worker with the same idempotency key', updated_at = now()
       WHERE locked_by = $1 AND status = 'RUNNING' RETURNING key`,
      [this.id],
    );
    if (released.length) this.o.logger?.info({ worker: this.id, released: released.length }, 'bundle steps handed back on stop');
    return released.length;
  }

  /** One poll: claims due, runnable steps and runs them. Returns how many were run. */
  async tick(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((step) => this.run(step)));
    return claimed.length;
  }

  private async claim(): Promise<Claimed[]> {
    const { db, batch, leaseMs } = this.o;
    return db.transaction(async (tx) => {
      // Due: pending or retrying and due now, or running under an expired lease (its worker died).
      // A pending step also needs its prerequisites succeeded; nothing new starts in a bundle where
      // a step failed for good.
      const rows = await tx.query<Claimed & { status: StepStatus }>(
        `SELECT s.bundle_id, s.key, s.department, s.attempts, s.status FROM bundle_step s
         WHERE ((s.status IN ('PENDING', 'RETRYING') AND s.next_attempt_at <= now()) OR (s.status = 'RUNNING' AND s.locked_until < now()))
           AND NOT EXISTS (SELECT 1 FROM bundle_step d WHERE d.bundle_id = s.bundle_id AND d.key = ANY(s.needs) AND d.status <> 'SUCCEEDED')
           AND NOT EXISTS (SELECT 1 FROM bundle_step f WHERE f.bundle_id = s.bundle_id AND f.status = 'FAILED' AND s.status = 'PENDING')
         ORDER BY s.next_attempt_at, s.bundle_id, s.position
         LIMIT $1
         FOR UPDATE OF s SKIP LOCKED`,
        [batch],
      );
      const out: Claimed[] = [];
      for (const bundleId of [...new Set(rows.map((r) => r.bundle_id))].sort()) {
        const mine = rows.filter((r) => r.bundle_id === bundleId);
        const states = await tx.query<StepState>('SELECT key, status FROM bundle_step WHERE bundle_id = $1', [bundleId]);
        const [{ kind }] = await tx.query<{ kind: keyof typeof BUNDLES }>('SELECT kind FROM bundle WHERE id = $1', [bundleId]);
        const runnable = new Set(runnableSteps(BUNDLES[kind], states));
        for (const r of mine) {
          // Pending steps must be runnable by the step graph; retries and expired leases already were.
          if (r.status === 'PENDING' && !runnable.has(r.key)) continue;
          await tx.query(
            `UPDATE bundle_step SET status = 'RUNNING', attempts = attempts + 1, locked_by = $3, locked_until = now() + $4::int * interval '1 millisecond', updated_at = now()
             WHERE bundle_id = $1 AND key = $2`,
            [r.bundle_id, r.key, this.id, leaseMs],
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

  private async run(step: Claimed): Promise<void> {
    const { db, writes, logger } = this.o;
    const bundle = await getForm(db, step.bundle_id);
    if (!bundle) return;
    const idempotencyKey = idempotencyKeyFor(step.bundle_id, step.key);
    const log = { worker: this.id, bundle: step.bundle_id, step: step.key, attempt: step.attempts };
    // The call's own id, carried to the department and onto its access record.
    const requestId = randomUUID();
    const call: Omit<StepWrite, 'outcome' | 'uscc'> = {
      requestId, at: new Date().toISOString(), bundleId: step.bundle_id, kind: bundle.kind, applicantSub: bundle.applicantSub, applicantRole: bundle.applicantRole,
      step: step.key, department: step.department as CalledDepartment,
    };
    const uscc = bundle.uscc ?? (bundle.results.uscc as string | undefined);
    try {
      const result = await writes.write({ step: step.key, department: step.department as CalledDepartment, idempotencyKey, requestId, input: stepInput(step.key, bundle.form, bundle.results, step.bundle_id) });
      logger?.info(log, 'bundle step succeeded');
      // An opening's market step is what issues the USCC its record names.
      await this.finish(step, { status: 'SUCCEEDED', result }, stepRecord({ ...call, uscc: uscc ?? (result.uscc as string | undefined), outcome: 'OK' }));
    } catch (error) {
      const retryable = !(error instanceof DepartmentRejectedError) && !(error instanceof DepartmentUnavailableError && !error.retryable);
      const message = errorText(error);
      const record = stepRecord({ ...call, uscc, outcome: error instanceof DepartmentRejectedError ? 'INVALID' : 'ERROR' });
      if (retryable && step.attempts < this.o.maxAttempts) {
        const delay = Math.min(this.o.backoffBaseMs * 2 ** (step.attempts - 1), this.o.backoffMaxMs);
        logger?.warn({ ...log, delayMs: delay, error: message }, 'bundle step will be retried');
        await this.finish(step, { status: 'RETRYING', error: message, delayMs: delay }, record);
      } else {
        logger?.warn({ ...log, error: message }, 'bundle step failed');
        const why = retryable ? `${message} (after ${step.attempts} attempts)` : message;
        await this.finish(step, { status: 'FAILED', error: why }, record);
      }
    }
  }

  /**
   * Records a step's outcome if this worker still holds its lease, and the bundle's status; and,
   * in the same transaction, the access record of the department call (whether or not the lease
   * still held).
   */
  private async finish(step: Claimed, outcome: StepOutcome, record: AccessRecordInput): Promise<void> {
    const what = { worker: this.id, bundle: step.bundle_id, step: step.key };
    await this.o.db.transaction(async (tx) => {
      await this.recordOutcome(tx, step, outcome);
      await appendWithin(tx, [record], this.o.logger, what);
    });
  }

  /** The step's outcome, if this worker still holds its lease, and the bundle's status. */
  private async recordOutcome(tx: Pick<Db, 'query'>, step: Claimed, outcome: StepOutcome): Promise<void> {
    const updated = await tx.query(
      `UPDATE bundle_step SET status = $4, result = $5::text::jsonb, last_error = $6,
         next_attempt_at = now() + $7::int * interval '1 millisecond', locked_by = NULL, locked_until = NULL, updated_at = now()
       WHERE bundle_id = $1 AND key = $2 AND locked_by = $3 AND status = 'RUNNING' RETURNING key`,
      [step.bundle_id, step.key, this.id, outcome.status,
        outcome.status === 'SUCCEEDED' ? JSON.stringify(outcome.result) : null,
        outcome.status === 'SUCCEEDED' ? null : outcome.error,
        outcome.status === 'RETRYING' ? outcome.delayMs : 0],
    );
    if (!updated.length) {
      // The lease expired and another worker took the step over: its outcome counts, not ours.
      this.o.logger?.warn({ worker: this.id, bundle: step.bundle_id, step: step.key }, 'bundle step lease lost; outcome dropped');
      return;
    }
    await tx.query('SELECT id FROM bundle WHERE id = $1 FOR UPDATE', [step.bundle_id]);
    const states = await tx.query<StepState & { last_error: string | null; department: string }>('SELECT key, status, last_error, department FROM bundle_step WHERE bundle_id = $1 ORDER BY position', [step.bundle_id]);
    const status = bundleStatus(states);
    let reason: string | null = null;
    if (status === 'NEEDS_ATTENTION' || status === 'FAILED') {
      const failed = states.filter((s) => s.status === 'FAILED').map((s) => `${s.key} (${s.department}): ${s.last_error}`);
      const done = states.filter((s) => s.status === 'SUCCEEDED').map((s) => s.key);
      const notStarted = states.filter((s) => s.status === 'PENDING').map((s) => s.key);
      reason = [
        `失败 — failed: ${failed.join('; ')}`,
        done.length ? `已办结、需人工跟进 — already done, to be followed up by the window (no automatic reversal): ${done.join(', ')}` : null,
        notStarted.length ? `未启动 — not started: ${notStarted.join(', ')}` : null,
      ].filter(Boolean).join('. ');
    }
    await tx.query(
      `UPDATE bundle SET status = $2, reason = $3, results = results || $4::text::jsonb, updated_at = now() WHERE id = $1`,
      [step.bundle_id, status, reason, outcome.status === 'SUCCEEDED' ? JSON.stringify(outcome.result) : '{}'],
    );
  }
}

function errorText(error: unknown): string {
  if (error instanceof DepartmentRejectedError) {
    const reasons = (error.extensions.reasons as string[] | undefined) ?? [];
    return `${error.department} 拒绝 — refused: ${reasons.length ? reasons.join('; ') : error.message}`;
  }
  if (error instanceof DepartmentUnavailableError) return `${error.department} 不可用 — unavailable (${error.reason})`;
  return error instanceof Error ? error.message : String(error);
}
