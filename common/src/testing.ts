import { randomUUID } from 'node:crypto';
import type { Caller } from './caller.ts';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, signContext } from './request-context.ts';

/**
 * For tests that call a subgraph directly: headers carrying a request context signed with the
 * development key, as the gateway would send. Default caller: the system role (full trust).
 */
export async function signedHeaders(caller: Partial<Caller> = {}, key = DEV_CONTEXT_KEY): Promise<Record<string, string>> {
  const full: Caller = { sub: 'test-suite', role: 'system', requestId: randomUUID(), ...caller };
  return { 'content-type': 'application/json', [CONTEXT_HEADER]: await signContext(full, key) };
}
