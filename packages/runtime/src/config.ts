import { z } from 'zod';
import { partOf, portOf, urlOf, type PartId, type UrlReader } from '@district/parts';
import { redisUrlField } from './redis.ts';

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

  /** Adds each problem not told yet (one malformed PORT_BASE underlies several reads). */
  add(...problems: string[]): void {
    for (const p of problems) if (!this.problems.includes(p)) this.problems.push(p);
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
    let v = env[key];
    const derive = derivedDefaultOf(field);
    if (derive && (v === undefined || v === '')) {
      try {
        v = derive(env);
      } catch (error) {
        // One malformed PORT_BASE underlies several defaults: told once.
        const problem = (error as Error).message;
        if (!problems.includes(problem)) problems.push(problem);
        continue;
      }
    }
    const parsed = field.safeParse(v !== undefined && v !== '' ? v : undefined);
    if (parsed.success) config[key] = parsed.data;
    else if (v === undefined || v === '') problems.push(`${key}: is required`);
    else problems.push(...parsed.error.issues.map((i) => `${[key, ...i.path].join('.')}: ${i.message}${quoted(key, v)}`));
  }
  checks?.(config as z.infer<S>, (message) => problems.push(message));
  if (problems.length) throw new ConfigError(problems);
  return config as z.infer<S>;
}

/**
 * Defaults that depend on other variables of the same environment (a part's port moves with
 * PORT_BASE, its backend's URL with the backend's port): loadConfig computes them when the field's
 * own variable is unset. The field keeps the plain default for anyone parsing it alone.
 */
const defaultsFromEnvironment = new WeakMap<z.ZodType, (env: NodeJS.ProcessEnv) => string>();

/**
 * `note` says in the settings table how the default moves. `.describe()` and `.meta()` return a
 * copy whose parent is the field: the derivation is looked up through them.
 */
function defaultFrom<T extends z.ZodType>(field: T, derive: (env: NodeJS.ProcessEnv) => string, note: string): T {
  const noted = field.meta({ defaultNote: note }) as T;
  defaultsFromEnvironment.set(noted, derive);
  return noted;
}

function derivedDefaultOf(field: z.ZodType): ((env: NodeJS.ProcessEnv) => string) | undefined {
  for (let f: z.ZodType | undefined = field; f; f = (f as { _zod: { parent?: z.ZodType } })._zod.parent) {
    const derive = defaultsFromEnvironment.get(f);
    if (derive) return derive;
  }
  return undefined;
}

/** Field helpers for env schemas; their messages say what a value must look like. */
const whole = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ error: `must be ${what}` }).int(`must be ${what}`).min(min, `must be ${what}`).max(max, `must be ${what}`);

const port = (fallback: number) => whole('a port number, 0–65535', 0, 65_535).default(fallback);
const url = (fallback?: string) => (fallback === undefined ? z.url('must be a URL') : z.url('must be a URL').default(fallback));

export const env = {
  port,
  /** A part's own port (its port variable): default where the parts list puts it, PORT_BASE included (@district/parts). */
  partPort: (id: PartId) => defaultFrom(port(partOf(id).defaultPort), (e) => String(portOf(partOf(id), e)), 'moves with PORT_BASE'),
  /** Where a part is, as `reader` finds it (its URL variable): default the part on this host at its port, PORT_BASE included (@district/parts). */
  partUrl: (id: PartId, reader: UrlReader = 'direct') => defaultFrom(url(urlOf(partOf(id), {}, reader)), (e) => urlOf(partOf(id), e, reader), `moves with ${partOf(id).portVariable} and PORT_BASE`),
  url,
  ms: (fallback: number) => whole('a whole number of milliseconds', 0).default(fallback),
  int: (fallback: number, min = 0) => whole(`a whole number, at least ${min}`, min).default(fallback),
  bool: (fallback: boolean) =>
    z.enum(['true', 'false', '1', '0'], 'must be true or false').default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1'),
  mode: () => z.enum(['development', 'production', 'test'], 'must be development, production or test').default('development')
    .describe('development, production or test; production refuses development keys and credentials, embedded stores and switches that weaken a guarantee'),
  string: (fallback?: string) => (fallback === undefined ? z.string().min(1) : z.string().min(1).default(fallback)),
  optionalString: () => z.string().min(1).optional(),
  /** REDIS_URL: shared by every instance of a part; unset = in-process. */
  redisUrl: () => redisUrlField(),
  /** CACHE_PREFIX: the deployment's key prefix in Redis. */
  cachePrefix: () => z.string().regex(/^[A-Za-z0-9:._-]+$/, 'must be letters, digits and :._-').default('district').describe('Key prefix in Redis, so deployments and test runs sharing one Redis never collide'),
};

/**
 * What the settings table (settings-table.ts) says of a field in production, besides its
 * description: `field.meta(production('required'))`. The checks that refuse are in each part's
 * config; this only tells the operator.
 */
export const production = (what: 'required' | 'refused' | string) => ({ production: what });

/** Shown in the settings table instead of the parsed default (a path on this machine, a table). */
export const shownDefault = (text: string) => ({ shownDefault: text });

/** True when NODE_ENV=production: embedded defaults and development secrets are refused. */
export const isProduction = (e: NodeJS.ProcessEnv = process.env) => e.NODE_ENV === 'production';
