import { randomUUID } from 'node:crypto';
import type { Caller } from '@district/domain';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, createSignedGraphqlClient, signContext } from '@district/runtime';

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
