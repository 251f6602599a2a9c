import { z } from 'zod';

/**
 * One way to read configuration: a zod object keyed by environment variable names. A malformed
 * or missing value fails at start-up, never at first use, and every problem of a process is told
 * at once, one line each, naming the variable: an operator fixes them all in one go instead of
 * meeting them one restart at a time.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values are never quoted back (a secret in a start-up line ends up in a log). */
const SECRET_NAME = /SECRET|KEY|TOKEN|PASSWORD|CREDENTIAL/i;

function quoted(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (SECRET_NAME.test(name)) return ' (value not shown)';
  // A URL's userinfo is a password too.
  const shown = value.replace(/\/\/[^/@\s]*@/, '//***@');
  return ` (got ${JSON.stringify(shown.length > 80 ? `${shown.slice(0, 80)}…` : shown)})`;
}

/**
 * Gathers the problems of several reads (each may throw a ConfigError, or an Error whose message
 * is one problem), so a process reports all of them together.
 */
export class ConfigProblems {
  private readonly problems: string[] = [];

  add(...problems: string[]): void {
    this.problems.push(...problems);
  }

  /** The read's result, or undefined with its problems added. */
  read<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (error instanceof ConfigError) this.add(...error.problems);
      else this.add((error as Error).message);
      return undefined;
    }
  }

  get count(): number {
    return this.problems.length;
  }

  forEach(each: (problem: string) => void): void {
    this.problems.forEach((p) => each(p));
  }

  list(): string[] {
    return [...this.problems];
  }

  throwIfAny(): void {
    if (this.problems.length) throw new ConfigError([...this.problems]);
  }
}

/**
 * Reads `schema` from the environment, each variable on its own, so one malformed value does not
 * hide another; then `checks` (rules across variables, production's refusals) run on what was
 * read and add their problems. Throws one ConfigError with every problem.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  checks?: (config: z.infer<S>, problem: (message: string) => void) => void,
): z.infer<S> {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const v = env[key];
    const parsed = field.safeParse(v !== undefined && v !== '' ? v : undefined);
    if (parsed.success) config[key] = parsed.data;
    else if (v === undefined || v === '') problems.push(`${key}: is required`);
    else problems.push(...parsed.error.issues.map((i) => `${[key, ...i.path].join('.')}: ${i.message}${quoted(key, v)}`));
  }
  checks?.(config as z.infer<S>, (message) => problems.push(message));
  if (problems.length) throw new ConfigError(problems);
  return config as z.infer<S>;
}

/** Field helpers for env schemas; their messages say what a value must look like. */
const whole = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ error: `must be ${what}` }).int(`must be ${what}`).min(min, `must be ${what}`).max(max, `must be ${what}`);

export const env = {
  port: (fallback: number) => whole('a port number, 0–65535', 0, 65_535).default(fallback),
  url: (fallback?: string) => (fallback === undefined ? z.url('must be a URL') : z.url('must be a URL').default(fallback)),
  ms: (fallback: number) => whole('a whole number of milliseconds', 0).default(fallback),
  int: (fallback: number, min = 0) => whole(`a whole number, at least ${min}`, min).default(fallback),
  bool: (fallback: boolean) =>
    z.enum(['true', 'false', '1', '0'], 'must be true or false').default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1'),
  mode: () => z.enum(['development', 'production', 'test'], 'must be development, production or test').default('development'),
  string: (fallback?: string) => (fallback === undefined ? z.string().min(1) : z.string().min(1).default(fallback)),
  optionalString: () => z.string().min(1).optional(),
};

/** True when NODE_ENV=production: embedded defaults and development secrets are refused. */
export const isProduction = (e: NodeJS.ProcessEnv = process.env) => e.NODE_ENV === 'production';
