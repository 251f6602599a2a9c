import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { sameCallKey, type Merge } from './call-batcher.ts';

/**
 * Query operations sent together as one batched HTTP request (a JSON list of operations, which
 * the subgraphs accept: packages/subgraph-kit/src/subgraph-http.ts), answered by a list in the same order.
 *
 * Why: entity fetches merge into one operation (entities.ts), but a plan's root fetch — the
 * Lifecycle's `enterprise(uscc:)` on market — is an operation of its own per request. In one
 * batched request the subgraph verifies the caller once and its operations share one context, so
 * their DataLoaders batch the backend calls of all of them.
 *
 * What goes together: query operations (never mutations: their order and effects belong to the
 * request that sent them) with the same batch key (call-batcher.ts), whatever their variables.
 * Each fetch gets its own answer back, errors and `data: null` included, unlike a merged
 * operation; `extensions` (stale notices) are the subgraph's per context, so they are shared,
 * as for merged entity fetches. A list of the wrong length fails every fetch.
 */
export const operationBatch: Merge = {
  keyOf(request, context) {
    if (!request.query || !context?.requestId || !context.caller) return null;
    if (!/^\s*query\b/.test(request.query)) return null;
    return sameCallKey(request, context);
  },
  size: () => 1,
  combine: (requests) => requests,
  split(response, sizes) {
    if (!Array.isArray(response) || response.length !== sizes.length || !response.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
      throw new Error(`batched call answered ${Array.isArray(response) ? `${response.length} results` : 'no list'} for ${sizes.length} operations`);
    }
    return response as GatewayGraphQLResponse[];
  },
};
