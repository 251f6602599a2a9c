import { z } from 'zod';
import { PORT_BASE_MAX } from '@district/parts';
import { env, loadConfig, shownDefault } from './config.ts';

/** How long requests and steps in flight may take to finish once a process is told to stop. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** Set by `npm start` for the parts it starts (scripts/start.ts). */
export const UNDER_STACK = 'DISTRICT_UNDER_STACK';

/**
 * Settings every process reads the same way (`runPart`, `npm start`, the logger, the parts list),
 * declared once so the README's settings table lists them once, for all.
 */
export const ProcessSettingsSchema = z.object({
  NODE_ENV: env.mode(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be fatal, error, warn, info, debug, trace or silent').optional()
    .describe('Least severe log line written (pino levels)').meta(shownDefault('info (silent when NODE_ENV=test)')),
  SHUTDOWN_GRACE_MS: env.ms(DEFAULT_SHUTDOWN_GRACE_MS).describe('On SIGTERM or Ctrl-C, how long requests and steps in flight may take to finish before what is left is cut'),
  // Read by @district/parts (ports.ts), which sits below this package; declared here for the table and checked there.
  PORT_BASE: z.coerce.number().int().min(1).max(PORT_BASE_MAX).optional()
    .describe(`Moves the whole local stack: every part at PORT_BASE + (its default port − 4000), 1 to ${PORT_BASE_MAX}; a part's own port or URL variable still wins`),
  [UNDER_STACK]: z.enum(['1']).optional()
    .describe('Set by `npm start` for the parts it starts (not for operators): Ctrl-C then reaches npm start only, which stops the parts in order'),
});

/** The process settings runPart checks at start-up (PORT_BASE is checked with the ports). */
export function readProcessSettings(e: NodeJS.ProcessEnv) {
  return loadConfig(ProcessSettingsSchema.pick({ SHUTDOWN_GRACE_MS: true, LOG_LEVEL: true }), e);
}
