import { GraphQLError } from 'graphql';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { CONTEXT_HEADER, createContextSigner, inClientSpan, injectTraceHeaders, metrics, setOutcome, touchDepartment, type ContextSigner } from '@district/runtime';
import { type CachedNotice, type StaleNotice } from '@district/department-access';
import type { GatewayContext } from './context.ts';
import { CallBatcher, single, type CallPayload, type SubgraphAnswer } from './batching/call-batcher.ts';
import { entityMerge } from './batching/entities.ts';
import { operationBatch } from './batching/operations.ts';
import { degradedEntitiesResponse, rootFetchPath, unavailableError, type SubgraphFailure } from './degrade.ts';
import { createSubgraphTransport, TransportError, type SubgraphHttpResponse, type SubgraphTransport } from './transport.ts';
import { authorizationClass } from './response-cache/authorization-class.ts';
import { cacheHintOf } from './response-cache/cache-hint.ts';
import type { PreparedFetch, ResponseCache } from './response-cache/response-cache.ts';

/** Absolute deadline (epoch ms) of the whole request, passed to subgraphs so they can bound their own work. */
export const DEADLINE_HEADER = 'x-request-deadline';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  department: string;
  timeoutMs: number;
  connections: number;
  contextKey: string;
  /**
   * Most representations in one merged `_entities` call across concurrent requests of
   * authorization-equivalent callers (batching/entities.ts); 0 or unset: every fetch is its own call.
   */
  entityBatchMax?: number;
  /**
   * Most query operations in one batched HTTP request across concurrent requests of
   * authorization-equivalent callers (batching/operations.ts); 0 or unset: none are batched.
   */
  operationBatchMax?: number;
  /** Replaces the HTTP transport (tests). */
  transport?: SubgraphTransport;
  /** The gateway's response and entity cache (GATEWAY_RESPONSE_CACHE), shared by every subgraph's source. */
  responseCache?: ResponseCache;
}

/**
 * Subgraph calls: a JSON body POSTed over a keep-alive undici Pool per subgraph (transport.ts),
 * the JSON answer parsed and handed to the query plan executor. Every call is bounded by the
 * smaller of the subgraph timeout and what is left of the request's budget, so a whole answer
 * always arrives in time. A failed call costs only that subgraph's fields (see degrade.ts);
 * stale-if-error notices from subgraphs are gathered for the response's extensions.stale, and
 * how fresh cached answers are — the subgraphs' `extensions.asOf` and the response cache's own hits —
 * for its extensions.asOf (one FreshnessReport per request: per department, the oldest wins).
 *
 * What the answer means follows @apollo/gateway's RemoteGraphQLDataSource: a non-2xx status is an
 * error named `<status>: <status text>`, a body that is not a JSON object (or not declared JSON) is
 * an error, the subgraph's Cache-Control restricts the response's cache policy. Unlike it, none of
 * those errors reaches the client as it is: every failure becomes DEPARTMENT_UNAVAILABLE with a
 * reason (TIMEOUT, UNREACHABLE, ERROR) and never an internal address.
 *
 * With `entityBatchMax` / `operationBatchMax` set, entity fetches and query operations of
 * concurrent requests from the same caller claims share one call (batching/); each request still
 * gets its own answer, stale notices, cache-policy restriction and, if the shared call fails, its
 * own degraded answer.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  readonly name: string;
  readonly department: string;

  private readonly sign: ContextSigner;
  private readonly timeoutMs: number;
  private readonly transport: SubgraphTransport;
  /** Tried in order: the first that gives a fetch a batch key takes it. */
  private readonly batchers: CallBatcher[];
  private readonly cache?: ResponseCache;

  constructor(options: SubgraphDataSourceOptions) {
    this.name = options.name;
    this.department = options.department;
    this.sign = createContextSigner(options.contextKey);
    this.timeoutMs = options.timeoutMs;
    this.cache = options.responseCache;
    this.transport = options.transport ?? createSubgraphTransport({ url: options.url, connections: options.connections, timeoutMs: options.timeoutMs });
    const shared = {
      send: (payload: CallPayload, contexts: Partial<GatewayContext>[]) => this.send(payload, contexts),
      budgetOf: (context: Partial<GatewayContext>) => this.budgetFor(context),
      timedOut: () => new TransportError('TIMEOUT', `subgraph ${this.name} did not answer within the request's budget`),
    };
    this.batchers = [];
    if ((options.entityBatchMax ?? 0) > 0) this.batchers.push(new CallBatcher({ merge: entityMerge, max: options.entityBatchMax!, ...shared }));
    if ((options.operationBatchMax ?? 0) > 0) this.batchers.push(new CallBatcher({ merge: operationBatch, max: options.operationBatchMax!, ...shared }));
  }

  /** The headers of one call: request id, deadline and the caller, signed once per request. */
  headersFor(context: Partial<GatewayContext> | undefined): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!context?.requestId) return headers;
    headers['x-request-id'] = context.requestId;
    headers[DEADLINE_HEADER] = String(context.deadline);
    // Who asks, in which role and for which purpose, signed: subgraphs answer nothing without it.
    // One signature per request: every subgraph call of a request carries the same caller, and
    // the signature expires with the request's deadline (subgraphs also bound its age).
    context.signedContext ??= this.sign(context.caller!, context.deadline);
    headers[CONTEXT_HEADER] = context.signedContext;
    return headers;
  }

  /** The call's budget: the subgraph timeout, or what is left of the request's deadline if less. */
  budgetFor(context: Partial<GatewayContext> | undefined): number {
    const deadline = context?.requestId ? Number(context.deadline) : NaN;
    const left = Number.isFinite(deadline) && deadline > 0 ? deadline - Date.now() : this.timeoutMs;
    return Math.max(1, Math.min(this.timeoutMs, left));
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const context = options.context as Partial<GatewayContext> | undefined;
    // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported by @apollo/gateway).
    const incoming = (options.kind as string) === 'incoming operation';
    const policyContext = (options as { incomingRequestContext?: { overallCachePolicy?: unknown } }).incomingRequestContext;
    // The response cache: what it holds of this fetch, and what is left to ask (response-cache/).
    let cached: PreparedFetch | null = null;
    const mutation = incoming && this.cache?.isMutation(options.request) === true;
    if (incoming && this.cache && !mutation) {
      cached = await this.cache.prepare(this.name, this.department, options.request, authorizationClass(context?.caller));
      if (cached?.hit) {
        restrictCachePolicy(policyContext, undefined, cached.hitMaxAge);
        context?.freshness?.merge([], servedAsOf(cached));
        return cached.hit;
      }
    }
    const request = cached?.request ?? options.request;
    let answered: GatewayGraphQLResponse | undefined;
    try {
      if (!request.query) throw new Error('Missing query');
      const { response, cacheControl } = await this.call(request, context, incoming);
      answered = response;
      const stale = response.extensions?.stale as StaleNotice[] | undefined;
      const asOf = response.extensions?.asOf as CachedNotice[] | undefined;
      if ((Array.isArray(stale) || Array.isArray(asOf)) && context?.freshness) context.freshness.merge(Array.isArray(stale) ? stale : [], Array.isArray(asOf) ? asOf : []);
      if (incoming) restrictCachePolicy(policyContext, cacheControl);
      if (!cached) return response;
      const notices: StaleNotice[] = [];
      const merged = await cached.complete(response, cacheControl, notices);
      context?.freshness?.merge(notices, servedAsOf(cached));
      return merged;
    } catch (error) {
      const info = { subgraph: this.name, department: this.department, reason: classify(error) };
      context?.logger?.warn({ subgraph: this.name, reason: info.reason, requestId: context?.requestId }, 'subgraph call failed');
      const degraded = degradedEntitiesResponse(request, info);
      if (cached) {
        // What the cache still holds for a failed fetch: its hits and expired copies, said to be stale.
        const notices: StaleNotice[] = [];
        const fromCache = cached.failed(degraded, info.reason, notices);
        if (fromCache) {
          context?.freshness?.merge(notices, servedAsOf(cached));
          return fromCache;
        }
      }
      if (degraded) return degraded;
      throw unavailableError(info, rootFetchPath(request));
    } finally {
      // A mutation may have run even when its answer never came: what it may have changed is dropped.
      if (mutation) await this.cache!.mutated(this.name, options.request, answered);
    }
  }

  /** This fetch's answer: through the first batcher that takes it (operations of a request only), or alone. */
  private call(request: GatewayGraphQLRequest, context: Partial<GatewayContext> | undefined, incoming: boolean): Promise<SubgraphAnswer> {
    if (incoming) {
      for (const batcher of this.batchers) {
        const key = batcher.keyOf(request, context);
        if (key !== null) return batcher.fetch(key, request, context!);
      }
    }
    return this.send(request, [context]).then(single);
  }

  /**
   * One call to the subgraph on behalf of these contexts (one, or the fetches of a batch): the
   * headers of the one with the latest deadline (its id, its signed caller — whose expiry is that
   * deadline, so the shared call outlives none of them — and its deadline), and the largest budget
   * of them all (each fetch of a batch is held to its own budget by the batcher, call-batcher.ts).
   */
  private async send(payload: CallPayload, contexts: (Partial<GatewayContext> | undefined)[]): Promise<SubgraphAnswer<unknown>> {
    let lead = contexts[0];
    let budget = this.budgetFor(lead);
    for (let i = 1; i < contexts.length; i++) {
      budget = Math.max(budget, this.budgetFor(contexts[i]));
      if (Number(contexts[i]?.deadline) > Number(lead?.deadline)) lead = contexts[i];
    }
    const headers = this.headersFor(lead);
    // Headers the executor adds (a federated trace request, when usage reporting is on).
    const extra = (Array.isArray(payload) ? payload[0] : payload).http?.headers;
    if (extra) for (const [name, value] of extra) if (!(name in headers)) headers[name] = value;
    const body = JSON.stringify(Array.isArray(payload) ? payload.map(bodyOf) : bodyOf(payload));
    touchDepartment(this.department);
    // A client span per call, its traceparent sent on; timed by subgraph and outcome (2xx ok,
    // another status by class, or why there was no answer).
    return inClientSpan(`subgraph ${this.name}`, { subgraph: this.name, department: this.department }, async (span) => {
      const started = performance.now();
      let outcome = 'ok';
      try {
        const http = await this.transport.post(body, injectTraceHeaders(headers), budget, !hasMutation(payload));
        if (http.status < 200 || http.status > 299) outcome = `http_${Math.floor(http.status / 100)}xx`;
        return { response: Array.isArray(payload) ? parseBatchAnswer(http) : parseAnswer(http), cacheControl: http.cacheControl };
      } catch (error) {
        if (outcome === 'ok') outcome = classify(error);
        throw error;
      } finally {
        setOutcome(span, outcome);
        metrics.subgraphCallDuration.observe({ subgraph: this.name, outcome }, (performance.now() - started) / 1000);
      }
    });
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

/** The freshness of what a fetch served from the response cache, for the request's `extensions.asOf`. */
const servedAsOf = (cached: PreparedFetch): CachedNotice[] => (cached.servedAsOf ? [cached.servedAsOf] : []);

/** A fetch of the plan is a mutation when its operation is one (a batch holds queries only). */
const MUTATION = /^\s*mutation\b/;
const hasMutation = (payload: CallPayload) => (Array.isArray(payload) ? payload : [payload]).some((r) => MUTATION.test(r.query ?? ''));

const bodyOf = (r: GatewayGraphQLRequest) => ({ query: r.query, variables: r.variables, operationName: r.operationName, extensions: r.extensions });

const JSON_TYPE = /^application\/(?:graphql-response\+)?json/;

/**
 * The answer as RemoteGraphQLDataSource reads it: non-2xx is an error, the body must be a JSON
 * object (or, for a batched request, a list: the batcher checks its shape) — with one exception.
 *
 * A subgraph that refuses the client's own input answers 4xx with GraphQL errors: a literal or a
 * variable its scalars reject (Money "abc"), which the gateway cannot check because it does not
 * know the subgraphs' scalars. That is the client's mistake, not an outage: its errors (code,
 * message, path) are the answer, passed on as they are (INPUT_REFUSALS).
 */
function parseAnswer(http: SubgraphHttpResponse): unknown {
  const json = http.contentType !== undefined && JSON_TYPE.test(http.contentType);
  if (http.status < 200 || http.status > 299) {
    let body: unknown = http.body.toString('utf8');
    if (json) {
      try {
        body = JSON.parse(body as string);
      } catch {
        // kept as text
      }
    }
    if (isClientRefusal(http.status, body)) return withStatus(body as { errors: { extensions?: object }[] }, http.status);
    const extensions: Record<string, unknown> = { response: { status: http.status, statusText: http.statusText, body } };
    if (http.status === 401) extensions.code = 'UNAUTHENTICATED';
    else if (http.status === 403) extensions.code = 'FORBIDDEN';
    throw new GraphQLError(`${http.status}: ${http.statusText}`, { extensions });
  }
  const text = http.body.toString('utf8');
  const body: unknown = json ? JSON.parse(text) : text;
  if (typeof body !== 'object' || body === null) throw new Error(`Expected JSON response body, but received: ${body}`);
  return body;
}

/**
 * The refusal's errors keep the subgraph's status in `extensions.http` (Apollo Server sets the
 * response's status from it and strips it from what the client sees), so a request refused for
 * its input is a 4xx at the gateway too (request-errors.ts keeps 200 when other data came back).
 */
function withStatus(body: { errors: { extensions?: object }[] }, status: number) {
  return { ...body, errors: body.errors.map((e) => ({ ...e, extensions: { ...e.extensions, http: { status } } })) };
}

/**
 * Statuses that refuse what was sent, not who sent it or how often: 401/403 (our signed context),
 * 429 (a rate limit: the department is busy, not the client wrong) are failures like any other.
 */
const INPUT_REFUSALS = new Set([400, 413, 415, 422]);

/** A refusal of the request's content whose body is a GraphQL response with errors and no data. */
function isClientRefusal(status: number, body: unknown): boolean {
  if (!INPUT_REFUSALS.has(status)) return false;
  const b = body as { errors?: unknown; data?: unknown } | null;
  return !!b && typeof b === 'object' && Array.isArray(b.errors) && b.errors.length > 0 && b.data == null;
}

/**
 * A batched request's answer: the operations share one HTTP status (Apollo Server gives a batch
 * one response head), so one operation refused with 400 must not fail the others — a JSON list
 * is each operation's own answer whatever the status; anything else is read as for one operation.
 */
function parseBatchAnswer(http: SubgraphHttpResponse): unknown {
  if (http.contentType !== undefined && JSON_TYPE.test(http.contentType)) {
    try {
      const body: unknown = JSON.parse(http.body.toString('utf8'));
      if (Array.isArray(body)) return body;
    } catch {
      // not JSON: parseAnswer says why
    }
  }
  return parseAnswer(http);
}

/**
 * The subgraph's Cache-Control narrows the response's cache policy (no header: not cacheable), as
 * @apollo/gateway does — except that a gateway answer is never PUBLIC: every one depends on the
 * caller's token (its grant, masking and row scope), so no shared HTTP cache may keep it. An answer
 * from the response cache narrows it by what is left of its entries' time to live.
 */
function restrictCachePolicy(requestContext: { overallCachePolicy?: unknown } | undefined, header: string | undefined, maxAge?: number) {
  const policy = requestContext?.overallCachePolicy as { restrict?: (hint: { maxAge?: number; scope?: 'PUBLIC' | 'PRIVATE' }) => void } | undefined;
  if (!policy || typeof policy.restrict !== 'function') return;
  const hint = maxAge === undefined ? cacheHintOf(header) : { maxAge };
  policy.restrict({ maxAge: hint.maxAge, scope: 'PRIVATE' });
}

function classify(error: unknown): SubgraphFailure {
  if (error instanceof TransportError) return error.reason;
  const e = error as { name?: string; message?: string; cause?: { name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError' || /timeout|aborted/i.test(e?.message ?? '')) return 'TIMEOUT';
  if (/fetch failed|ECONNREFUSED|ECONNRESET|socket/i.test(e?.message ?? '')) return 'UNREACHABLE';
  return 'ERROR';
}
