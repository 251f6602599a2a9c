import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics (prom-client): one registry per process, served at GET /metrics by the ops
 * surface (ops-http.ts), and every series defined here once, so the gateway, the five subgraphs
 * and the bundle worker name them alike and the shared call sites (department transport and
 * breaker, the cache, the access-record writer, subgraph-kit) count for all four departments.
 *
 * Labels are bounded by construction: department, subgraph, record kind, cache tier, endpoint
 * kind, outcome and reason come from fixed lists in the code; operation names are capped by
 * OperationNames below. Never a USCC, a user, an id or a query text.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Read at scrape time: what a process's access-record writers hold, and its bundle store's state (bundle worker, services). */
const queueSources = new Set<() => Promise<number>>();
const bundleSources = new Set<() => Promise<{ byStatus: Record<string, number>; lagSeconds: number }>>();

/** Adds a source of waiting access records to district_access_record_queue_depth; returns its removal. */
export function countAccessRecordQueue(source: () => Promise<number>): () => void {
  queueSources.add(source);
  return () => queueSources.delete(source);
}

/** Adds the bundle store to district_bundles and district_bundle_worker_lag_seconds; returns its removal. */
export function reportBundles(source: () => Promise<{ byStatus: Record<string, number>; lagSeconds: number }>): () => void {
  bundleSources.add(source);
  return () => bundleSources.delete(source);
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const registers = [metricsRegistry];

export const metrics = {
  /** Every HTTP request a part answered, by route (/graphql, /health/ready, /metrics, other) and status. */
  httpRequests: new Counter({ name: 'district_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers }),
  /** GraphQL operations (the gateway's requests; a subgraph's calls) by operation name and outcome (ok, partial, error). */
  operations: new Counter({ name: 'district_graphql_operations_total', help: 'GraphQL operations by operation name and outcome', labelNames: ['operation', 'outcome'], registers }),
  operationDuration: new Histogram({
    name: 'district_graphql_operation_duration_seconds', help: 'GraphQL operation latency by operation name', labelNames: ['operation'], buckets: LATENCY_BUCKETS, registers,
  }),
  /** The gateway's calls to subgraphs. */
  subgraphCallDuration: new Histogram({
    name: 'district_subgraph_call_duration_seconds', help: 'Gateway calls to a subgraph by subgraph and outcome', labelNames: ['subgraph', 'outcome'], buckets: LATENCY_BUCKETS, registers,
  }),
  /** Department system calls as they left the transport: outcome ok, http_4xx/http_5xx, TIMEOUT, UNREACHABLE, CIRCUIT_OPEN. */
  backendCallDuration: new Histogram({
    name: 'district_backend_call_duration_seconds', help: 'Department system calls by department, endpoint kind and outcome', labelNames: ['department', 'kind', 'outcome'], buckets: LATENCY_BUCKETS, registers,
  }),
  /** Department reads and writes that failed after retries, by department and reason (TIMEOUT, OUTAGE, RATE_LIMITED, CIRCUIT_OPEN, …, REJECTED). */
  backendErrors: new Counter({ name: 'district_backend_errors_total', help: 'Failed department reads and writes by department and reason', labelNames: ['department', 'reason'], registers }),
  /** 0 closed, 1 half-open, 2 open, 3 isolated. */
  breakerState: new Gauge({ name: 'district_breaker_state', help: 'Circuit breaker per department: 0 closed, 1 half-open, 2 open, 3 isolated', labelNames: ['department'], registers }),
  /** Cache lookups: result hit (tier memory or the shared store's: redis/memory), miss, stale (served past its TTL because the department failed). */
  cacheLookups: new Counter({ name: 'district_cache_lookups_total', help: 'Cache lookups by record kind, tier and result (hit, miss, stale)', labelNames: ['kind', 'tier', 'result'], registers }),
  /**
   * The gateway's response and entity cache (gateway/src/response-cache): lookups by subgraph and
   * result — hit (no subgraph call for it), miss, stale (an expired copy served because the subgraph
   * could not answer for it) — and invalidations by what caused them (mutation, department).
   */
  responseCacheLookups: new Counter({ name: 'district_gateway_response_cache_lookups_total', help: 'Gateway response cache lookups (entities and root fields) by subgraph and result (hit, miss, stale)', labelNames: ['subgraph', 'result'], registers }),
  responseCacheInvalidations: new Counter({ name: 'district_gateway_response_cache_invalidations_total', help: 'Gateway response cache tags invalidated, by source (mutation, department)', labelNames: ['source'], registers }),
  /** Access records waiting to be written (in memory; the spool holds more when Redis is configured). */
  accessRecordQueue: new Gauge({
    name: 'district_access_record_queue_depth', help: 'Access records waiting to be written (in memory and in the spool)', registers,
    async collect() {
      const sizes = await Promise.all([...queueSources].map((s) => s().catch(() => 0)));
      this.set(sizes.reduce((a, b) => a + b, 0));
    },
  }),
  accessRecordWrites: new Histogram({
    name: 'district_access_record_write_duration_seconds', help: 'Writes of a batch of access records by outcome', labelNames: ['outcome'], buckets: LATENCY_BUCKETS, registers,
  }),
  /** Bundles (一件事一次办) by status, as the store holds them at scrape time. */
  bundles: new Gauge({
    name: 'district_bundles', help: 'Bundles by status', labelNames: ['status'], registers,
    async collect() {
      // A status no bundle has any more reads 0, not its last count.
      if (bundleSources.size) this.reset();
      for (const source of bundleSources) {
        const read = await source().catch(() => undefined);
        if (!read) continue;
        for (const [status, count] of Object.entries(read.byStatus)) this.set({ status }, count);
        metrics.bundleWorkerLag.set(read.lagSeconds);
      }
    },
  }),
  /** The gateway's per-caller rate limit: requests refused, by role. */
  rateLimited: new Counter({ name: 'district_rate_limited_total', help: 'Requests refused by the per-caller rate limit, by role', labelNames: ['role'], registers }),
  /** Requests the gateway counted in memory because Redis did not answer (limits per instance meanwhile). */
  rateLimitFallbacks: new Counter({ name: 'district_rate_limit_fallback_total', help: 'Requests counted in memory because Redis did not answer (rate limits per instance meanwhile)', registers }),
  /** How long the oldest step that is due has waited for the worker (0 when none waits). */
  bundleWorkerLag: new Gauge({ name: 'district_bundle_worker_lag_seconds', help: 'Age of the oldest due bundle step not yet taken by a worker', registers }),
};

/** Breaker states as the gauge holds them. */
export const BREAKER_STATES = { closed: 0, 'half-open': 1, open: 2, isolated: 3 } as const;

/** The most distinct operation names a process labels; later new names count as "other". */
export const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/;

/**
 * Operation names as labels: only the name of an operation that parsed and validated (the caller
 * passes it then), shaped like a GraphQL name, at most MAX_OPERATION_NAMES of them per process;
 * "anonymous" for an unnamed one, "invalid" for one that never validated, "other" past the cap.
 */
export class OperationNames {
  private readonly seen = new Set<string>();
  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined, validated: boolean): string {
    if (!validated) return 'invalid';
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(name);
    return name;
  }
}
