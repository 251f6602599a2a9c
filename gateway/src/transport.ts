import { STATUS_CODES } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Pool, type Dispatcher } from 'undici';

/**
 * The wire under the subgraph data source: one undici `Pool` of keep-alive connections per
 * subgraph, driven through its dispatcher API. No WHATWG Request/Response/Headers, no body stream,
 * no AbortSignal per call: a call is a string body POSTed, the answer's bytes gathered in a list
 * and handed back whole, and a single timer that aborts the call when its budget runs out (the
 * budget the data source computes: the subgraph's timeout or what is left of the request, if less).
 *
 * Failures of the wire itself reject with a TransportError whose reason says TIMEOUT (the budget
 * ran out, whether the call was still queued for a connection or waiting for the answer),
 * UNREACHABLE (no connection, reset, closed mid-answer) or ERROR (a call undici refuses to send). An answer of any status is an answer:
 * what a status or body means is the data source's business.
 *
 * A read that got no answer at all (the connection was refused, or closed before a single byte of
 * answer came back) is sent once more on a fresh connection, within what is left of its budget: a
 * subgraph instance that is stopping closes its idle kept-alive connections, and a call written on
 * one at that moment never reached it. Behind a load balancer the second try reaches an instance
 * that is up. A write is never sent twice by the transport (its own retries, keyed by its
 * idempotency key, are the bundle worker's business).
 */
export class TransportError extends Error {
  constructor(
    readonly reason: 'TIMEOUT' | 'UNREACHABLE' | 'ERROR',
    message: string,
    options?: { cause?: unknown; unanswered?: boolean },
  ) {
    super(message, options);
    this.unanswered = options?.unanswered ?? false;
    this.name = reason === 'TIMEOUT' ? 'TimeoutError' : 'TransportError';
  }

  /** No byte of an answer came back: the subgraph did not start on it (see above). */
  readonly unanswered: boolean;
}

export interface SubgraphHttpResponse {
  status: number;
  statusText: string;
  /** Lower-cased header name → value, only the headers the data source reads. */
  contentType?: string;
  cacheControl?: string;
  /** The body, decoded (gzip/deflate/br) to the bytes the subgraph meant. */
  body: Buffer;
}

export interface SubgraphTransport {
  /** `read`: the body holds no mutation, so a call that got no answer may be sent again (above). */
  post(body: string, headers: Record<string, string>, timeoutMs: number, read?: boolean): Promise<SubgraphHttpResponse>;
  close(): Promise<void>;
}

export interface TransportOptions {
  url: string;
  /** Keep-alive connections to the subgraph (SUBGRAPH_CONNECTIONS). */
  connections: number;
  /** Ceiling for undici's own header/body timers; every call is also bounded by its own timer. */
  timeoutMs: number;
  keepAliveTimeoutMs?: number;
}

const EMPTY = Buffer.alloc(0);

function headerValue(raw: Buffer): string {
  return raw.toString('latin1');
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (!encoding || body.length === 0) return body;
  switch (encoding.trim().toLowerCase()) {
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body);
    case 'deflate':
      return inflateSync(body);
    case 'br':
      return brotliDecompressSync(body);
    default:
      throw new Error(`unsupported content-encoding ${JSON.stringify(encoding)}`);
  }
}

/** One call in flight: the dispatcher's handler, its timer and the promise it settles. */
class Call implements Dispatcher.DispatchHandler {
  private abortCall: ((reason?: Error) => void) | null = null;
  private failed: Error | null = null;
  private settled = false;
  private timer: NodeJS.Timeout | undefined;
  private status = 0;
  private statusText = '';
  private contentType: string | undefined;
  private contentEncoding: string | undefined;
  private cacheControl: string | undefined;
  private chunks: Buffer[] = [];
  private length = 0;

  constructor(
    private readonly resolve: (response: SubgraphHttpResponse) => void,
    private readonly reject: (error: Error) => void,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(() => this.timeout(timeoutMs), timeoutMs);
  }

  private timeout(ms: number) {
    this.timer = undefined;
    const error = new TransportError('TIMEOUT', `subgraph call timed out after ${ms} ms`);
    // Settle first: aborting makes undici report the abort to onError at once.
    this.fail(error);
    // Still queued for a connection: onConnect aborts it when it gets one.
    this.failed = error;
    this.abortCall?.(error);
  }

  private fail(error: Error) {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    this.chunks = [];
    this.reject(error);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.failed) {
      abort(this.failed);
      return;
    }
    this.abortCall = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true; // 1xx: the answer proper follows
    this.status = statusCode;
    this.statusText = statusText || STATUS_CODES[statusCode] || '';
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i];
      // Only three headers matter; compare lengths before decoding a name.
      if (name.length === 12 || name.length === 16 || name.length === 13) {
        const lower = headerValue(name).toLowerCase();
        if (lower === 'content-type') this.contentType = headerValue(rawHeaders[i + 1]);
        else if (lower === 'content-encoding') this.contentEncoding = headerValue(rawHeaders[i + 1]);
        else if (lower === 'cache-control') this.cacheControl = headerValue(rawHeaders[i + 1]);
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (!this.settled) {
      this.chunks.push(chunk);
      this.length += chunk.length;
    }
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    const { chunks, length } = this;
    this.chunks = [];
    let body = chunks.length === 1 ? chunks[0] : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, length);
    try {
      body = decode(body, this.contentEncoding);
    } catch (error) {
      this.reject(error as Error);
      return;
    }
    this.resolve({ status: this.status, statusText: this.statusText, contentType: this.contentType, cacheControl: this.cacheControl, body });
  }

  onError(error: Error): void {
    if (this.settled) return;
    const code = (error as { code?: string }).code ?? error.name;
    // undici's own header/body timers (backstops) are timeouts; a call it refuses to send (a header
    // value it rejects, say) is our error; anything else on the wire is unreachable.
    const reason =
      code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' ? 'TIMEOUT'
      : code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED' ? 'ERROR'
      : 'UNREACHABLE';
    this.fail(new TransportError(reason, `subgraph call failed: ${code}`, { cause: error, unanswered: reason === 'UNREACHABLE' && this.status === 0 }));
  }
}

export function createSubgraphTransport(options: TransportOptions): SubgraphTransport {
  const url = new URL(options.url);
  const origin = url.origin;
  const path = `${url.pathname}${url.search}`;
  const pool = new Pool(origin, {
    connections: options.connections,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    // Backstops only: the per-call timer is what bounds a call.
    headersTimeout: options.timeoutMs + 1_000,
    bodyTimeout: options.timeoutMs + 1_000,
  });
  const send = (body: string, headers: Record<string, string>, timeoutMs: number) =>
    new Promise<SubgraphHttpResponse>((resolve, reject) => {
      const call = new Call(resolve, reject, timeoutMs);
      pool.dispatch({ origin, path, method: 'POST', headers, body }, call);
    });
  return {
    async post(body, headers, timeoutMs, read = false) {
      const started = Date.now();
      try {
        return await send(body, headers, timeoutMs);
      } catch (error) {
        const left = timeoutMs - (Date.now() - started);
        if (!read || !(error instanceof TransportError) || !error.unanswered || left < 1) throw error;
        return send(body, headers, left);
      }
    },
    close: () => pool.close(),
  };
}
