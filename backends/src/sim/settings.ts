import { z } from 'zod';

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
 * Reads `<PREFIX>_LATENCY_MS`, `_JITTER`, `_ERROR_RATE`, `_OUTAGE`, `_RATE_LIMIT` over the given defaults,
 * e.g. TAX_SIM_LATENCY_MS=0. A malformed value fails at start-up naming the variable.
 */
export function faultSettingsFromEnv(prefix: string, defaults: FaultSettings, env: NodeJS.ProcessEnv = process.env): FaultSettings {
  const read = (suffix: string, parse: (v: string) => unknown) => {
    const name = `${prefix}_${suffix}`;
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = parse(raw);
    if (typeof value === 'number' && Number.isNaN(value)) throw new Error(`${name} must be a number, got "${raw}"`);
    return value;
  };
  const bool = (v: string) => {
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw new Error(`${prefix}_OUTAGE must be true or false, got "${v}"`);
  };
  const merged = {
    ...defaults,
    ...strip({
      latencyMs: read('LATENCY_MS', Number),
      jitter: read('JITTER', Number),
      errorRate: read('ERROR_RATE', Number),
      outage: read('OUTAGE', bool),
      rateLimitPerSecond: read('RATE_LIMIT', Number),
    }),
  };
  const parsed = FaultSettingsSchema.safeParse(merged);
  if (!parsed.success) throw new Error(`${prefix}_* settings are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

function strip<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
