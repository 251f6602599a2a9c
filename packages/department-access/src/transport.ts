import { Pool, errors as undiciErrors } from 'undici';
import pLimit, { type LimitFunction } from 'p-limit';
import { DepartmentUnavailableError } from '@district/domain';
import type { Department } from '@district/domain';
import type { DepartmentResilience } from './resilience.ts';
import { refreshTurn } from './refresh/budget.ts';
import { inClientSpan, injectTraceHeaders, metrics, setOutcome, touchDepartment } from '@district/runtime';

/**
 * The one way adapters reach a department system over HTTP: a keep-alive connection pool per
 * backend, a timeout on every call, and a process-wide cap on calls in flight so that however
 * many requests we serve, the backend never sees more than `maxConcurrent` at once (its rate
 * limit is the department's, not ours to exceed). Network failures become
 * DepartmentUnavailableError naming the department, never an internal address.
 *
 * Given the department's circuit breaker, the transport asks it again when a call gets its slot.
 * The breaker admits a call when it starts, but the call may then wait behind `maxConcurrent`
 * others: a department without a batch lookup (医保) turns a 200-employer dashboard into 200
 * reads, all admitted while the circuit is still closed, and in a 429 storm they would all go out
 * after the breaker opened, into a system that is telling us to stop. Checked at the slot, a call
 * that finds the circuit open fails fast with CIRCUIT_OPEN, as a fresh call would, and never
 * reaches the backend; so a storm costs about threshold + maxConcurrent calls, whatever the number
 * of keys. (A slot is freed when a reply arrives, a moment before the caller reads it as a failure
 * and the breaker counts it, so the call that takes that slot still goes out.)
 */
export interface TransportOptions {
  department: Department;
  baseUrl: string;
  /** Whole-call budget, milliseconds. */
  timeoutMs: number;
  /** Calls in flight at once, process-wide. */
  maxConcurrent: number;
  /** Keep-alive connections in the pool. */
  connections?: number;
  /**
   * The department's breaker (DepartmentResilience), asked when a call gets its slot; without it
   * a queued call goes out whatever the circuit did while it waited.
   */
  breaker?: Pick<DepartmentResilience, 'circuit'>;
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query string, e.g. "/api/v1/enterprises?page=1". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * What kind of call this is, from a fixed list of the adapter's (a route template, a 交易码):
   * the endpoint label of metrics and spans. Never a path with ids in it; default `other`.
   */
  kind?: string;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export class BackendTransport {
  readonly department: Department;
  private readonly pool: Pool;
  private readonly limit: LimitFunction;
  private readonly timeoutMs: number;
  private readonly breaker: Pick<DepartmentResilience, 'circuit'> | undefined;
  /** Calls made since start (tests and metrics). */
  calls = 0;

  constructor(options: TransportOptions) {
    this.department = options.department;
    this.timeoutMs = options.timeoutMs;
    this.breaker = options.breaker;
    this.pool = new Pool(options.baseUrl, {
      connections: options.connections ?? Math.max(4, options.maxConcurrent),
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: Math.min(options.timeoutMs, 5_000),
    });
    this.limit = pLimit(options.maxConcurrent);
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    // A call of the cache refresher first waits for its turn of the refresh budget, before it
    // takes a slot: a paced refresh never holds a slot a user's read could use.
    const turn = refreshTurn();
    if (turn) return turn.then(() => this.limit(() => this.send(req)));
    return this.limit(() => this.send(req));
  }

  /** Runs once the call has its slot: the moment to ask the breaker again (see the class comment). */
  private send(req: TransportRequest): Promise<TransportResponse> {
    const kind = req.kind ?? 'other';
    touchDepartment(this.department);
    // One client span and one timing per call, by department, endpoint kind and outcome (ok, the
    // status class of a refusal, or why there was no answer); the span's traceparent goes along.
    return inClientSpan(`backend ${this.department}`, { department: this.department, 'endpoint.kind': kind }, async (span) => {
      const started = performance.now();
      let outcome = 'ok';
      try {
        if (this.circuitOpen()) throw new DepartmentUnavailableError(this.department, 'CIRCUIT_OPEN', { retryable: false });
        this.calls++;
        const signal = AbortSignal.timeout(this.timeoutMs);
        try {
          const res = await this.pool.request({ method: req.method, path: req.path, headers: injectTraceHeaders({ ...req.headers }), body: req.body, signal });
          const text = await res.body.text();
          if (res.statusCode >= 400) outcome = `http_${Math.floor(res.statusCode / 100)}xx`;
          return { status: res.statusCode, headers: res.headers, text };
        } catch (error) {
          throw this.toUnavailable(error, signal);
        }
      } catch (error) {
        outcome = error instanceof DepartmentUnavailableError ? error.reason : 'ERROR';
        throw error;
      } finally {
        setOutcome(span, outcome);
        metrics.backendCallDuration.observe({ department: this.department, kind, outcome }, (performance.now() - started) / 1000);
      }
    });
  }

  /**
   * Open or isolated: what the breaker itself refuses. Half-open is not: its probe must get through.
   * cockatiel moves an open circuit to half-open only when the next call starts after the pause,
   * so a call queued since before the break still fails fast here until that probe has begun.
   */
  private circuitOpen(): boolean {
    const circuit = this.breaker?.circuit;
    return circuit === 'open' || circuit === 'isolated';
  }

  private toUnavailable(error: unknown, signal: AbortSignal): DepartmentUnavailableError {
    if (error instanceof DepartmentUnavailableError) return error;
    if (signal.aborted || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
      return new DepartmentUnavailableError(this.department, 'TIMEOUT');
    }
    return new DepartmentUnavailableError(this.department, 'UNREACHABLE');
  }

  /** Idempotent: a second close (a test stopping a stopped subgraph) is a no-op. */
  async close(): Promise<void> {
    if (this.pool.closed || this.pool.destroyed) return;
    await this.pool.close();
  }
}
