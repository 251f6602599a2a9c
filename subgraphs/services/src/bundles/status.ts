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
