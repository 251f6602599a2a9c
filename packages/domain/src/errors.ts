import { GraphQLError } from 'graphql';
import type { Department } from './departments.ts';
import { DEPARTMENT_LABELS } from './departments.ts';

/**
 * The error codes a client can meet (extensions.code), each with what it means: ours, and Apollo
 * Server's own for malformed requests. README's error table lists exactly these, with their HTTP
 * status (a test holds the two together). Every error names its source; a backend's status or
 * native code goes in extensions, never its stack or address.
 */
export const ERROR_CODES = {
  GRAPHQL_PARSE_FAILED: 'The query is not GraphQL (Apollo Server).',
  GRAPHQL_VALIDATION_FAILED: 'The query does not fit the schema, breaks an operation limit (extensions.limit, extensions.max), or holds a literal a subgraph scalar refuses.',
  OPERATION_RESOLUTION_FAILURE: 'operationName names no operation of the document, or the document holds several and names none.',
  BAD_REQUEST: 'The HTTP request is malformed (not JSON, no query, a method /graphql does not serve, a mutation over GET), or refused as a possible cross-site request (CSRF prevention).',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the server accepts; extensions.maxBytes says the limit.',
  PERSISTED_QUERY_NOT_FOUND: 'A persisted-query hash the gateway does not know yet: send the query with it once (Apollo Server).',
  PERSISTED_QUERY_HASH_MISMATCH: 'A persisted-query hash that is not the SHA-256 of the query sent with it.',
  PERSISTED_QUERY_VERSION_UNSUPPORTED: 'A persisted-query protocol version other than 1.',
  OPERATION_NOT_REGISTERED: 'The gateway runs only registered operations (safelist mode, production) and this one is not: neither its id (extensions.id) nor its normalized body is in a published manifest.',
  BAD_USER_INPUT: 'An argument is invalid (for example a USCC whose check character is wrong), or a form has problems (extensions.problems).',
  UNAUTHENTICATED: 'No valid credentials were presented.',
  FORBIDDEN: 'The caller may not read or do this, for this purpose.',
  RATE_LIMITED: 'The caller has spent its rate limit for the window (per subject, sized by role); extensions.retryAfter and the Retry-After header say in how many seconds to try again.',
  NOT_FOUND: 'An HTTP route outside GraphQL found nothing at its address (a certificate PDF for a verification code no certificate carries).',
  CONFLICT: 'The request conflicts with an earlier one (for example an idempotency key reused for a different request).',
  PRECONDITION_FAILED: 'The request is well formed but cannot go ahead now; extensions.reasons says why, one bilingual reason per precondition (for example arrears blocking a deregistration).',
  DEPARTMENT_REJECTED: 'A department system refused the request for a business reason it states (for example arrears block deregistration).',
  DEPARTMENT_UNAVAILABLE: 'A department system did not answer in time, or answered with a failure; its fields are null (or stale).',
  INTERNAL_SERVER_ERROR: 'Something failed on our side; the request id identifies it in our logs.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export function badUserInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extra } });
}

export function forbidden(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extra } });
}

export function conflict(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', ...extra } });
}

/**
 * PRECONDITION_FAILED: the request is valid but something in the world stands in its way. Every
 * reason is listed at once (一次告知), so the applicant can clear them all before trying again.
 */
export function preconditionFailed(message: string, reasons: string[], extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'PRECONDITION_FAILED', reasons, ...extra } });
}

/** Why a department call failed, as far as a client needs to know. */
export type UnavailableReason = 'TIMEOUT' | 'UNREACHABLE' | 'OUTAGE' | 'RATE_LIMITED' | 'ERROR' | 'CIRCUIT_OPEN' | 'BAD_RESPONSE';

/** Thrown by adapters; turned into a GraphQL error by the resolvers' error formatting. */
export class DepartmentUnavailableError extends GraphQLError {
  constructor(
    readonly department: Department,
    readonly reason: UnavailableReason,
    details: { nativeCode?: string; httpStatus?: number; retryable?: boolean } = {},
  ) {
    super(`${DEPARTMENT_LABELS[department]} is unavailable (${reason.toLowerCase().replaceAll('_', ' ')})`, {
      extensions: { code: 'DEPARTMENT_UNAVAILABLE', department, reason, ...details },
    });
    this.name = 'DepartmentUnavailableError';
  }

  get retryable(): boolean {
    return this.extensions.retryable !== false && this.reason !== 'BAD_RESPONSE';
  }
}

/** A department's business refusal (not a fault): the reasons are the department's own words. */
export class DepartmentRejectedError extends GraphQLError {
  constructor(readonly department: Department, message: string, details: { nativeCode?: string; reasons?: string[] } = {}) {
    super(message, { extensions: { code: 'DEPARTMENT_REJECTED', department, ...details } });
    this.name = 'DepartmentRejectedError';
  }
}
