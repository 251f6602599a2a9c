import type { StepDefinition, StepKey } from './definitions.ts';

/**
 * Status of each step and of the whole bundle (一次办成: one aggregate status), derived from the
 * steps, never stored separately from them.
 */
export type StepStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'RETRYING' | 'FAILED' | 'SKIPPED';
export type BundleStatus = 'SUBMITTED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'NEEDS_ATTENTION';

export interface StepState {
  key: StepKey;
  status: StepStatus;
}

/** Steps whose prerequisites have all succeeded and that have not started: the ones to run now. */
export function runnableSteps(definitions: StepDefinition[], states: StepState[]): StepKey[] {
  const status = new Map(states.map((s) => [s.key, s.status]));
  return definitions
    .filter((d) => status.get(d.key) === 'PENDING' && d.needs.every((n) => status.get(n) === 'SUCCEEDED'))
    .map((d) => d.key);
}

/**
 * The bundle's status: COMPLETED when every step succeeded; NEEDS_ATTENTION when a step failed for
 * good after another had already written (a half-done bundle must be looked at, never left
 * silent); FAILED when the first write failed for good, so nothing was done; SUBMITTED before any
 * step has run; RUNNING otherwise.
 */
export function bundleStatus(states: StepState[]): BundleStatus {
  if (states.every((s) => s.status === 'SUCCEEDED' || s.status === 'SKIPPED')) return 'COMPLETED';
  const failed = states.some((s) => s.status === 'FAILED');
  const wrote = states.some((s) => s.status === 'SUCCEEDED');
  if (failed) return wrote ? 'NEEDS_ATTENTION' : 'FAILED';
  if (states.every((s) => s.status === 'PENDING')) return 'SUBMITTED';
  return 'RUNNING';
}

/** A step's state with what the bundle's reason names of it. */
export interface StepReport extends StepState {
  department: string;
  last_error: string | null;
}

/**
 * Why a bundle needs attention or failed, for the window: the failed steps with their errors, the
 * steps already done (to be followed up by hand: nothing is reversed automatically) and those never
 * started. Null while the bundle is neither.
 */
export function bundleReason(status: BundleStatus, steps: StepReport[]): string | null {
  if (status !== 'NEEDS_ATTENTION' && status !== 'FAILED') return null;
  const failed = steps.filter((s) => s.status === 'FAILED').map((s) => `${s.key} (${s.department}): ${s.last_error}`);
  const done = steps.filter((s) => s.status === 'SUCCEEDED').map((s) => s.key);
  const notStarted = steps.filter((s) => s.status === 'PENDING').map((s) => s.key);
  return [
    `失败 — failed: ${failed.join('; ')}`,
    done.length ? `已办结、需人工跟进 — already done, to be followed up by the window (no automatic reversal): ${done.join(', ')}` : null,
    notStarted.length ? `未启动 — not started: ${notStarted.join(', ')}` : null,
  ].filter(Boolean).join('. ');
}
