import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestScope } from './request-scope.ts';
import { currentTraceId } from './tracing.ts';

/**
 * Structured logs (pino): one JSON object per line, ISO times, and on every line written while a
 * request is served its request id and trace id (from the request scope and the active span), so
 * a request's lines can be found in every process. Personal data never reaches a log: the paths
 * below are redacted wherever they appear, and code logs identifiers of enterprises (USCC),
 * operation names and codes, never arguments, variables, headers or people's data.
 */
export const REDACTED_PATHS = [
  '*.idNumber', '*.phone', '*.mobile', '*.legalRepresentative', '*.password', '*.authorization', '*.token',
  'req.headers.authorization', 'headers.authorization', '*.headers.authorization', '*.body', '*.variables',
];

export type { Logger };

/** Checked by runPart at start, so a misspelt level is a settings problem, not a crash. */
/** The request's ids for a log line; nothing outside a request. */
function requestIds(): Record<string, string> {
  const scope = currentRequestScope();
  const traceId = currentTraceId();
  if (!scope && !traceId) return {};
  const ids: Record<string, string> = {};
  if (scope) ids.requestId = scope.requestId;
  if (traceId) ids.traceId = traceId;
  return ids;
}

/** A part's logger: JSON lines on stdout (or `destination`, for tests), at LOG_LEVEL (info; silent under NODE_ENV=test). */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'), destination?: DestinationStream): Logger {
  const options = {
    name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: requestIds,
  };
  return destination ? pino(options, destination) : pino(options);
}
