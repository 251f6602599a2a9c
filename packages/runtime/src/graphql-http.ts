import type http from 'node:http';
import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';

/**
 * GraphQL over HTTP as the gateway and the subgraphs both speak it on their node:http fronts:
 * the request's headers handed to Apollo Server, its answer written back, and how many
 * operations one batched request may hold.
 */

/**
 * Most operations in one batched request (a JSON list). The gateway batches concurrent query
 * operations of equivalent callers (gateway/src/batching/operations.ts); a longer list is refused
 * before any of it runs, so no caller can make one request cost without bound. Like a body over
 * the size limit, it is refused as malformed before the caller is looked at, so it leaves no
 * access record (nothing in it was read).
 */
export const SUBGRAPH_MAX_BATCH_OPERATIONS = 100;

/** The request's headers as Apollo Server takes them (repeated headers joined). */
export function headerMapOf(req: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  return headers;
}

/** Writes Apollo Server's answer: status, its headers (after `extra`), the body whole or streamed. */
export async function writeApolloResponse(res: http.ServerResponse, result: HTTPGraphQLResponse, extra: Record<string, string> = {}): Promise<void> {
  const out: Record<string, string> = { ...extra };
  for (const [k, v] of result.headers) out[k] = v;
  res.writeHead(result.status ?? 200, out);
  if (result.body.kind === 'complete') res.end(result.body.string);
  else {
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}
