import pg from 'pg';
import { Redis } from 'ioredis';
import { startBackends, type DepartmentBackend, type FaultSettings, type RunningBackends } from '@district/backends';
import type { RunningSubgraph } from '@district/subgraph-kit';
import { readGatewayConfig } from '@district/gateway/config';
import { startGateway, type RunningGateway } from '@district/gateway/server';
import { signDevToken, type DevClaims, type DevTokenOptions } from '@district/gateway/auth/dev-token';
import { start as startMarket } from '@district/subgraph-market';
import { start as startTax } from '@district/subgraph-tax';
import { start as startMedicalInsurance } from '@district/subgraph-medical-insurance';
import { start as startRealEstate } from '@district/subgraph-real-estate';
import { start as startServices } from '@district/subgraph-services';
import { BACKENDS, SUBGRAPHS, type SubgraphName } from '@district/parts';

/**
 * The whole stack in this process on free ports: the four department stand-ins, five subgraphs
 * and the gateway, wired by URL exactly as `npm start` wires them. One per test file; stop() it.
 */
export interface Stack {
  backends: RunningBackends;
  subgraphs: Record<string, RunningSubgraph>;
  gateway: RunningGateway;
  /** The environment subgraphs and gateway were started with. */
  env: NodeJS.ProcessEnv;
  /** SUBGRAPH_<NAME>_URL of every subgraph, for starting another gateway over them. */
  routes: Record<string, string>;
  /**
   * POST a GraphQL operation to the gateway, as DEFAULT_CALLER unless the headers carry an
   * `authorization` of their own (an empty one sends no token at all).
   */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** A bearer token for these claims, signed with the development key the stack trusts. */
  token(claims: DevClaims, options?: DevTokenOptions): Promise<string>;
  /** Headers with a bearer token for these claims (default: DEFAULT_CALLER). */
  authHeaders(claims?: DevClaims): Promise<Record<string, string>>;
  /** Requests each backend served since the last reset. */
  backendRequests(): Promise<Record<DepartmentBackend, number>>;
  resetBackendStats(): void;
  stop(): Promise<void>;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  /** The response's extensions (`stale`: copies served past their freshness). */
  extensions?: Record<string, any>;
}

export interface StackOptions {
  /** Reuse running backends (a second instance of subgraphs and gateway over the same systems). */
  backends?: RunningBackends;
  /** Backend behaviour; latency defaults to 0 here so tests are fast, unless a test sets it. */
  backendSettings?: Partial<Record<DepartmentBackend, Partial<FaultSettings>>>;
  /** Extra environment for subgraphs and gateway. */
  env?: Record<string, string>;
}

/** Timeouts of department calls, subgraph calls and whole requests, generous for a loaded machine. */
export const LOADED_MACHINE_BUDGETS = {
  MARKET_TIMEOUT_MS: '10000', TAX_TIMEOUT_MS: '10000', MEDICAL_INSURANCE_TIMEOUT_MS: '10000', REAL_ESTATE_TIMEOUT_MS: '10000',
  SUBGRAPH_TIMEOUT_MS: '15000', GATEWAY_REQUEST_TIMEOUT_MS: '20000',
} as const;

/** Who stack.query() asks as by default: an auditor with the AUDIT purpose. */
export const DEFAULT_CALLER: DevClaims = { role: 'auditor', purpose: 'AUDIT', sub: 'e2e-auditor' };

/** How each subgraph of the parts list starts in this process (one listed and not here fails to compile). */
const SUBGRAPH_STARTERS: Record<SubgraphName, (env: NodeJS.ProcessEnv, o: { port: number }) => Promise<RunningSubgraph>> = {
  market: startMarket,
  tax: startTax,
  'medical-insurance': startMedicalInsurance,
  'real-estate': startRealEstate,
  services: startServices,
};

/** Test runs on a shared Redis each use a key prefix of their own; delete its keys when done. */
export async function dropCachePrefix(env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.REDIS_URL || !env.CACHE_PREFIX?.startsWith('t:')) return;
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.CACHE_PREFIX}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Test runs on a shared PostgreSQL each use a schema of their own; drop it when done. */
export async function dropSchema(env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.DATABASE_URL || !env.DATABASE_SCHEMA) return;
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${env.DATABASE_SCHEMA} CASCADE`);
  } finally {
    await client.end();
  }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const zero: Partial<FaultSettings> = { latencyMs: 0, rateLimitPerSecond: 0 };
  const ownsBackends = !options.backends;
  const backends = options.backends ?? await startBackends({
    ports: Object.fromEntries(BACKENDS.map((b) => [b.name, 0])),
    settings: Object.fromEntries(BACKENDS.map((b) => [b.name, { ...zero, ...options.backendSettings?.[b.name] }])),
  });
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LIFECYCLE_TODAY: backends.dataset.asOf,
    // Budgets for a busy, shared machine (load 14 on 2 cores made a healthy stand-in miss 3 s):
    // a test asserting a whole answer must not see a timeout. Tests of timeouts set their own.
    ...LOADED_MACHINE_BUDGETS,
    // Each subgraph finds its stand-in (MARKET_BACKEND_URL, …).
    ...Object.fromEntries(BACKENDS.map((b) => [b.urlVariables.direct, backends.urls[b.name]])),
    DATABASE_SCHEMA: `t_e2e_${process.pid}_${Date.now().toString(36)}`,
    // One cache namespace per stack, unless a test shares one between two instances on purpose.
    CACHE_PREFIX: `t:e2e:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    // Tests send many requests as one caller; the rate-limit tests switch the limits on.
    RATE_LIMIT_ENABLED: 'false',
    // Tests read the access record right after a response; the write-behind tests switch it on
    // (test/e2e/security/audit-queue.test.ts), as deployed (its default).
    AUDIT_WRITE_BEHIND: 'false',
    ...options.env,
  };
  const subgraphs: Record<string, RunningSubgraph> = {};
  try {
    // Departments first: the services worker writes to them directly (MARKET_SUBGRAPH_URL, …).
    const [services, ...departments] = [SUBGRAPHS.find((p) => p.name === 'services')!, ...SUBGRAPHS.filter((p) => p.name !== 'services')];
    await Promise.all(departments.map(async (p) => (subgraphs[p.name] = await SUBGRAPH_STARTERS[p.name](env, { port: 0 }))));
    for (const p of departments) env[p.urlVariables.direct] = subgraphs[p.name].url;
    subgraphs.services = await SUBGRAPH_STARTERS.services(env, { port: 0 });
    // Department subgraphs read it (SERVICES_SUBGRAPH_URL) when they record a refused direct call.
    env[services.urlVariables.direct] = subgraphs.services.url;
    const routes = Object.fromEntries(SUBGRAPHS.map((p) => [p.urlVariables.gateway, subgraphs[p.name].url]));
    const gatewayConfig = readGatewayConfig({ ...env, ...routes, GATEWAY_PORT: '0' });
    const gateway = await startGateway(gatewayConfig);
    const token = (claims: DevClaims, o: DevTokenOptions = {}) =>
      signDevToken(claims, { secret: gatewayConfig.auth.secret, issuer: gatewayConfig.auth.issuer, audience: gatewayConfig.auth.audience, ...o });
    // A day is longer than any test run; minted once, so stack.query adds no signing work.
    const defaultToken = await token(DEFAULT_CALLER, { ttlSeconds: 86_400 });
    const origin = new URL(gateway.url).origin;
    return {
      backends, subgraphs, gateway, env, routes,
      async query(query, variables, headers = {}) {
        const hasAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
        const sent: Record<string, string> = { 'content-type': 'application/json', ...(hasAuth ? {} : { authorization: `Bearer ${defaultToken}` }) };
        for (const [k, v] of Object.entries(headers)) if (!(k.toLowerCase() === 'authorization' && v === '')) sent[k] = v;
        const res = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: sent, body: JSON.stringify({ query, variables }) });
        return { status: res.status, ...((await res.json()) as object) };
      },
      token,
      async authHeaders(claims = DEFAULT_CALLER) {
        return { authorization: `Bearer ${claims === DEFAULT_CALLER ? defaultToken : await token(claims)}` };
      },
      async backendRequests() {
        const out = {} as Record<DepartmentBackend, number>;
        for (const [name, sim] of Object.entries(backends.sims)) out[name as DepartmentBackend] = sim.stats().requests;
        return out;
      },
      resetBackendStats() {
        for (const sim of Object.values(backends.sims)) sim.resetStats();
      },
      async stop() {
        // Settle every stop: a test may already have stopped a part to simulate its failure.
        await gateway.stop().catch(() => undefined);
        await Promise.allSettled(Object.values(subgraphs).map((s) => s.stop()));
        if (ownsBackends) await backends.close();
        await dropSchema(env);
        await dropCachePrefix(env);
      },
    };
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop().catch(() => undefined)));
    if (ownsBackends) await backends.close();
    throw error;
  }
}
