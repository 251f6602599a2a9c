import { z } from 'zod';
import { env, loadConfig } from '@district/runtime';

/** Run-time behaviour of one simulated department system; settable by env and at run time via /__sim/faults. */
export const FaultSettingsSchema = z.object({
  /** Base latency per request, milliseconds. */
  latencyMs: z.number().int().min(0).max(120_000),
  /** Uniform jitter as a share of latency (0.3 = ±30%). */
  jitter: z.number().min(0).max(1),
  /** Share of requests answered with the system's own internal error. */
  errorRate: z.number().min(0).max(1),
  /** When true the system answers every request with its own "unavailable" reply. */
  outage: z.boolean(),
  /** Requests per second the system accepts before answering with its own rate-limit reply; 0 = unlimited. */
  rateLimitPerSecond: z.number().min(0),
});
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;

/** No latency, no faults, no rate limit: how the sims' own tests run them unless a test asks otherwise. */
export const QUIET: FaultSettings = { latencyMs: 0, jitter: 0, errorRate: 0, outage: false, rateLimitPerSecond: 0 };

/** What may be posted to /__sim/faults: any subset. */
export const FaultPatchSchema = FaultSettingsSchema.partial().strict();

/**
 * `<PREFIX>_LATENCY_MS`, `_JITTER`, `_ERROR_RATE`, `_OUTAGE`, `_RATE_LIMIT` over the given defaults
 * (e.g. TAX_SIM_LATENCY_MS=0), each described for the README's settings table.
 */
export function simSettingsSchema(prefix: string, defaults: FaultSettings) {
  const share = (fallback: number) => z.coerce.number('must be a number from 0 to 1').min(0, 'must be a number from 0 to 1').max(1, 'must be a number from 0 to 1').default(fallback);
  return z.object({
    [`${prefix}_LATENCY_MS`]: env.int(defaults.latencyMs).pipe(z.number().max(120_000, 'must be at most 120000')).describe('Base latency of each answer of the stand-in, milliseconds'),
    [`${prefix}_JITTER`]: share(defaults.jitter).describe('Uniform jitter as a share of the latency (0.3 = ±30%)'),
    [`${prefix}_ERROR_RATE`]: share(defaults.errorRate).describe("Share of requests answered with the system's own internal error"),
    [`${prefix}_OUTAGE`]: env.bool(defaults.outage).describe('true: every request is answered with the system\'s own "unavailable" reply'),
    [`${prefix}_RATE_LIMIT`]: z.coerce.number('must be a number').min(0, 'must be at least 0').default(defaults.rateLimitPerSecond)
      .describe("Requests per second accepted before the system's own rate-limit reply; 0 = unlimited"),
  });
}

/** The settings under `prefix` over `defaults`; a malformed value fails at start-up naming the variable (a ConfigError). */
export function faultSettingsFromEnv(prefix: string, defaults: FaultSettings, e: NodeJS.ProcessEnv = process.env): FaultSettings {
  const c = loadConfig(simSettingsSchema(prefix, defaults), e) as Record<string, never>;
  return FaultSettingsSchema.parse({
    latencyMs: c[`${prefix}_LATENCY_MS`],
    jitter: c[`${prefix}_JITTER`],
    errorRate: c[`${prefix}_ERROR_RATE`],
    outage: c[`${prefix}_OUTAGE`],
    rateLimitPerSecond: c[`${prefix}_RATE_LIMIT`],
  });
}
