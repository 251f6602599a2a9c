import { DepartmentRejectedError, DepartmentUnavailableError, type UnavailableReason } from '@district/domain';

/**
 * The registry's native error codes (backends/docs/market.md) and what each means for a caller of
 * the graph. `retryable` tells the resilience layer (a later issue) whether repeating the call,
 * with a fresh nonce, can help: a fault can pass; a wrong secret or a malformed request cannot.
 */

type Meaning =
  | { kind: 'notFound' }
  | { kind: 'rejected' }
  | { kind: 'unavailable'; reason: UnavailableReason; retryable: boolean };

const MEANINGS: Record<string, Meaning> = {
  // Authentication: our configuration (key, secret, clock) is wrong; retrying the same way won't help.
  E1000: { kind: 'unavailable', reason: 'ERROR', retryable: false },
  E1001: { kind: 'unavailable', reason: 'ERROR', retryable: false },
  E1002: { kind: 'unavailable', reason: 'ERROR', retryable: false },
  // A nonce collision: a retry signs with a fresh nonce and succeeds.
  E1003: { kind: 'unavailable', reason: 'ERROR', retryable: true },
  E1004: { kind: 'unavailable', reason: 'ERROR', retryable: false },
  // We validate input before calling, so these mean the adapter and the API disagree: a bug to fix, not a user error.
  E2001: { kind: 'unavailable', reason: 'ERROR', retryable: false },
  E2002: { kind: 'unavailable', reason: 'ERROR', retryable: false },
  E4041: { kind: 'unavailable', reason: 'ERROR', retryable: false },
  E4130: { kind: 'unavailable', reason: 'ERROR', retryable: false },
  // Business refusals, in the registry's own words.
  E3001: { kind: 'rejected' },
  E3002: { kind: 'rejected' },
  E4090: { kind: 'rejected' },
  E4040: { kind: 'notFound' },
  E4290: { kind: 'unavailable', reason: 'RATE_LIMITED', retryable: true },
  E5000: { kind: 'unavailable', reason: 'ERROR', retryable: true },
  E5030: { kind: 'unavailable', reason: 'OUTAGE', retryable: true },
};

export interface NativeFailure {
  code: string;
  message: string;
  httpStatus: number;
  data: unknown;
}

/** The error to throw for a failed reply, or null when it means "no such enterprise". */
export function errorForFailure(f: NativeFailure): DepartmentUnavailableError | DepartmentRejectedError | null {
  const meaning = MEANINGS[f.code] ?? { kind: 'unavailable', reason: 'ERROR', retryable: f.httpStatus >= 500 };
  if (meaning.kind === 'notFound') return null;
  if (meaning.kind === 'rejected') {
    const reasons = (f.data as { reasons?: unknown } | null)?.reasons;
    return new DepartmentRejectedError('MARKET', f.message, {
      nativeCode: f.code,
      // E3001 lists its reasons; E3002 (name taken) and E4090 (idempotency conflict) say it in the message.
      reasons: Array.isArray(reasons) ? reasons.map(String) : [f.message],
    });
  }
  // The registry's message is for our logs, not the client: it may echo what was signed or sent.
  return new DepartmentUnavailableError('MARKET', meaning.reason, { nativeCode: f.code, httpStatus: f.httpStatus, retryable: meaning.retryable });
}
