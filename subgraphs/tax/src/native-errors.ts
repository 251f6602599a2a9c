import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';

/**
 * How the 税务 bus says something went wrong, and what it means for our callers. The bus answers
 * business outcomes as HTTP 200 with a 返回码 (rtnCode); only its front proxy (nginx) uses HTTP
 * statuses, with an HTML page. Our messages never carry the bus's text: it can name taxpayers.
 */

const unavailable = (reason: ConstructorParameters<typeof DepartmentUnavailableError>[1], details: { nativeCode?: string; httpStatus?: number; retryable?: boolean }) =>
  new DepartmentUnavailableError('TAX', reason, details);

/** A reply from the front proxy rather than the bus. */
export function fromHttpStatus(status: number): DepartmentUnavailableError {
  if (status === 503) return unavailable('OUTAGE', { httpStatus: status });
  if (status === 429) return unavailable('RATE_LIMITED', { httpStatus: status });
  if (status >= 500) return unavailable('ERROR', { httpStatus: status });
  // 404 (path outside /gt3/esb/) and 413 (body over 1 MiB) mean our own configuration or request is wrong: retrying cannot help.
  return unavailable('ERROR', { httpStatus: status, retryable: false });
}

/** A non-000 rtnCode from the bus. */
export function fromRtnCode(code: string): DepartmentUnavailableError | DepartmentRejectedError {
  // 900 系统繁忙: the bus's rate limit; the caller may try again later.
  if (code === '900') return unavailable('RATE_LIMITED', { nativeCode: code });
  // 999 系统异常: an internal or injected fault on the bus; transient.
  if (code === '999') return unavailable('ERROR', { nativeCode: code });
  // 1xx (channel, envelope) and 2xx (parameters): the bus refused our request as malformed or
  // unauthorised. That is our defect or misconfiguration, not the user's: unavailable, not retryable.
  if (/^[12]\d\d$/.test(code)) return unavailable('ERROR', { nativeCode: code, retryable: false });
  // 3xx/4xx: a business refusal of a write (纳税人不存在, 清税申报未通过, 流水号冲突…).
  if (/^[34]\d\d$/.test(code)) return new DepartmentRejectedError('TAX', `税务 refused the request (返回码 ${code})`, { nativeCode: code });
  return unavailable('ERROR', { nativeCode: code });
}

/** The reply could not be understood: not JSON, not the envelope, or a body that fails its schema. */
export const badResponse = (details: { nativeCode?: string; httpStatus?: number } = {}) => unavailable('BAD_RESPONSE', details);
