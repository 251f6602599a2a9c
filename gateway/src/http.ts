import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from './context.ts';
import type { GraphiqlAssets } from './graphiql.ts';
import type { Metrics } from './metrics.ts';
import type { Readiness } from './health.ts';
import { FreshnessReport } from '@district/department-access';
import { REQUEST_ID } from '@district/audit';
import { continueUnlessTooLarge, headerMapOf, readBody, writeApolloResponse, type Logger } from '@district/runtime';
import { AuthFailure, type Authenticate } from './auth/index.ts';
import type { CorsHandler } from './cors.ts';
import { refuseUnservedMethod, writeGraphqlError } from './graphql-over-http.ts';

/**
 * The gateway's HTTP front on plain node:http: POST/GET /graphql into Apollo Server, GraphiQL on
 * GET /, health and metrics. Kept small on purpose: every byte here is on the hot path.
 */
export interface HttpFrontOptions {
  apollo: ApolloServer<GatewayContext>;
  graphiql: GraphiqlAssets | null;
  readiness: () => Promise<Readiness>;
  metrics: Metrics;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  logger: Logger;
  /** Bearer token (and x-purpose / x-case-id) → caller; throws AuthFailure. */
  authenticate: Authenticate;
  /** Told of every request refused for its credentials, with what it sent (the access record). */
  onRefused?: (request: { requestId: string; clientRequestId?: string; text?: string }) => void;
  /** CORS for /graphql (cors.ts): answers preflights before authentication. */
  cors?: CorsHandler;
  /** Further routes (e.g. the development token endpoint); return true when answered. */
  routes?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean>;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function graphql(req: http.IncomingMessage, res: http.ServerResponse, url: URL, o: HttpFrontOptions) {
  const deadline = Date.now() + o.requestTimeoutMs;
  // Our own id for every request (the access record, the subgraph calls, the logs): a client
  // cannot choose it or collide with another's. Its own x-request-id, if it fits, is kept beside
  // ours as the client's and echoed back as x-client-request-id.
  const requestId = randomUUID();
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

  const stop = o.metrics.duration.startTimer();
  const result = await o.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => ({ requestId, clientRequestId, deadline, caller, freshness: new FreshnessReport(), logger: o.logger }),
  });
  stop();
  await writeApolloResponse(res, result, ids);
}

export function createHttpFront(o: HttpFrontOptions): http.Server {
  const serve = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    let route = url.pathname;
    try {
      if (url.pathname === '/graphql') {
        if (o.cors?.(req, res) !== 'answered') await graphql(req, res, url, o);
      } else if (await o.routes?.(req, res, url)) route = url.pathname;
      else if (url.pathname === '/health/live') json(res, 200, { live: true });
      else if (url.pathname === '/health/ready') {
        const r = await o.readiness();
        json(res, r.ready ? 200 : 503, r);
      } else if (url.pathname === '/metrics') {
        const text = await o.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': o.metrics.registry.contentType });
        res.end(text);
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
      o.metrics.requests.inc({ route, status: String(res.statusCode) });
    }
  };
  const server = http.createServer(serve);
  server.on('checkContinue', continueUnlessTooLarge(o.maxBodyBytes, serve));
  server.keepAliveTimeout = 65_000;
  return server;
}
