import { request } from 'undici';
import type { Caller } from '@district/domain';
import { CONTEXT_HEADER, createContextSigner } from './request-context.ts';
import { injectTraceHeaders } from './tracing.ts';

/**
 * The one way a part POSTs GraphQL to another part itself, outside a gateway request: the access
 * record writers (to services' recordAccesses), services' department client (the precondition
 * reads and the bundle worker's writes), the gateway's readiness probe, and tests calling a
 * subgraph directly. Each call carries a request context signed for its caller (one call's
 * lifetime), is bounded by a timeout, and never throws: it answers with the parsed body, or with
 * why there is none, and each caller maps that onto its own errors.
 *
 * undici's `request` with a string body: the head and the body leave in one write (fetch streams
 * the body: a write for the head, each chunk and the end), and the record writers call all the time.
 */
export const SIGNED_GRAPHQL_TIMEOUT_MS = 5_000;

export interface SignedGraphqlClientOptions {
  /** Signs the request context (SUBGRAPH_CONTEXT_KEY). */
  contextKey: string;
  /** Default bound of one call, from sending to the whole answer read; default SIGNED_GRAPHQL_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface GraphqlOperation {
  query: string;
  variables?: Record<string, unknown>;
}

export interface SignedCallOptions {
  /** Sent as `x-request-id` (the receiver's logs), when given. */
  requestId?: string;
  /** This call's bound, instead of the client's. */
  timeoutMs?: number;
}

/** A GraphQL answer, as far as the callers read it. */
export interface GraphqlAnswer {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, any>;
}

export type SignedGraphqlReply<Body = GraphqlAnswer> =
  /** An answer that is a JSON object, whatever its HTTP status; `text` as it arrived. */
  | { ok: true; status: number; body: Body; text: string }
  /**
   * No answer in time (TIMEOUT), none at all (UNREACHABLE: refused, reset, no such host), or one
   * that is not a JSON object (BAD_RESPONSE, with its HTTP status: a proxy's error page, say).
   */
  | { ok: false; reason: 'TIMEOUT' | 'UNREACHABLE' | 'BAD_RESPONSE'; status?: number };

export type SignedGraphqlClient = <Body = GraphqlAnswer>(
  url: string,
  caller: Caller,
  operation: GraphqlOperation,
  options?: SignedCallOptions,
) => Promise<SignedGraphqlReply<Body>>;

export function createSignedGraphqlClient(options: SignedGraphqlClientOptions): SignedGraphqlClient {
  const sign = createContextSigner(options.contextKey);
  const defaultTimeoutMs = options.timeoutMs ?? SIGNED_GRAPHQL_TIMEOUT_MS;
  return async <Body>(url: string, caller: Caller, { query, variables }: GraphqlOperation, call: SignedCallOptions = {}): Promise<SignedGraphqlReply<Body>> => {
    const signal = AbortSignal.timeout(call.timeoutMs ?? defaultTimeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json', [CONTEXT_HEADER]: sign(caller) };
    if (call.requestId) headers['x-request-id'] = call.requestId;
    // The current trace goes along (a bundle step's writes, a precondition read, a record write).
    injectTraceHeaders(headers);
    // A failure is a timeout when the bound ran out, whatever error undici reports it with.
    const lost = (status?: number): SignedGraphqlReply<Body> => ({ ok: false, reason: signal.aborted ? 'TIMEOUT' : 'UNREACHABLE', ...(status === undefined ? {} : { status }) });
    let status: number;
    let text: string;
    try {
      const res = await request(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
      status = res.statusCode;
      try {
        text = await res.body.text();
      } catch {
        return lost(status);
      }
    } catch {
      return lost();
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'BAD_RESPONSE', status };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'BAD_RESPONSE', status };
    return { ok: true, status, body: body as Body, text };
  };
}
