import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GatewayContext } from './context.ts';

/**
 * Cross-request entity batching for one subgraph.
 *
 * Why: a subgraph call costs the subgraph far more per call (HTTP, verifying the signed context,
 * Apollo Server's request pipeline) than per entity, and a query plan's entity fetch for one
 * request usually carries one entity. Under load many requests ask the same subgraph the same
 * `_entities` query at the same moment; sending them as one call pays that cost once, and lets the
 * subgraph batch its backend calls across requests too.
 *
 * What is merged: fetches whose variables are exactly `{ representations: [...] }` (the entity
 * fetches of a query plan), with the identical query string, operationName, extensions and extra
 * headers, from callers that are authorization-equivalent — every claim of `context.caller` equal
 * except `requestId` (see {@link callerKey}). Anything else (root fields, mutations, other
 * variables, another caller) is sent alone, exactly as without batching.
 *
 * Gathering: fetches that arrive before a flush scheduled with `setImmediate` go together, so an
 * idle gateway adds no timer latency (a lone fetch leaves on the next turn, as itself). A batch
 * holds at most `max` representations; one that would overflow is sent at once and a new one
 * begins. A single fetch of `max` representations or more is never split: it goes alone.
 *
 * What the merged call shares (the data source's `send` makes it): the representations,
 * concatenated in arrival order; the headers of the first fetch's context — its x-request-id and
 * its signed caller, signed once per request as always, so the subgraph logs the first request's
 * id — and the earliest deadline and smallest budget of all merged fetches, so every request's
 * deadline is honoured. The answer is split back: `data._entities` sliced by offset; an error whose
 * path starts `['_entities', i]` goes to the fetch owning index i with i rebased; any other error,
 * and `extensions` (stale notices), go to every fetch. If the call fails as a whole — transport,
 * non-2xx, not JSON, or an `_entities` list whose length does not match — every fetch fails with
 * that error and degrades on its own, exactly as an unbatched call would.
 *
 * Audit and security: the gateway's access record is made per request from its own plan and
 * caller (audit.ts), before and independently of how calls are sent, so it is unaffected. The
 * subgraphs authorize and mask per call, from the signed caller; every fetch in a batch has the
 * same caller claims by construction (only the request id differs), so what the subgraph allows
 * for the merged call is exactly what it would allow each fetch alone, and no request can see an
 * entity or field it could not have asked for itself. Entities are never shared between callers.
 */

/** A subgraph answer with the one header the data source still needs from it. */
export interface SubgraphAnswer {
  response: GatewayGraphQLResponse;
  cacheControl?: string;
}

/** Sends one call for these requests' contexts: headers of the first, smallest budget of all. */
export type SendCall = (request: GatewayGraphQLRequest, contexts: Partial<GatewayContext>[]) => Promise<SubgraphAnswer>;

export interface EntityBatcherOptions {
  /** Most representations in one merged call (> 0). */
  max: number;
  send: SendCall;
}

interface Waiting {
  request: GatewayGraphQLRequest;
  context: Partial<GatewayContext>;
  count: number;
  resolve: (answer: SubgraphAnswer) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  waiting: Waiting[];
  size: number;
}

/** The caller's claims, canonical, without the request id: equal keys authorize equally. */
export function callerKey(caller: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(caller)
      .filter((k) => k !== 'requestId' && caller[k] !== undefined)
      .sort()
      .map((k) => [k, caller[k]]),
  );
}

export class EntityBatcher {
  private readonly max: number;
  private readonly send: SendCall;
  private pending = new Map<string, Batch>();
  private scheduled = false;

  constructor(options: EntityBatcherOptions) {
    if (!(options.max > 0)) throw new Error('EntityBatcher needs max > 0');
    this.max = options.max;
    this.send = options.send;
  }

  /** The batch key of a fetch that may be merged, or null when it must go alone. */
  keyOf(request: GatewayGraphQLRequest, context: Partial<GatewayContext> | undefined): string | null {
    const variables = request.variables;
    if (!request.query || !variables || !context?.requestId || !context.caller) return null;
    const names = Object.keys(variables);
    if (names.length !== 1 || names[0] !== 'representations') return null;
    const representations = variables.representations;
    if (!Array.isArray(representations) || representations.length === 0) return null;
    let headers = '';
    const extra = request.http?.headers;
    if (extra) for (const [name, value] of extra) headers += `${name}:${value}\n`;
    return JSON.stringify([request.query, request.operationName ?? null, request.extensions ?? null, headers, callerKey(context.caller as Record<string, unknown>)]);
  }

  /** Joins (or starts) the batch of this key; resolves with this fetch's share of the answer. */
  fetch(key: string, request: GatewayGraphQLRequest, context: Partial<GatewayContext>): Promise<SubgraphAnswer> {
    const count = (request.variables!.representations as unknown[]).length;
    if (count >= this.max) return this.send(request, [context]);
    return new Promise<SubgraphAnswer>((resolve, reject) => {
      let batch = this.pending.get(key);
      if (batch && batch.size + count > this.max) {
        this.pending.delete(key);
        this.dispatch(batch);
        batch = undefined;
      }
      if (!batch) {
        batch = { waiting: [], size: 0 };
        this.pending.set(key, batch);
      }
      batch.waiting.push({ request, context, count, resolve, reject });
      batch.size += count;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = () => {
    this.scheduled = false;
    const batches = [...this.pending.values()];
    this.pending.clear();
    for (const batch of batches) this.dispatch(batch);
  };

  private dispatch(batch: Batch): void {
    const { waiting } = batch;
    if (waiting.length === 1) {
      const [only] = waiting;
      this.send(only.request, [only.context]).then(only.resolve, only.reject);
      return;
    }
    const first = waiting[0].request;
    const representations = waiting.flatMap((w) => w.request.variables!.representations as unknown[]);
    const merged: GatewayGraphQLRequest = { ...first, variables: { representations } };
    this.send(merged, waiting.map((w) => w.context)).then(
      (answer) => {
        let shares: GatewayGraphQLResponse[];
        try {
          shares = split(answer.response, waiting.map((w) => w.count));
        } catch (error) {
          for (const w of waiting) w.reject(error);
          return;
        }
        waiting.forEach((w, i) => w.resolve({ response: shares[i], cacheControl: answer.cacheControl }));
      },
      (error) => {
        for (const w of waiting) w.reject(error);
      },
    );
  }
}

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
