import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import type { GraphQLError } from 'graphql';

/**
 * How the 医保 platform fails, and what each failure means to a client. The platform answers
 * business errors with HTTP 200, infcode -1 and a bracketed code at the start of err_msg
 * ("[FSI-429] 访问频率超过限制…"); only the nginx in front of it answers with other statuses, as
 * bare HTML pages.
 */

const DEPARTMENT = 'MEDICAL_INSURANCE' as const;

/** A reply that does not say what the wire format promises; the detail is for our logs only. */
export class MalformedReply extends Error {
  constructor(readonly detail: string) {
    super(`malformed reply from the 医保 platform: ${detail}`);
    this.name = 'MalformedReply';
  }
}

export const badResponse = () => new DepartmentUnavailableError(DEPARTMENT, 'BAD_RESPONSE');

/** A non-200 status: nginx speaking, not the platform. */
export function httpFailure(httpStatus: number): DepartmentUnavailableError {
  // 502/503/504: nginx is up but the platform behind it is not.
  if (httpStatus === 502 || httpStatus === 503 || httpStatus === 504) return new DepartmentUnavailableError(DEPARTMENT, 'OUTAGE', { httpStatus });
  // 404 / 413 / other 4xx mean our call is wrong (path, size): retrying the same call cannot help.
  return new DepartmentUnavailableError(DEPARTMENT, 'ERROR', { httpStatus, retryable: httpStatus >= 500 });
}

/** Splits "[FSI-429] 访问频率超过限制，请稍后重试" into its code and text. */
export function parseErrMsg(errMsg: string | null | undefined): { nativeCode?: string; text: string } {
  const m = /^\s*\[([A-Z]+-\d+)\]\s*([\s\S]*)$/.exec(errMsg ?? '');
  return m ? { nativeCode: m[1], text: m[2] } : { text: errMsg ?? '' };
}

/** infcode -1: the platform's own refusal or failure. */
export function platformFailure(errMsg: string | null | undefined): GraphQLError {
  const { nativeCode, text } = parseErrMsg(errMsg);
  switch (nativeCode) {
    case 'FSI-429':
      return new DepartmentUnavailableError(DEPARTMENT, 'RATE_LIMITED', { nativeCode });
    case 'FSI-500':
      return new DepartmentUnavailableError(DEPARTMENT, 'ERROR', { nativeCode });
    case 'FSI-400': // the platform refuses what we sent: a bug or a contract change, not the client's doing
    case 'FSI-401': // our sender code / sign number: only a configuration change fixes it
      return new DepartmentUnavailableError(DEPARTMENT, 'ERROR', { nativeCode, retryable: false });
    case 'FSI-404': // not registered (writes)
    case 'FSI-409': // already registered, or closed
    case 'FSI-412': // arrears block deregistration
    case 'FSI-422': // msgid reused for a different message
      return rejected(nativeCode, text);
    default:
      return new DepartmentUnavailableError(DEPARTMENT, 'ERROR', nativeCode ? { nativeCode } : {});
  }
}

/**
 * A refusal with the platform's reasons (its text); for arrears blocking a closure (FSI-412) the
 * periods owed too, as yyyy-MM, parsed from "欠费所属期 202608、202609".
 */
function rejected(nativeCode: string, text: string): DepartmentRejectedError {
  const reason = text || '医保经办机构拒绝了该业务';
  const periods = nativeCode === 'FSI-412'
    ? [...(/欠费所属期([^，,]*)/.exec(text)?.[1] ?? '').matchAll(/(\d{4})(\d{2})/g)].map((m) => `${m[1]}-${m[2]}`)
    : [];
  return new DepartmentRejectedError(DEPARTMENT, reason, { nativeCode, reasons: [reason], ...(periods.length ? { periods } : {}) } as { nativeCode: string; reasons: string[] });
}
