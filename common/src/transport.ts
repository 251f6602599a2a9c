import { Pool, errors as undiciErrors } from 'undici';
import pLimit, { type LimitFunction } from 'p-limit';
import { DepartmentUnavailableError } from './errors.ts';
import type { Department } from './departments.ts';

/**
 * The one way adapters reach a department system over HTTP: a keep-alive connection pool per
 * backend, a timeout on every call, and a process-wide cap on calls in flight so that however
 * many requests we serve, the backend never sees more than `maxConcurrent` at once (its rate
 * limit is the department's, not ours to exceed). Network failures become
 * DepartmentUnavailableError naming the department, never an internal address.
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
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query string, e.g. "/api/v1/enterprises?page=1". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
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
  /** Calls made since start (tests and metrics). */
  calls = 0;

  constructor(options: TransportOptions) {
    this.department = options.department;
    this.timeoutMs = options.timeoutMs;
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
    return this.limit(() => this.send(req));
  }

  private async send(req: TransportRequest): Promise<TransportResponse> {
    this.calls++;
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await this.pool.request({ method: req.method, path: req.path, headers: req.headers, body: req.body, signal });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, text };
    } catch (error) {
      throw this.toUnavailable(error, signal);
    }
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
