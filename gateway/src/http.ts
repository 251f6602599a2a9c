import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from './context.ts';
import type { GraphiqlAssets } from './graphiql.ts';
import { WORKBENCH_PATH, serveWorkbench, type WorkbenchSite } from './workbench.ts';
import type { Readiness } from './health.ts';
import { FreshnessReport } from '@district/department-access';
import { REQUEST_ID } from '@district/audit';
import { continueUnlessTooLarge, headerMapOf, readBody, writeApolloResponse, type Logger } from '@district/runtime';
import type { Caller } from '@district/domain';
import { currentRequestScope, inRequestScope, inServerSpan, metrics, requestLogLine, serveOps, setOutcome } from '@district/runtime';
import { AuthFailure, type Authenticate } from './auth/index.ts';
import type { Admission } from './safelist.ts';
import { rateLimitedBody, type RateLimiter } from './rate-limit.ts';
import type { CorsHandler } from './cors.ts';
import { refuseUnservedMethod, writeGraphqlError } from './graphql-over-http.ts';

/**
 * The gateway's HTTP front on plain node:http: POST/GET /graphql into Apollo Server, GraphiQL on
 * GET /, the workbench page on GET /workbench (workbench.ts), and the operations surface every
 * part serves (health, metrics: @district/runtime's ops-http.ts). Kept small on purpose: every byte here is on the hot path.
 *
 * Each GraphQL request runs in a server span continuing the client's `traceparent` and in a
 * request scope (its id on every log line), and ends with one log line (requestLogLine).
 */
export interface HttpFrontOptions {
  apollo: ApolloServer<GatewayContext>;
  graphiql: GraphiqlAssets | null;
  /** The building-service workbench page (楼小二工作台), served in development and production alike. */
  workbench?: WorkbenchSite;
  readiness: () => Promise<Readiness>;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  logger: Logger;
  /** Bearer token (and x-purpose / x-case-id) → caller; throws AuthFailure. */
  authenticate: Authenticate;
  /** Per-caller rate limits (rate-limit.ts), counted after authentication, before any GraphQL work. */
  rateLimiter?: RateLimiter;
  /**
   * Told of every request refused before GraphQL, with what it sent (the access record): for its
   * credentials (no caller), over its rate limit or not registered (the verified caller).
   */
  onRefused?: (request: { requestId: string; clientRequestId?: string; text?: string; caller?: Caller }) => void;
  /** Which registered operation a request is, and whether it may run (safelist.ts). */
  admit?: (body: unknown, search: URLSearchParams) => Promise<Admission>;
  /** CORS for /graphql (cors.ts): answers preflights before authentication. */
  cors?: CorsHandler;
  /**
   * Further routes (the development token endpoint, certificate PDFs): true when answered, or the
   * route's name for the metrics when its path carries a value (never a verification code in a label).
   */
  routes?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean | string>;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Our own id for every request (the access record, the subgraph calls, the logs): a client
 * cannot choose it or collide with another's. Its own x-request-id, if it fits, is kept beside
 * ours as the client's and echoed back as x-client-request-id.
 */
function graphql(req: http.IncomingMessage, res: http.ServerResponse, url: URL, o: HttpFrontOptions): Promise<void> {
  const requestId = randomUUID();
  const started = performance.now();
  return inRequestScope(requestId, () => inServerSpan(`${req.method} /graphql`, req.headers, { 'http.route': '/graphql' }, async (span) => {
    try {
      await answer(req, res, url, o, requestId);
    } finally {
      const scope = currentRequestScope();
      if (scope?.operations.length) span.setAttribute('graphql.operation.name', [...new Set(scope.operations)].join(','));
      setOutcome(span, res.statusCode < 400 ? (scope?.outcome ?? 'ok') : `http_${res.statusCode}`);
      requestLogLine(o.logger, 'graphql request', res.statusCode, started);
    }
  }));
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse, url: URL, o: HttpFrontOptions, requestId: string) {
  const deadline = Date.now() + o.requestTimeoutMs;
  const incoming = req.headers['x-request-id'];
  const clientRequestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : undefined;
  const ids: Record<string, string> = clientRequestId ? { 'x-request-id': requestId, 'x-client-request-id': clientRequestId } : { 'x-request-id': requestId };
  const headers = headerMapOf(req);
  if (refuseUnservedMethod(req, res, ids)) return;

  let body: unknown;
  let text: string | null = null;
  if (req.method === 'POST') {
    text = await readBody(req, res, o.maxBodyBytes);
    if (text === null) return;
    if ((headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(text);
      } catch {
        return writeGraphqlError(req, res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }, ids);
      }
    } else body = text;
  }

  let caller;
  try {
    caller = await o.authenticate(req.headers, requestId);
  } catch (error) {
    const failure = error instanceof AuthFailure ? error : AuthFailure.unauthenticated('bearer token is not valid');
    o.onRefused?.({ requestId, clientRequestId, text: text ?? url.search });
    const extra: Record<string, string> = { ...ids };
    if (failure.status === 401) extra['www-authenticate'] = 'Bearer realm="district-graph"';
    return writeGraphqlError(req, res, failure.status, failure.body(), extra);
  }

  const scope = currentRequestScope();
  if (scope) scope.role = caller.role;
  // Counted before the safelist: a flood of operations nobody registered spends its budget too.
  const limited = await o.rateLimiter?.consume(caller);
  if (limited) {
    o.onRefused?.({ requestId, clientRequestId, text: text ?? url.search, caller });
    return writeGraphqlError(req, res, 429, rateLimitedBody(limited), { ...ids, 'retry-after': String(limited.retryAfter) });
  }
  const admission = o.admit ? await o.admit(body, url.searchParams) : undefined;
  if (admission && !admission.admitted) {
    o.logger.info({ requestId, operationId: admission.body.errors[0].extensions.id }, 'operation refused: not registered (safelist)');
    o.onRefused?.({ requestId, clientRequestId, text: text ?? url.search, caller });
    return writeGraphqlError(req, res, admission.status, admission.body, ids);
  }
  const operation = admission?.operation;
  const logger = operation ? o.logger.child({ requestId, operation: operation.name, operationId: operation.id }) : o.logger;

  const result = await o.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => ({ requestId, clientRequestId, deadline, caller, freshness: new FreshnessReport(), logger, operation }),
  });
  // Never kept by a browser or a proxy: the answer depends on the caller's token, and a shared
  // terminal's browser keys its cache by URL, not by token, so a GET of a registered operation could
  // show the next user the last one's answer. The gateway's own cache keys by the caller's
  // authorization class instead (response-cache/).
  result.headers.set('cache-control', 'no-store');
  await writeApolloResponse(res, result, ids);
}

export function createHttpFront(o: HttpFrontOptions): http.Server {
  const serve = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    let route = url.pathname;
    let answered: boolean | string = false;
    try {
      if (url.pathname === '/graphql') {
        if (o.cors?.(req, res) !== 'answered') await graphql(req, res, url, o);
      } else if (o.routes && (answered = await o.routes(req, res, url))) route = typeof answered === 'string' ? answered : url.pathname;
      else if (await serveOps(req, res, { readiness: o.readiness })) {
        // answered: health or metrics
      } else if (o.workbench && serveWorkbench(o.workbench, req.method, url.pathname, res)) {
        route = WORKBENCH_PATH;
      } else if (o.graphiql && req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(o.graphiql.html);
      } else if (o.graphiql?.files.has(url.pathname)) {
        const f = o.graphiql.files.get(url.pathname)!;
        res.writeHead(200, { 'content-type': f.type, 'cache-control': 'public, max-age=86400' });
        res.end(f.body);
      } else {
        route = 'other';
        json(res, 404, { error: `nothing at ${req.method} ${url.pathname}; GraphQL is at POST /graphql` });
      }
    } catch {
      if (!res.headersSent) json(res, 500, { errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    } finally {
      metrics.httpRequests.inc({ route, status: String(res.statusCode) });
    }
  };
  const server = http.createServer(serve);
  server.on('checkContinue', continueUnlessTooLarge(o.maxBodyBytes, serve));
  server.keepAliveTimeout = 65_000;
  return server;
}
