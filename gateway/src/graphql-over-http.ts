import type http from 'node:http';

/**
 * GraphQL over HTTP (the GraphQL Foundation's spec) for the answers the gateway gives before Apollo
 * Server sees a request: a method it does not serve, a body that is not JSON, a missing or bad
 * token. Apollo Server answers the rest by the spec itself: GET for queries only (405, `Allow:
 * POST`, for a mutation), `application/graphql-response+json` when the client prefers it (406 when
 * it accepts neither), 400 for a document that does not parse or validate, 415 for a GET with a body
 * type.
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
export const APPLICATION_JSON = 'application/json; charset=utf-8';
export const GRAPHQL_METHODS = 'GET, POST, OPTIONS';

/** Quality of each media range in an Accept header, in the order given. */
function ranges(accept: string): { type: string; q: number }[] {
  return accept.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.map((p) => /^q=([\d.]+)$/.exec(p)).find(Boolean);
    return { type, q: q ? Number(q[1]) : 1 };
  });
}

/**
 * The media type of an answer to this Accept header: `application/graphql-response+json` when the
 * client ranks it above `application/json` (a tie goes to the one named first), else
 * `application/json`, which is also the answer for no Accept or one naming neither.
 */
export function responseMediaType(accept: string | undefined): string {
  if (!accept) return APPLICATION_JSON;
  let best = { type: APPLICATION_JSON, q: -1 };
  for (const r of ranges(accept)) {
    const type = r.type === 'application/graphql-response+json' ? GRAPHQL_RESPONSE_JSON : r.type === 'application/json' ? APPLICATION_JSON : undefined;
    if (type && r.q > best.q) best = { type, q: r.q };
  }
  return best.q > 0 ? best.type : APPLICATION_JSON;
}

/** A GraphQL error answer of our own, in the media type the client asked for. */
export function writeGraphqlError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  body: { errors: { message: string; extensions?: Record<string, unknown> }[] },
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': responseMediaType(req.headers.accept), 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Refuses a method /graphql does not serve (405 with `Allow`), before authentication: a PUT is
 * wrong whoever sends it. Returns whether it answered.
 */
export function refuseUnservedMethod(req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>): boolean {
  if (req.method === 'GET' || req.method === 'POST') return false;
  writeGraphqlError(req, res, 405, { errors: [{ message: `${req.method} is not served at /graphql: send a query by GET or POST, a mutation by POST`, extensions: { code: 'BAD_REQUEST' } }] }, { ...headers, allow: GRAPHQL_METHODS });
  return true;
}
