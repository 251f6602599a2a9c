import { randomBytes, randomUUID } from 'node:crypto';
import type { Caller } from '@district/domain';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, createSignedGraphqlClient, signContext } from '@district/runtime';
import type { DepartmentPrefix } from './department-config.ts';
import type { RunningDepartmentSubgraph } from './department-template.ts';

/**
 * For tests that call a subgraph directly: headers carrying a request context signed with the
 * development key, as the gateway would send. Default caller: the system role (full trust).
 */
export async function signedHeaders(caller: Partial<Caller> = {}, key = DEV_CONTEXT_KEY): Promise<Record<string, string>> {
  const full: Caller = { sub: 'test-suite', role: 'system', requestId: randomUUID(), ...caller };
  return { 'content-type': 'application/json', [CONTEXT_HEADER]: await signContext(full, key) };
}

/** A subgraph's GraphQL answer, with the raw text (to check what never leaks into it). */
export interface GraphQLReply {
  data?: any;
  errors?: any[];
  extensions?: any;
  text: string;
}

/** Signed calls of the tests: bounded only by the test's own time limit (vitest.shared.ts). */
const callSigned = createSignedGraphqlClient({ contextKey: DEV_CONTEXT_KEY, timeoutMs: 60_000 });

/**
 * POSTs an operation straight to a subgraph, as the gateway would: signed context (default: system
 * caller). An answer that is not a GraphQL JSON body fails the test, saying what came instead.
 */
export async function postSigned(url: string, query: string, variables?: Record<string, unknown>, caller: Partial<Caller> = {}): Promise<GraphQLReply> {
  const reply = await callSigned<Omit<GraphQLReply, 'text'>>(url, { sub: 'test-suite', role: 'system', requestId: randomUUID(), ...caller }, { query, variables });
  if (!reply.ok) throw new Error(`${url} gave no GraphQL answer: ${reply.reason}${reply.status ? ` (HTTP ${reply.status})` : ''}`);
  return { ...reply.body, text: reply.text };
}

/** An `_entities` fetch for `usccs` selecting `selection` on Enterprise, the way a query plan makes it. */
export function postEntities(url: string, usccs: string[], selection: string, caller: Partial<Caller> = {}): Promise<GraphQLReply> {
  const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { ${selection} } } }`;
  return postSigned(url, query, { reps: usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })) }, caller);
}

/**
 * This test file's cache namespace (vitest gives every file its own module instance), so runs and
 * files sharing one Redis never see each other's entries; `cleanRedis(RUN_CACHE_PREFIX)` drops it.
 */
export const RUN_CACHE_PREFIX = `t:${process.pid}:${Date.now()}:${randomBytes(4).toString('hex')}`;
let caches = 0;
/** A cache namespace of its own: a subgraph started with it finds nothing cached, even on a shared Redis. */
export const uniqueCachePrefix = () => `${RUN_CACHE_PREFIX}:${++caches}`;

/**
 * The environment of a department subgraph under test: NODE_ENV=test, its backend at `backendUrl`,
 * a cache namespace of its own, and Redis when the run has REDIS_URL (else the in-process cache).
 * `env` goes over all of it (two instances sharing one CACHE_PREFIX, say).
 */
export function departmentTestEnv(department: DepartmentPrefix, backendUrl: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    [`${department}_BACKEND_URL`]: backendUrl,
    CACHE_PREFIX: uniqueCachePrefix(),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...env,
  };
}

/** A department subgraph under test, on a free port in front of `backendUrl` (departmentTestEnv). */
export function startDepartmentForTest<A>(
  subgraph: { department: DepartmentPrefix; start(env: NodeJS.ProcessEnv, options: { port: number }): Promise<RunningDepartmentSubgraph<A>> },
  backendUrl: string,
  env: Record<string, string> = {},
): Promise<RunningDepartmentSubgraph<A>> {
  return subgraph.start(departmentTestEnv(subgraph.department, backendUrl, env), { port: 0 });
}

/** A department's stand-in and its subgraph in front of it, for one test file or one test. */
export interface DepartmentTestStack<B, A> {
  backend: B;
  subgraph: RunningDepartmentSubgraph<A>;
  /** Stops the subgraph, then the stand-in. */
  stop(): Promise<void>;
}

/** Starts the stand-in, then the subgraph in front of it (each department's test-kit `startTestStack`). */
export async function startDepartmentTestStack<B extends { url: string; close(): Promise<void> }, A>(
  startBackend: () => Promise<B>,
  startSubgraph: (backendUrl: string) => Promise<RunningDepartmentSubgraph<A>>,
): Promise<DepartmentTestStack<B, A>> {
  const backend = await startBackend();
  try {
    const subgraph = await startSubgraph(backend.url);
    return { backend, subgraph, stop: async () => { await subgraph.stop(); await backend.close(); } };
  } catch (error) {
    await backend.close();
    throw error;
  }
}
