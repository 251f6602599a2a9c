/**
 * The system under the gateway: the four department stand-ins (one child process, as
 * `npm run backends` runs them) and the five subgraphs (one child process each, as `npm start`
 * runs them), wired by URL the way test/src/stack.ts and scripts/start.ts wire them.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BACKENDS as BACKEND_PARTS, BACKEND_NAMES, SUBGRAPHS as SUBGRAPH_PARTS, SUBGRAPH_NAMES, builtPathOf, localUrl, type BackendName, type SubgraphName } from '@district/parts';
import { freePort, liveParts, startPart, stopParts, waitForPorts, type Part } from './procs.ts';
import { deployment } from './deployment.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * Our processes run what production runs: the JavaScript `npm run build` makes (each part's
 * builtPathOf), never TypeScript through tsx. main.ts builds once at the start of a run.
 */
export function build(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: REPO, stdio: 'inherit' });
}

/** Node's arguments for starting a part from its source entry (the parts list's `entry`): its built file. */
export const builtEntry = (source: string): string[] => [path.join(REPO, builtPathOf(source))];

/** The parts the bench starts, as the parts list names them (@district/parts). */
export const BACKENDS: readonly Backend[] = BACKEND_NAMES;
export type Backend = BackendName;
export const SUBGRAPHS: readonly Subgraph[] = SUBGRAPH_NAMES;
export type Subgraph = SubgraphName;

const backendPart = (b: Backend) => BACKEND_PARTS.find((p) => p.name === b)!;
const subgraphPart = (s: Subgraph) => SUBGRAPH_PARTS.find((p) => p.name === s)!;

/** market -> MARKET, real-estate -> REAL_ESTATE: the prefix of a stand-in's own settings (MARKET_SIM_RATE_LIMIT). */
const envName = (name: string) => name.toUpperCase().replaceAll('-', '_');

export interface BackendSettings { latencyMs: number; jitter: number; errorRate: number; outage: boolean; rateLimitPerSecond: number }

export interface RunningBackends {
  part: Part;
  urls: Record<Backend, string>;
  /** 'zero': no latency, no jitter (throughput runs); 'default': the stand-ins' start-up latencies. */
  setLatency(mode: 'zero' | 'default'): Promise<Record<Backend, BackendSettings>>;
  resetStats(): Promise<void>;
  /** Requests served per backend since the last reset. */
  stats(): Promise<Record<Backend, number>>;
  /** Waits until no backend call is in flight any more (counts stable), e.g. after a load run ends. */
  settle(maxMs?: number): Promise<Record<Backend, number>>;
}

async function call(url: string, method = 'GET', body?: unknown): Promise<any> {
  const res = await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

export async function startBackends(logDir: string): Promise<RunningBackends> {
  const ports = Object.fromEntries(await Promise.all(BACKENDS.map(async (b) => [b, await freePort()] as const))) as Record<Backend, number>;
  const env: NodeJS.ProcessEnv = { ...process.env, ...deployment().common };
  for (const b of BACKENDS) {
    env[backendPart(b).portVariable] = String(ports[b]);
    // The stand-ins' rate limits (200–500/s) would turn a throughput run into a measurement of the
    // rate limiter (a 200-enterprise dashboard alone costs 200 medical-insurance calls), so they are
    // off for every run. The latency defaults stay: they are what latency runs measure against.
    env[`${envName(b)}_SIM_RATE_LIMIT`] = '0';
  }
  const part = startPart('backends', builtEntry(BACKEND_PARTS[0].entry), { env, cwd: REPO, logFile: path.join(logDir, 'backends.log') });
  await waitForPorts(part, Object.values(ports));
  const urls = Object.fromEntries(BACKENDS.map((b) => [b, localUrl(backendPart(b), ports[b])])) as Record<Backend, string>;

  const each = <T>(f: (b: Backend) => Promise<T>) => Promise.all(BACKENDS.map(async (b) => [b, await f(b)] as const)).then((e) => Object.fromEntries(e) as Record<Backend, T>);
  const stats = () => each(async (b) => (await call(`${urls[b]}/__sim/stats`)).requests as number);
  return {
    part,
    urls,
    async setLatency(mode) {
      await each((b) => (mode === 'zero' ? call(`${urls[b]}/__sim/faults`, 'POST', { latencyMs: 0, jitter: 0 }) : call(`${urls[b]}/__sim/faults`, 'DELETE')));
      return each((b) => call(`${urls[b]}/__sim/faults`));
    },
    async resetStats() {
      await each((b) => call(`${urls[b]}/__sim/stats/reset`, 'POST'));
    },
    stats,
    async settle(maxMs = 10_000) {
      // Calls made on behalf of requests the load generator abandoned at the end of a run still
      // land; they belong to the run that sent those requests, so wait for them.
      const deadline = Date.now() + maxMs;
      let last = await stats();
      while (Date.now() < deadline) {
        await sleep(100);
        const now = await stats();
        if (BACKENDS.every((b) => now[b] === last[b])) return now;
        last = now;
      }
      return last;
    },
  };
}

export interface RunningSubgraphs {
  parts: Record<Subgraph, Part>;
  urls: Record<Subgraph, string>;
  /**
   * Settles when all five listen. The URLs are known before, so the gateway can start meanwhile
   * (it needs only the supergraph to start): the two start-ups overlap instead of adding up.
   */
  ready: Promise<void>;
}

function subgraphEnv(backends: RunningBackends, port: number, name: Subgraph, extraEnv: Record<string, string>, asOf: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...deployment().common,
    // The dataset's "today", as the whole-stack tests pin it, so stages do not drift with the clock.
    LIFECYCLE_TODAY: asOf,
    ...Object.fromEntries(BACKEND_PARTS.map((b) => [b.urlVariables.direct, backends.urls[b.name]])),
    [subgraphPart(name).portVariable]: String(port),
    // As deployed (production's default): the department subgraphs keep their working set warm.
    CACHE_REFRESH: 'true',
    ...extraEnv,
  };
}

/** Starts one subgraph; its URL is known at once, `ready` settles when it listens (or it failed and was stopped). */
async function startOne(backends: RunningBackends, logDir: string, tag: string, name: Subgraph, extraEnv: Record<string, string>, asOf: string, nodeArgs: string[]) {
  const port = await freePort();
  const part = startPart(`subgraph ${name}`, [...nodeArgs, ...builtEntry(subgraphPart(name).entry)], {
    env: subgraphEnv(backends, port, name, extraEnv, asOf), cwd: REPO, logFile: path.join(logDir, `subgraph-${name}-${tag}.log`),
  });
  const ready = waitForPorts(part, [port]).catch(async (error) => {
    await stopParts([part]);
    throw error;
  });
  // Subgraphs serve GraphQL at /, as the supergraph's URLs say.
  return { part, url: localUrl(subgraphPart(name), port), ready };
}

/**
 * The five subgraphs, one process each, for one gateway's turn at a time. `extraEnv` carries the
 * per-gateway settings: for the peers SUBGRAPH_VERIFY_CONTEXT=false (see gateways.ts), for ours
 * nothing, i.e. every protection at its default.
 *
 * All five are started fresh for every gateway (in parallel, so the services subgraph's ~10 s of
 * embedded PostgreSQL, migrations and seed is the whole wait): no gateway is served from caches,
 * JIT-compiled code or database pages another gateway's run warmed. (Reusing the services process
 * for the two peers once made whichever gateway went first ~30 % slower on the dashboard.)
 * `reuseServices` (quick mode, to stay under two minutes) keeps the services process while its
 * settings stay the same, i.e. for the two peers: quick numbers are a smoke test, not a record.
 */
export function subgraphPool(backends: RunningBackends, logDir: string, asOf: string, options: { reuseServices?: boolean } = {}) {
  let departments: Part[] = [];
  let services: { key: string; part: Part; url: string } | undefined;
  const departmentNames = SUBGRAPHS.filter((s) => s !== 'services');
  return {
    /** `nodeArgs(name)`: extra node flags per subgraph (the profiler's `--cpu-prof`, say). */
    async forGateway(tag: string, turnEnv: Record<string, string>, nodeArgs: (name: Subgraph) => string[] = () => []): Promise<RunningSubgraphs> {
      // Deployed: each turn under a key prefix and schema of its own (nothing warmed by another turn).
      const extraEnv = { ...deployment().turn(tag), ...turnEnv };
      const key = JSON.stringify([extraEnv, nodeArgs('services')]);
      const keep = options.reuseServices && services?.key === key ? services : undefined;
      await stopParts([...departments, ...(services && !keep ? [services.part] : [])]);
      departments = [];
      services = keep;
      const [svc, ...deps] = await Promise.all([
        keep ? Promise.resolve({ ...keep, ready: Promise.resolve() }) : startOne(backends, logDir, tag, 'services', extraEnv, asOf, nodeArgs('services')).then((x) => ({ key, ...x })),
        ...departmentNames.map((name) => startOne(backends, logDir, tag, name, extraEnv, asOf, nodeArgs(name))),
      ]);
      services = { key: svc.key, part: svc.part, url: svc.url };
      departments = deps.map((d) => d.part);
      const ready = Promise.all([svc.ready, ...deps.map((d) => d.ready)]).then(() => undefined, async (error) => {
        // One failed: stop whichever of this batch did start.
        await stopParts(liveParts().filter((p) => p.name.startsWith('subgraph ')));
        services = undefined;
        throw error;
      });
      ready.catch(() => {}); // awaited by the caller; never an unhandled rejection meanwhile
      const all = [...departmentNames.map((n, i) => [n, deps[i]] as const), ['services', svc] as const];
      return {
        parts: Object.fromEntries(all.map(([n, x]) => [n, x.part])) as Record<Subgraph, Part>,
        urls: Object.fromEntries(all.map(([n, x]) => [n, x.url])) as Record<Subgraph, string>,
        ready,
      };
    },
    async stop() {
      await stopParts([...departments, ...(services ? [services.part] : [])]);
      departments = [];
      services = undefined;
    },
  };
}
export type SubgraphPool = ReturnType<typeof subgraphPool>;
