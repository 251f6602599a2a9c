import { randomUUID } from 'node:crypto';
import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import { inInternalSpan, type Logger } from '@district/runtime';
import type { AccessRecordInput } from '@district/audit';
import { stepRecord, type StepWrite } from '../audit/records.ts';
import type { StepKey } from '../bundles/definitions.ts';
import { stepInput } from '../bundles/step-inputs.ts';
import type { DepartmentWrites } from '../departments/writes.ts';
import { appendWithin } from '../store/audit-append.ts';
import { getForm } from '../store/bundles.ts';
import { escalateOverdue } from '../store/request-escalation.ts';
import type { Db } from '../store/db.ts';
import { claimDueSteps, recordStepOutcome, releaseLeases, type ClaimedStep, type StepOutcome } from '../store/steps.ts';

/**
 * The bundle worker: drives due steps to completion. Durable and safe to run several of on one
 * database:
 * - a step is claimed in a transaction with `FOR UPDATE SKIP LOCKED` and leased (status RUNNING,
 *   locked_by, locked_until: store/steps.ts), so no two workers run it at once;
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
 * Every department call is on the access record (audit/records.ts), for the bundle's applicant and
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
      this.running = Promise.all([
        this.tick().catch((error) => this.o.logger?.error({ err: error, worker: this.id }, 'bundle worker poll failed')),
        this.escalate().catch((error) => this.o.logger?.error({ err: error, worker: this.id }, 'request escalation failed')),
      ]);
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
    const released = await releaseLeases(this.o.db, this.id);
    if (released) this.o.logger?.info({ worker: this.id, released }, 'bundle steps handed back on stop');
    return released;
  }

  /**
   * 督办, on the same poll: open requests (诉求) past their limit escalated to their department's
   * supervisor queue, once across instances and restarts (store/request-escalation.ts).
   */
  async escalate(): Promise<number> {
    const escalated = await escalateOverdue(this.o.db, this.id);
    if (escalated.length) this.o.logger?.info({ worker: this.id, escalated: escalated.length, departments: [...new Set(escalated.map((e) => e.department))] }, 'overdue requests escalated (督办)');
    return escalated.length;
  }

  /** One poll: claims due, runnable steps and runs them. Returns how many were run. */
  async tick(): Promise<number> {
    const claimed = await claimDueSteps(this.o.db, this.id, this.o.batch, this.o.leaseMs);
    // Each step its own trace: its department write, through the department subgraph to the system.
    await Promise.all(claimed.map((step) => inInternalSpan('bundle step', { department: step.department, step: step.key }, () => this.run(step))));
    return claimed.length;
  }

  private async run(step: ClaimedStep): Promise<void> {
    const { db, writes, logger } = this.o;
    const bundle = await getForm(db, step.bundle_id);
    if (!bundle) return;
    const idempotencyKey = idempotencyKeyFor(step.bundle_id, step.key);
    const log = { worker: this.id, bundle: step.bundle_id, step: step.key, attempt: step.attempts };
    // The call's own id, carried to the department and onto its access record.
    const requestId = randomUUID();
    const call: Omit<StepWrite, 'outcome' | 'uscc'> = {
      requestId, at: new Date().toISOString(), bundleId: step.bundle_id, kind: bundle.kind, applicantSub: bundle.applicantSub, applicantRole: bundle.applicantRole,
      step: step.key, department: step.department,
    };
    const uscc = bundle.uscc ?? (bundle.results.uscc as string | undefined);
    try {
      const result = await writes.write({ step: step.key, department: step.department, idempotencyKey, requestId, input: stepInput(step.key, bundle.form, bundle.results, step.bundle_id) });
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
  private async finish(step: ClaimedStep, outcome: StepOutcome, record: AccessRecordInput): Promise<void> {
    const what = { worker: this.id, bundle: step.bundle_id, step: step.key };
    await this.o.db.transaction(async (tx) => {
      // The lease expired and another worker took the step over: its outcome counts, not ours.
      if (!(await recordStepOutcome(tx, this.id, step, outcome))) this.o.logger?.warn(what, 'bundle step lease lost; outcome dropped');
      await appendWithin(tx, [record], this.o.logger, what);
    });
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
