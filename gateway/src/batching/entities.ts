import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { sameCallKey, single, type Merge } from './call-batcher.ts';

/**
 * Entity fetches merged across requests (call-batcher.ts gathers them): a query plan's entity
 * fetch for one request usually carries one entity, and concurrent requests ask the same
 * `_entities` query of a subgraph at the same moment.
 *
 * What is merged: fetches whose variables are exactly `{ representations: [...] }` (the entity
 * fetches of a query plan) with the same batch key (call-batcher.ts: query, operationName,
 * extensions, extra headers, caller claims but the request id). The answer is split back:
 * `data._entities` sliced by offset; an error whose path starts `['_entities', i]` goes to the fetch
 * owning index i with i rebased; any other error, and `extensions` (stale notices), go to every
 * fetch. An `_entities` list whose length does not match fails every fetch.
 *
 * Audit and security: the gateway's access record is made per request from its own plan and
 * caller (audit.ts), before and independently of how calls are sent, so it is unaffected. Every
 * fetch in a batch has the same caller claims by construction (only the request id differs), so
 * no request can see an entity or field it could not have asked for itself.
 */

/** Merges entity fetches: one `_entities` call, the representations concatenated in arrival order. */
export const entityMerge: Merge = {
  keyOf(request, context) {
    const variables = request.variables;
    if (!request.query || !variables || !context?.requestId || !context.caller) return null;
    const names = Object.keys(variables);
    if (names.length !== 1 || names[0] !== 'representations') return null;
    const representations = variables.representations;
    if (!Array.isArray(representations) || representations.length === 0) return null;
    return sameCallKey(request, context);
  },
  size: (request) => (request.variables!.representations as unknown[]).length,
  combine: (requests) => ({ ...requests[0], variables: { representations: requests.flatMap((r) => r.variables!.representations as unknown[]) } }),
  split: (response, sizes) => split(single({ response }).response, sizes),
};

type ResponseError = NonNullable<GatewayGraphQLResponse['errors']>[number];

/** One merged answer cut into each fetch's share; throws when the entity list does not fit. */
export function split(response: GatewayGraphQLResponse, counts: number[]): GatewayGraphQLResponse[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const data = response.data as Record<string, unknown> | null | undefined;
  const entities = data?._entities;
  if (data != null && (!Array.isArray(entities) || entities.length !== total)) {
    throw new Error(`merged entity fetch answered ${Array.isArray(entities) ? entities.length : 'no'} entities for ${total} representations`);
  }
  const offsets: number[] = [];
  let at = 0;
  for (const c of counts) {
    offsets.push(at);
    at += c;
  }
  const shares: GatewayGraphQLResponse[] = counts.map((c, i) => {
    const share: GatewayGraphQLResponse = data === undefined ? {} : { data: data === null ? null : { ...data, _entities: (entities as unknown[]).slice(offsets[i], offsets[i] + c) } };
    if (response.extensions) share.extensions = response.extensions;
    return share;
  });
  for (const error of response.errors ?? []) {
    const path = error.path;
    const index = path && path[0] === '_entities' && typeof path[1] === 'number' ? path[1] : -1;
    const owner = index >= 0 && index < total ? ownerOf(offsets, index) : -1;
    if (owner >= 0) {
      add(shares[owner], { ...error, path: ['_entities', index - offsets[owner], ...path!.slice(2)] });
    } else {
      for (const share of shares) add(share, { ...error });
    }
  }
  return shares;
}

function ownerOf(offsets: number[], index: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function add(share: GatewayGraphQLResponse, error: ResponseError) {
  ((share as { errors?: ResponseError[] }).errors ??= []).push(error);
}
