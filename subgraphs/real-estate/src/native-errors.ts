import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import { type TransportResponse } from '@district/department-access';
import { REPLY } from './codes.ts';
import { parseDocument, type Reply } from './message.ts';

/** How the 不动产登记 exchange interface fails, and what each failure means to a client. */

const DEPT = 'REAL_ESTATE' as const;

/**
 * The reply to a read, or the error it stands for:
 * - 503 (answered in plain text by the platform's gateway, not the registry) → OUTAGE;
 * - 429 / 4290 → RATE_LIMITED; 5000 or any 5xx → ERROR (a read is safe to retry later);
 * - 2002 (a parameter the registry refuses, in its words) and 3xxx (business refusals) → DepartmentRejectedError;
 * - any other code (credentials, envelope, batch size): our integration is wrong → ERROR with the native code.
 * 4004 (无记录) is returned to the caller: whether "nothing" is an error depends on the query.
 */
export function readReply(res: TransportResponse, serialNo: string): Reply {
  if (res.status === 503) throw new DepartmentUnavailableError(DEPT, 'OUTAGE', { httpStatus: 503 });
  if (res.status === 429) throw new DepartmentUnavailableError(DEPT, 'RATE_LIMITED', { httpStatus: 429, nativeCode: REPLY.RATE_LIMITED });
  const reply = parseDocument(res);
  const details = { nativeCode: reply.code, httpStatus: res.status };
  if (reply.code === REPLY.RATE_LIMITED) throw new DepartmentUnavailableError(DEPT, 'RATE_LIMITED', details);
  if (reply.code === REPLY.SYSTEM_ERROR || res.status >= 500) throw new DepartmentUnavailableError(DEPT, 'ERROR', details);
  if (reply.code === REPLY.BAD_PARAMETER || reply.code.startsWith('3')) {
    throw new DepartmentRejectedError(DEPT, `不动产登记 refused the request: ${reply.message}`, { nativeCode: reply.code, reasons: [reply.message] });
  }
  if (reply.code !== REPLY.OK && reply.code !== REPLY.NOT_FOUND) throw new DepartmentUnavailableError(DEPT, 'ERROR', { ...details, retryable: false });
  // A reply to another request (a proxy mixing up connections) must never be read as ours: it names other holders.
  if (reply.serialNo !== serialNo) throw new DepartmentUnavailableError(DEPT, 'BAD_RESPONSE', { httpStatus: res.status });
  return reply;
}
