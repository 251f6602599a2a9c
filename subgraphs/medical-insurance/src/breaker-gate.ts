import { DepartmentUnavailableError, type BackendTransport, type Department } from '@district/common';

type Transport = Pick<BackendTransport, 'request'>;
type Subscribe = (listener: () => void) => { dispose(): void };
/** What the gate needs of the breaker (cockatiel's CircuitBreakerPolicy, DepartmentResilience.breaker). */
export interface BreakerEvents {
  onBreak: Subscribe;
  onHalfOpen: Subscribe;
  onReset: Subscribe;
}

/**
 * The circuit breaker, checked again when a call leaves the queue of calls waiting for a slot.
 *
 * The breaker admits a read when it starts; the transport then queues it behind
 * MEDICAL_INSURANCE_MAX_CONCURRENCY calls in flight. The platform has no batch lookup, so a
 * 200-employer dashboard is 200 reads, all admitted at once while the circuit is still closed: in
 * a 429 storm they would all go out after the breaker opened, into a platform that is telling us
 * to stop. Here each call waits for a slot (the same cap as the transport's, which stays as the
 * process-wide guarantee) and, if the circuit opened meanwhile, fails fast with CIRCUIT_OPEN
 * (served stale where a copy exists) instead of calling. So a storm costs at most about
 * threshold + cap calls before the breaker stops it, whatever the number of employers (a slot is
 * freed when the reply arrives, a moment before the adapter reads it as a failure and the
 * breaker counts it, so the call that takes the slot still goes out).
 *
 * The gate follows the breaker's events: open on break; shut again when it goes half-open (the
 * probe must get through) or closes.
 */
export function gateOnBreaker(
  transport: Transport,
  options: { department: Department; maxConcurrent: number; breaker: BreakerEvents },
): Transport & { dispose(): void } {
  let open = false;
  const listeners = [
    options.breaker.onBreak(() => (open = true)),
    options.breaker.onHalfOpen(() => (open = false)),
    options.breaker.onReset(() => (open = false)),
  ];
  let active = 0;
  const waiting: Array<() => void> = [];
  const acquire = async () => {
    if (active < options.maxConcurrent) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over by release()
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    async request(req) {
      await acquire();
      try {
        if (open) throw new DepartmentUnavailableError(options.department, 'CIRCUIT_OPEN', { retryable: false });
        return await transport.request(req);
      } finally {
        release();
      }
    },
    dispose: () => listeners.forEach((l) => l.dispose()),
  };
}
