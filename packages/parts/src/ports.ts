import { PARTS, type Part, type UrlReader } from './parts.ts';

/**
 * Where each part listens and how the others find it, from the environment.
 *
 * One setting moves the whole local stack: PORT_BASE=B puts every part at B + (its default port −
 * 4000), so the gateway is at B, the subgraphs at B+1 … B+5 and the stand-ins at B+1001 … B+1004
 * (PORT_BASE=14000: 14000, 14001–14005, 15001–15004). The offsets are the defaults' own, so the
 * layout an operator knows (gateway, subgraphs one above it, stand-ins a thousand above those)
 * stays the same. A part's own variable (MARKET_PORT, …) still wins over PORT_BASE, and a URL
 * variable (MARKET_BACKEND_URL, …) over the port.
 */
export const PORT_BASE = 'PORT_BASE';

/** The port PORT_BASE's rule counts from: the gateway's default. */
const BASE_DEFAULT = 4000;
const HIGHEST_OFFSET = Math.max(...PARTS.map((p) => p.defaultPort - BASE_DEFAULT));
/** The highest base that keeps every part's port a port number. */
export const PORT_BASE_MAX = 65_535 - HIGHEST_OFFSET;

type Env = Readonly<Record<string, string | undefined>>;

const quoted = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/** A whole number in [min, max], or undefined when unset; an Error naming the variable otherwise. */
function wholeNumber(env: Env, variable: string, min: number, max: number, what: string): number | undefined {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${variable}: must be ${what} (got ${quoted(raw)})`);
  return n;
}

/** PORT_BASE when set, checked; undefined when the stack is on its default ports. */
export function portBaseOf(env: Env): number | undefined {
  return wholeNumber(env, PORT_BASE, 1, PORT_BASE_MAX, `a whole number from 1 to ${PORT_BASE_MAX}, so every part's port (PORT_BASE + its default − 4000) is a port number`);
}

/** Where a part listens: its own port variable, else from PORT_BASE, else its default. Throws an Error naming a malformed variable. */
export function portOf(part: Part, env: Env): number {
  const own = wholeNumber(env, part.portVariable, 0, 65_535, 'a port number, 0–65535');
  if (own !== undefined) return own;
  const base = portBaseOf(env);
  return base === undefined ? part.defaultPort : base + (part.defaultPort - BASE_DEFAULT);
}

/** True when the environment moves this part off its default port (its own variable or PORT_BASE). */
export function portIsSet(part: Part, env: Env): boolean {
  return [part.portVariable, PORT_BASE].some((v) => (env[v] ?? '').trim() !== '');
}

/** The URL of a part listening locally on this port (as the supergraph writes a subgraph's: http://127.0.0.1:4001/). */
export function localUrl(part: Part, port: number): string {
  return `http://127.0.0.1:${port}${part.path}`;
}

/**
 * How `reader` finds a part: the URL variable it reads for that part when set (a part anywhere),
 * else the part on this host at portOf (the local stack). `urlOf(part, {})` is the default.
 */
export function urlOf(part: Part, env: Env, reader: UrlReader = 'direct'): string {
  const variable = part.urlVariables[reader];
  const set = variable ? env[variable] : undefined;
  if (set !== undefined && set.trim() !== '') return set;
  return localUrl(part, portOf(part, env));
}

/**
 * Every variable that places a part of the local stack, resolved from `env`: each part's port
 * variable and every URL variable pointing at a part (a value already set is kept as it is). What
 * `npm start` hands each part, so each finds the others whatever moved them.
 */
export function stackVariables(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of PARTS) {
    out[part.portVariable] = String(portOf(part, env));
    for (const reader of Object.keys(part.urlVariables) as UrlReader[]) out[part.urlVariables[reader]!] = urlOf(part, env, reader);
  }
  return out;
}

/**
 * What is wrong with the stack's port settings, one line each, none twice: a malformed PORT_BASE
 * or port variable, and two parts given one port (the second would fail to start, port in use).
 */
export function portProblems(env: Env): string[] {
  const problems = new Set<string>();
  const holder = new Map<number, Part>();
  try {
    portBaseOf(env);
  } catch (error) {
    problems.add((error as Error).message);
  }
  for (const part of PARTS) {
    let port: number;
    try {
      port = portOf(part, env);
    } catch (error) {
      problems.add((error as Error).message);
      continue;
    }
    const other = holder.get(port);
    // Port 0 is "any free port": never shared.
    if (other && port !== 0) problems.add(`${part.portVariable}: ${port} is ${other.portVariable}'s too (${other.id} and ${part.id} cannot share a port)`);
    else holder.set(port, part);
  }
  return [...problems];
}
