import {
  BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, wrap,
  type CircuitBreakerPolicy, type IPolicy,
} from 'cockatiel';
import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import { BREAKER_STATES, metrics } from '@district/runtime';
import type { Department } from '@district/domain';

/**
 * How a subgraph treats one department system (cockatiel): retries with jittered exponential
 * backoff for idempotent reads only, and a circuit breaker that fails fast while the system is
 * down and lets one probe through after `breakerHalfOpenMs`. Timeouts are the transport's;
 * concurrency is the transport's cap. Writes are never retried here: a write is repeated only by
 * its owner (the bundle worker), with the same idempotency key, where a duplicate is harmless.
 */
export interface ResilienceSettings {
  /** Extra attempts after a failed read (0 = none). */
  retries: number;
  /** First backoff; each next one doubles, with decorrelated jitter, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive failures that open the circuit. */
  breakerThreshold: number;
  /** How long an open circuit fails fast before letting a probe through. */
  breakerHalfOpenMs: number;
  /** Whether a timed-out read is retried: a slow system usually stays slow, and each retry costs a whole timeout. */
  retryTimeouts: boolean;
}

export const DEFAULT_RESILIENCE: ResilienceSettings = {
  retries: 2,
  retryBaseMs: 50,
  retryMaxMs: 400,
  breakerThreshold: 5,
  breakerHalfOpenMs: 5_000,
  retryTimeouts: false,
};

/** Failures that say the system is unwell (counted by the breaker), as opposed to refusals or bad input. */
const isOutageLike = (e: unknown): boolean => e instanceof DepartmentUnavailableError && e.reason !== 'BAD_RESPONSE' && e.reason !== 'CIRCUIT_OPEN';

export class DepartmentResilience {
  readonly breaker: CircuitBreakerPolicy;
  private readonly readPolicy: IPolicy;

  constructor(readonly department: Department, readonly settings: ResilienceSettings = DEFAULT_RESILIENCE) {
    this.breaker = circuitBreaker(handleWhen(isOutageLike), {
      halfOpenAfter: settings.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(settings.breakerThreshold),
    });
    const retryable = (e: unknown) =>
      e instanceof DepartmentUnavailableError && e.retryable && e.reason !== 'CIRCUIT_OPEN' && (settings.retryTimeouts || e.reason !== 'TIMEOUT');
    const retryPolicy = retry(handleWhen(retryable), {
      maxAttempts: settings.retries,
      backoff: new ExponentialBackoff({ initialDelay: settings.retryBaseMs, maxDelay: settings.retryMaxMs }),
    });
    this.readPolicy = wrap(retryPolicy, this.breaker);
    metrics.breakerState.set({ department }, BREAKER_STATES.closed);
    this.breaker.onStateChange(() => metrics.breakerState.set({ department }, BREAKER_STATES[this.circuit]));
  }

  /** An idempotent read: retried, behind the breaker. */
  read<T>(fn: () => Promise<T>): Promise<T> {
    return this.translate(this.readPolicy.execute(fn));
  }

  /** A write: behind the breaker, never retried here. */
  write<T>(fn: () => Promise<T>): Promise<T> {
    return this.translate(this.breaker.execute(fn));
  }

  get circuit(): 'closed' | 'open' | 'half-open' | 'isolated' {
    return (['closed', 'open', 'half-open', 'isolated'] as const)[this.breaker.state];
  }

  private async translate<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (error) {
      const failure = error instanceof BrokenCircuitError ? new DepartmentUnavailableError(this.department, 'CIRCUIT_OPEN', { retryable: false }) : error;
      // What the caller got after retries, by reason: a system that failed, or refused (REJECTED).
      if (failure instanceof DepartmentUnavailableError) metrics.backendErrors.inc({ department: this.department, reason: failure.reason });
      else if (failure instanceof DepartmentRejectedError) metrics.backendErrors.inc({ department: this.department, reason: 'REJECTED' });
      throw failure;
    }
  }
}
