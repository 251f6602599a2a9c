import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { SUBGRAPH_MAX_BATCH_OPERATIONS, headerMapOf, writeApolloResponse } from '@district/runtime';
import { continueUnlessTooLarge, readBody, writeJsonError } from '@district/runtime';
import { DEFAULT_SHUTDOWN_GRACE_MS, gracefulServer } from '@district/runtime';

/**
 * A subgraph's HTTP front on plain node:http: the request body read and parsed once, handed to
 * Apollo Server, the answer written back. Apollo's `startStandaloneServer` runs cors, body-parser,
 * content negotiation and finalhandler on every call — a few percent of each subgraph's CPU in
 * the benchmark, for features nobody calling a subgraph needs (only the gateway and services
 * call subgraphs; no browser does, so there is no CORS).
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
}

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

export async function listenSubgraph<C extends BaseContext>(o: SubgraphHttpOptions<C>): Promise<SubgraphHttp> {
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(o, req, res).catch(() => {
      // Apollo answers every GraphQL failure itself; this is the wire failing under us.
      if (!res.headersSent) writeJsonError(res, 500, 'Internal error', { code: 'INTERNAL_SERVER_ERROR' });
      else res.destroy();
    });
  };
  const server = http.createServer(serve);
  server.on('checkContinue', continueUnlessTooLarge(maxBodyBytesOf(o), serve));
  server.keepAliveTimeout = 65_000;
  const graceful = gracefulServer(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host}:${port}/`,
    get stopping() {
      return graceful.stopping;
    },
    close: (graceMs = DEFAULT_SHUTDOWN_GRACE_MS) => graceful.close(graceMs),
  };
}
