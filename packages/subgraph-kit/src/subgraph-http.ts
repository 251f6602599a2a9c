import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { SUBGRAPH_MAX_BATCH_OPERATIONS, headerMapOf, writeApolloResponse } from '@district/runtime';
import { continueUnlessTooLarge, readBody, writeJsonError } from '@district/runtime';
import { DEFAULT_SHUTDOWN_GRACE_MS, gracefulServer, metrics, namedReadiness, serveOps, type Logger, type ReadinessCheck } from '@district/runtime';
import { currentRequestScope, inRequestScope, inServerSpan, requestLogLine, setOutcome } from '@district/runtime';
import { randomUUID } from 'node:crypto';

/**
 * A subgraph's HTTP front on plain node:http: the request body read and parsed once, handed to
 * Apollo Server, the answer written back. Apollo's `startStandaloneServer` runs cors, body-parser,
 * content negotiation and finalhandler on every call — a few percent of each subgraph's CPU in
 * the benchmark, for features nobody calling a subgraph needs (only the gateway and services
 * call subgraphs; no browser does, so there is no CORS).
 *
 * The operations surface (GET /health/live, /health/ready, /metrics: @district/runtime ops-http.ts)
 * is answered first, before Apollo's CSRF rule would refuse a GET. Every other request runs in a
 * server span continuing the gateway's `traceparent` and a request scope, and ends with one log
 * line (the subgraph call: request id once the signed context is verified, operation, role,
 * status, duration, departments reached).
 */

/** One GraphQL operation as POSTed. */
export interface OperationBody { query?: unknown; variables?: unknown }

export interface SubgraphRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** The parsed JSON body (POST), for recording refused calls: one operation, or a batch. */
  body: OperationBody | OperationBody[] | undefined;
}


export interface SubgraphHttpOptions<C extends BaseContext> {
  server: ApolloServer<C>;
  context: (request: SubgraphRequest) => Promise<C>;
  port: number;
  host: string;
  /** Largest request body accepted; default SUBGRAPH_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** What readiness waits for besides not stopping (redis, postgres, store): each named, each answering. */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** Where the per-call line goes; none: no line. */
  logger?: Logger;
  /** The subgraph's name, in its spans' names (`market POST`). */
  name?: string;
  /**
   * A subgraph's own HTTP routes beside its GraphQL front (services' certificate PDFs): answers and
   * returns the route's name for the metrics, or returns null for anything else.
   */
  routes?: SubgraphRoutes;
}

/** Answers a request of the subgraph's own and returns its route's name, or returns null (GraphQL then answers). */
export type SubgraphRoutes = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<string | null>;

/** Default largest request body: a services batch of 500 access records is well under 1 MB. */
export const SUBGRAPH_MAX_BODY_BYTES = 10 * 1024 * 1024;
const maxBodyBytesOf = (o: { maxBodyBytes?: number }) => o.maxBodyBytes ?? SUBGRAPH_MAX_BODY_BYTES;

export interface SubgraphHttp {
  url: string;
  /** True once closing: readiness answers 503 so load balancers stop sending. */
  readonly stopping: boolean;
  /** Stops accepting; requests in flight may finish within `graceMs`, then what is left is cut. */
  close(graceMs?: number): Promise<void>;
}

async function handle<C extends BaseContext>(o: SubgraphHttpOptions<C>, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const headers = headerMapOf(req);
  let body: unknown;
  if (req.method === 'POST') {
    const text = await readBody(req, res, maxBodyBytesOf(o));
    if (text === null) return;
    if ((headers.get('content-type') ?? '').includes('json')) {
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return writeJsonError(res, 400, 'request body is not valid JSON', { code: 'BAD_REQUEST' });
      }
    } else body = text;
    if (Array.isArray(body) && body.length > SUBGRAPH_MAX_BATCH_OPERATIONS) {
      return writeJsonError(res, 400, `a batched request holds at most ${SUBGRAPH_MAX_BATCH_OPERATIONS} operations, this one ${body.length}`, { code: 'BAD_REQUEST' });
    }
  }
  const search = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
  const result = await o.server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search, body },
    context: () => o.context({ req, res, body: body && typeof body === 'object' ? (body as SubgraphRequest['body']) : undefined }),
  });
  await writeApolloResponse(res, result);
}

/** One GraphQL call in its span and request scope (an id of our own until the signed context names the gateway's), then its log line. */
function traced<C extends BaseContext>(o: SubgraphHttpOptions<C>, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = performance.now();
  return inRequestScope(randomUUID(), () => inServerSpan(`${o.name ?? 'subgraph'} ${req.method}`, req.headers, o.name ? { subgraph: o.name } : {}, async (span) => {
    try {
      await handle(o, req, res);
    } finally {
      const scope = currentRequestScope();
      if (scope?.operations.length) span.setAttribute('graphql.operation.name', [...new Set(scope.operations)].join(','));
      if (scope?.departments.size) span.setAttribute('departments', [...scope.departments].sort().join(','));
      setOutcome(span, res.statusCode < 400 ? (scope?.outcome ?? 'ok') : `http_${res.statusCode}`);
      if (o.logger) requestLogLine(o.logger, 'subgraph call', res.statusCode, started);
    }
  }));
}

export async function listenSubgraph<C extends BaseContext>(o: SubgraphHttpOptions<C>): Promise<SubgraphHttp> {
  let graceful: ReturnType<typeof gracefulServer> | undefined;
  const readiness = namedReadiness(o.readinessChecks ?? {}, () => graceful?.stopping ?? false);
  const serve = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    let route = '/graphql';
    try {
      if (await serveOps(req, res, { readiness })) route = (req.url ?? '/').split('?')[0];
      else {
        const own = o.routes ? await o.routes(req, res) : null;
        if (own) route = own;
        else await traced(o, req, res);
      }
    } catch {
      // Apollo answers every GraphQL failure itself; this is the wire failing under us.
      if (!res.headersSent) writeJsonError(res, 500, 'Internal error', { code: 'INTERNAL_SERVER_ERROR' });
      else res.destroy();
    } finally {
      metrics.httpRequests.inc({ route, status: String(res.statusCode) });
    }
  };
  const server = http.createServer(serve);
  server.on('checkContinue', continueUnlessTooLarge(maxBodyBytesOf(o), serve));
  server.keepAliveTimeout = 65_000;
  graceful = gracefulServer(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host}:${port}/`,
    get stopping() {
      return graceful!.stopping;
    },
    close: (graceMs = DEFAULT_SHUTDOWN_GRACE_MS) => graceful!.close(graceMs),
  };
}
