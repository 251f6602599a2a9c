import { pino, type Logger } from 'pino';

/**
 * Structured logs (pino). Personal data never reaches a log: the paths below are redacted
 * wherever they appear, and code logs identifiers of enterprises (USCC), never of people.
 */
export const REDACTED_PATHS = [
  '*.idNumber', '*.phone', '*.mobile', '*.legalRepresentative', '*.password', '*.authorization', '*.token',
  'req.headers.authorization', 'headers.authorization', '*.headers.authorization', '*.body',
];

export type { Logger };

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info')): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: name } });
}
