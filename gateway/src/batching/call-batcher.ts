import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GatewayContext } from '../context.ts';

/**
 * Cross-request batching of subgraph calls: the gathering, shared by the two ways fetches can
 * share a call (entities.ts merges `_entities` fetches into one operation; operations.ts sends
 * query operations as one batched HTTP request).
 *
 * Why: a subgraph call costs the subgraph far more per call (HTTP, verifying the signed context,
 * Apollo Server's request pipeline, one backend round per DataLoader) than per entity or field.
 * Under load many requests ask one subgraph the same thing at the same moment; one call pays
 * that cost once and lets the subgraph batch its backend calls across requests too.
 *
 * Gathering: fetches that arrive before a flush scheduled with `setImmediate` go together, so an
 * idle gateway adds no timer latency (a lone fetch leaves on the next turn, as itself). A batch
 * holds at most `max` (representations, operations: the merge's `size`); one that would overflow
 * is sent at once and a new one begins. A single fetch of `max` or more goes alone.
 *
 * Only fetches with the same batch key go together: the same query string, operationName,
 * extensions and extra headers, from authorization-equivalent callers — every claim of
 * `context.caller` equal except `requestId` ({@link callerKey}). The subgraphs authorize and mask
 * per call from the signed caller, so what a shared call allows is exactly what each fetch would
 * be allowed alone. The call carries the headers of the context with the latest deadline (its
 * x-request-id, its signed caller, its deadline) and the largest budget of all (the data source's `send`),
 * while each fetch keeps its own budget here: one whose budget runs out fails on its own with a
 * timeout, and the others still get the answer — a request near its deadline never cuts the
 * shared call short for the rest. If the call fails as a whole, or its answer does not fit the
 * fetches, every fetch still waiting fails with that error and degrades on its own, exactly as an
 * unbatched call would.
 */

/** A subgraph answer with the one header the data source still needs from it. */
export interface SubgraphAnswer<R = GatewayGraphQLResponse> {
  response: R;
  cacheControl?: string;
}

/** What one call sends: one operation, or several as a batched HTTP request. */
export type CallPayload = GatewayGraphQLRequest | GatewayGraphQLRequest[];

/** Sends one call for these fetches' contexts: headers of the latest deadline's, largest budget of all. */
export type SendCall = (payload: CallPayload, contexts: Partial<GatewayContext>[]) => Promise<SubgraphAnswer<unknown>>;

/** How fetches of one key become one call, and its answer each fetch's share again. */
export interface Merge {
  /** The batch key of a fetch that may share a call, or null when it must go alone. */
  keyOf(request: GatewayGraphQLRequest, context: Partial<GatewayContext> | undefined): string | null;
  /** How much of a call's `max` this fetch takes. */
  size(request: GatewayGraphQLRequest): number;
  combine(requests: GatewayGraphQLRequest[]): CallPayload;
  /** The call's answer cut into one share per fetch; throws when it does not fit. */
  split(response: unknown, sizes: number[]): GatewayGraphQLResponse[];
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

/** The part of a batch key every merge shares: same operation text, extras and caller claims. */
export function sameCallKey(request: GatewayGraphQLRequest, context: Partial<GatewayContext>): string {
  let headers = '';
  const extra = request.http?.headers;
  if (extra) for (const [name, value] of extra) headers += `${name}:${value}\n`;
  // The caller is the same for every fetch of a request: its key is made once, on the context.
  context.callerKey ??= callerKey(context.caller as Record<string, unknown>);
  return JSON.stringify([request.query, request.operationName ?? null, request.extensions ?? null, headers, context.callerKey]);
}

/** A lone fetch's answer must be one GraphQL response, never a list. */
export function single(answer: SubgraphAnswer<unknown>): SubgraphAnswer {
  if (Array.isArray(answer.response)) throw new Error('Expected one GraphQL response, but received a list');
  return answer as SubgraphAnswer;
}

interface Waiting {
  request: GatewayGraphQLRequest;
  context: Partial<GatewayContext>;
  size: number;
  resolve: (answer: SubgraphAnswer) => void;
  reject: (error: unknown) => void;
}

export interface CallBatcherOptions {
  merge: Merge;
  /** Most of the merge's `size` in one call (> 0). */
  max: number;
  send: SendCall;
  /** Milliseconds a fetch of this context may still wait. */
  budgetOf: (context: Partial<GatewayContext>) => number;
  /** The error a fetch whose own budget ran out in a shared call fails with. */
  timedOut: () => Error;
}

interface Batch {
  waiting: Waiting[];
  size: number;
}

export class CallBatcher {
  private pending = new Map<string, Batch>();
  private scheduled = false;
  private readonly merge: Merge;
  private readonly max: number;
  private readonly send: SendCall;

  constructor(private readonly options: CallBatcherOptions) {
    if (!(options.max > 0)) throw new Error('CallBatcher needs max > 0');
    ({ merge: this.merge, max: this.max, send: this.send } = options);
  }

  keyOf(request: GatewayGraphQLRequest, context: Partial<GatewayContext> | undefined): string | null {
    return this.merge.keyOf(request, context);
  }

  /** Joins (or starts) the batch of this key; resolves with this fetch's share of the answer. */
  fetch(key: string, request: GatewayGraphQLRequest, context: Partial<GatewayContext>): Promise<SubgraphAnswer> {
    const size = this.merge.size(request);
    if (size >= this.max) return this.send(request, [context]).then(single);
    return new Promise<SubgraphAnswer>((resolve, reject) => {
      let batch = this.pending.get(key);
      if (batch && batch.size + size > this.max) {
        this.pending.delete(key);
        this.dispatch(batch);
        batch = undefined;
      }
      if (!batch) {
        batch = { waiting: [], size: 0 };
        this.pending.set(key, batch);
      }
      batch.waiting.push({ request, context, size, resolve, reject });
      batch.size += size;
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

  private dispatch({ waiting }: Batch): void {
    if (waiting.length === 1) {
      const [only] = waiting;
      this.send(only.request, [only.context]).then(single).then(only.resolve, only.reject);
      return;
    }
    // Each fetch's own budget; whichever settles first (its timer or the answer) wins.
    const open = waiting.map(() => true);
    const timers = waiting.map((w, i) => setTimeout(() => {
      open[i] = false;
      w.reject(this.options.timedOut());
    }, this.options.budgetOf(w.context)));
    const settle = (each: (w: Waiting, i: number) => void) => waiting.forEach((w, i) => {
      clearTimeout(timers[i]);
      if (open[i]) each(w, i);
    });
    const payload = this.merge.combine(waiting.map((w) => w.request));
    this.send(payload, waiting.map((w) => w.context)).then(
      (answer) => {
        let shares: GatewayGraphQLResponse[];
        try {
          shares = this.merge.split(answer.response, waiting.map((w) => w.size));
        } catch (error) {
          settle((w) => w.reject(error));
          return;
        }
        settle((w, i) => w.resolve({ response: shares[i], cacheControl: answer.cacheControl }));
      },
      (error) => settle((w) => w.reject(error)),
    );
  }
}
