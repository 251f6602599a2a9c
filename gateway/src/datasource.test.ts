import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, createLogger, verifyContext } from '@district/runtime';
import { FreshnessReport } from '@district/department-access';
import { type Caller } from '@district/domain';
import type { GatewayContext } from './context.ts';
import { DEADLINE_HEADER, SubgraphDataSource } from './datasource.ts';
import { ResponseCache } from './response-cache/response-cache.ts';

/** A stand-in subgraph: each test says how it answers; every request it saw is kept. */
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler;
const seen: { headers: IncomingMessage['headers']; body: any }[] = [];
let connections = 0;
let server: Server;
let url: string;
const sources: SubgraphDataSource[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: JSON.parse(body) });
      handler(req, body, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  seen.length = 0;
});

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Handler => (_req, _body, res) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
};

function source(o: Partial<{ timeoutMs: number; url: string; entityBatchMax: number; operationBatchMax: number; responseCache: ResponseCache }> = {}) {
  const s = new SubgraphDataSource({ name: 'tax', url: o.url ?? url, department: 'TAX', timeoutMs: o.timeoutMs ?? 2_000, connections: 4, contextKey: DEV_CONTEXT_KEY, entityBatchMax: o.entityBatchMax, operationBatchMax: o.operationBatchMax, responseCache: o.responseCache });
  sources.push(s);
  return s;
}

const caller: Caller = { sub: 'window-1', role: 'window-staff', requestId: 'req-1', purpose: 'ENTERPRISE_DEREGISTRATION' } as Caller;
function context(o: Partial<GatewayContext> = {}): GatewayContext {
  return { requestId: 'req-1', caller, deadline: Date.now() + 5_000, freshness: new FreshnessReport(), ...o };
}

const ROOT = { query: 'query Q { enterprise(uscc: "x") { name } }', operationName: 'Q', variables: {} };
const ENTITIES = {
  query: 'query E($representations: [_Any!]!) { _entities(representations: $representations) { ... on Enterprise { tax { status } hasArrears } } }',
  operationName: 'E',
  variables: { representations: [{ __typename: 'Enterprise', uscc: 'a' }, { __typename: 'Enterprise', uscc: 'b' }] },
};

function call(s: SubgraphDataSource, request: any, ctx: GatewayContext | Record<string, never> = context(), policy?: { restrict: (h: unknown) => void }) {
  return s.process({ kind: 'incoming operation', request: { ...request }, context: ctx, incomingRequestContext: { overallCachePolicy: policy } } as any);
}

async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('subgraph transport', () => {
  it('POSTs the operation as JSON with request id, deadline and the caller signed once per request', async () => {
    handler = json(200, { data: { enterprise: { name: 'A' } } });
    const s = source();
    const ctx = context();
    const res = await call(s, ROOT, ctx);
    await call(s, ROOT, ctx);
    expect(res).toEqual({ data: { enterprise: { name: 'A' } } });
    expect(seen).toHaveLength(2);
    const [first, second] = seen;
    expect(first.body).toEqual({ query: ROOT.query, operationName: 'Q', variables: {} });
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['x-request-id']).toBe('req-1');
    expect(first.headers[DEADLINE_HEADER]).toBe(String(ctx.deadline));
    const token = first.headers[CONTEXT_HEADER] as string;
    expect(second.headers[CONTEXT_HEADER]).toBe(token);
    expect(await ctx.signedContext).toBe(token);
    expect(await verifyContext(token, DEV_CONTEXT_KEY)).toMatchObject({ sub: 'window-1', role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION' });
  });

  it('signs the caller to expire at the request\'s deadline, not later', async () => {
    handler = json(200, { data: { enterprise: { name: 'A' } } });
    const ctx = context({ deadline: Date.now() + 3_500 });
    await call(source(), ROOT, ctx);
    const claims = JSON.parse(Buffer.from((seen[0].headers[CONTEXT_HEADER] as string).split('.')[1], 'base64url').toString('utf8'));
    expect(claims.exp).toBe(Math.ceil(ctx.deadline / 1000));
  });

  it('keeps connections alive between calls', async () => {
    handler = json(200, { data: { ok: true } });
    const s = source();
    const before = connections;
    for (let i = 0; i < 50; i++) await call(s, ROOT);
    // Sequential calls: a connection or two (the pool may open a second before it sees the first
    // free), never one per call, and never more than the pool's size (4).
    expect(connections - before).toBeLessThanOrEqual(4);
  });

  it('sends no caller and no deadline on calls outside a request (health checks)', async () => {
    handler = json(200, { data: { __typename: 'Query' } });
    await source().process({ kind: 'health check', request: { query: '{ __typename }' }, context: {} } as any);
    expect(seen[0].headers[CONTEXT_HEADER]).toBeUndefined();
    expect(seen[0].headers[DEADLINE_HEADER]).toBeUndefined();
  });

  it('gathers stale notices into the request freshness report', async () => {
    const notice = { department: 'TAX', ageSeconds: 42, asOf: '2026-01-01T00:00:00.000Z', reason: 'OUTAGE' };
    handler = json(200, { data: { enterprise: null }, extensions: { stale: [notice] } });
    const ctx = context();
    await call(source(), ROOT, ctx);
    expect(ctx.freshness.all).toEqual([notice]);
  });

  it('passes subgraph GraphQL errors through with the data', async () => {
    handler = json(200, { data: { enterprise: null }, errors: [{ message: 'nope', path: ['enterprise'], extensions: { code: 'FORBIDDEN' } }] });
    const res = await call(source(), ROOT);
    expect(res.errors?.[0]).toMatchObject({ message: 'nope', extensions: { code: 'FORBIDDEN' } });
  });

  it('reads gzip-encoded answers', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ data: { zipped: true } })));
    };
    expect(await call(source(), ROOT)).toEqual({ data: { zipped: true } });
  });

  it('narrows the cache policy by the subgraph Cache-Control (private: a gateway answer depends on the token), and to uncacheable without one', async () => {
    const hints: unknown[] = [];
    const policy = { restrict: (h: unknown) => hints.push(h) };
    handler = json(200, { data: {} }, { 'cache-control': 'max-age=30, public' });
    await call(source(), ROOT, context(), policy);
    handler = json(200, { data: {} });
    await call(source(), ROOT, context(), policy);
    expect(hints).toEqual([{ maxAge: 30, scope: 'PRIVATE' }, { maxAge: 0, scope: 'PRIVATE' }]);
  });
});

describe('subgraph failures cost only that department', () => {
  it('answers an entity fetch with nulls and DEPARTMENT_UNAVAILABLE errors when the subgraph answers 500', async () => {
    handler = json(500, { errors: [{ message: 'boom at http://10.0.0.1:4002' }] });
    const res = await call(source(), ENTITIES);
    expect(res.data).toEqual({ _entities: [{ __typename: 'Enterprise', tax: null, hasArrears: null }, { __typename: 'Enterprise', tax: null, hasArrears: null }] });
    expect(res.errors).toHaveLength(4);
    expect(res.errors![0]).toMatchObject({ path: ['_entities', 0, 'tax'], extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', reason: 'ERROR', serviceName: 'tax' } });
    expect(JSON.stringify(res)).not.toMatch(/10\.0\.0\.1|127\.0\.0\.1|http:/);
  });

  it('fails a root fetch with DEPARTMENT_UNAVAILABLE, reason ERROR for an error status', async () => {
    handler = json(429, { errors: [{ message: 'slow down' }] });
    const error = await failure(call(source(), ROOT));
    expect(error.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'ERROR', department: 'TAX' });
    expect(error.message).not.toMatch(/127\.0\.0\.1|http:/);
  });

  it("passes a subgraph's refusal of the client's input on as it is, with its status, not as an outage", async () => {
    handler = json(400, { errors: [{ message: 'Variable "$i" got invalid value "abc"; Money must be …', extensions: { code: 'BAD_USER_INPUT' } }] });
    const res = await call(source(), ROOT);
    expect(res).toEqual({ errors: [{ message: 'Variable "$i" got invalid value "abc"; Money must be …', extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } }] });
  });

  it('points a failed root fetch at its root field, so the client sees which part is missing', async () => {
    handler = json(503, { errors: [{ message: 'down' }] });
    expect((await failure(call(source(), ROOT))).path).toEqual(['enterprise']);
    const aliased = { query: 'query Q { __typename ... on Query { e: enterprise(uscc: "x") { name } } }', operationName: 'Q', variables: {} };
    expect((await failure(call(source(), aliased))).path).toEqual(['e']);
    // Two root fields in one fetch: one error, and no single field to name.
    const two = { query: 'query Q { a: enterprise(uscc: "x") { name } b: enterprise(uscc: "y") { name } }', operationName: 'Q', variables: {} };
    expect((await failure(call(source(), two))).path).toBeUndefined();
  });

  it('reads a gateway-timeout status as a timeout, as before', async () => {
    handler = json(504, {});
    expect((await failure(call(source(), ROOT))).extensions.reason).toBe('TIMEOUT');
  });

  it('refuses an answer that is not JSON', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy error</html>');
    };
    expect((await failure(call(source(), ROOT))).extensions.reason).toBe('ERROR');
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": ');
    };
    expect((await failure(call(source(), ROOT))).extensions.reason).toBe('ERROR');
    handler = json(200, 'a string');
    expect((await failure(call(source(), ROOT))).extensions.reason).toBe('ERROR');
  });

  it('gives up at the subgraph timeout', async () => {
    handler = (_req, _body, res) => void setTimeout(() => json(200, { data: {} })(_req, _body, res), 1_000);
    const t = Date.now();
    const error = await failure(call(source({ timeoutMs: 150 }), ROOT));
    expect(Date.now() - t).toBeLessThan(600);
    expect(error.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'TIMEOUT' });
  });

  it('gives up when the request deadline comes first', async () => {
    handler = (_req, _body, res) => void setTimeout(() => json(200, { data: {} })(_req, _body, res), 1_000);
    const t = Date.now();
    const error = await failure(call(source({ timeoutMs: 5_000 }), ROOT, context({ deadline: Date.now() + 150 })));
    expect(Date.now() - t).toBeLessThan(600);
    expect(error.extensions.reason).toBe('TIMEOUT');
  });

  it('gives up on a call still waiting for a connection when its budget runs out', async () => {
    handler = (_req, _body, res) => void setTimeout(() => json(200, { data: {} })(_req, _body, res), 800);
    const s = new SubgraphDataSource({ name: 'tax', url, department: 'TAX', timeoutMs: 200, connections: 1, contextKey: DEV_CONTEXT_KEY });
    sources.push(s);
    const t = Date.now();
    const results = await Promise.allSettled([call(s, ROOT), call(s, ROOT), call(s, ROOT)]);
    expect(Date.now() - t).toBeLessThan(700);
    expect(results.map((r) => r.status === 'rejected' && (r.reason as any).extensions.reason)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
  });

  it('says UNREACHABLE, without the address, when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const error = await failure(call(source({ url: `http://127.0.0.1:${port}/graphql` }), ROOT));
    expect(error.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'UNREACHABLE' });
    expect(error.message).not.toMatch(/127\.0\.0\.1|http:|\d{4,5}/);
  });

  it('says ERROR for a call undici refuses to send', async () => {
    handler = json(200, { data: {} });
    const error = await failure(call(source(), ROOT, context({ requestId: 'bad\r\nx-injected: 1' })));
    expect(error.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'ERROR' });
    expect(seen).toHaveLength(0);
  });

  it('says UNREACHABLE when the subgraph drops the connection mid-call', async () => {
    handler = (req) => req.socket.destroy();
    expect((await failure(call(source(), ROOT))).extensions.reason).toBe('UNREACHABLE');
  });
});

describe('entity fetches of concurrent requests from the same caller share a call', () => {
  /** Answers every representation with its own uscc as the tax status, so slices can be checked. */
  const entities: Handler = (_req, body, res) => {
    const { variables } = JSON.parse(body);
    json(200, { data: { _entities: variables.representations.map((r: any) => ({ __typename: 'Enterprise', tax: { status: r.uscc }, hasArrears: false })) } })(_req, body, res);
  };
  const rep = (uscc: string) => ({ __typename: 'Enterprise', uscc });
  const fetchOf = (...usccs: string[]) => ({ ...ENTITIES, variables: { representations: usccs.map(rep) } });
  /** A request of its own (own id, deadline, freshness) by the same caller claims, unless given others. */
  const requestOf = (id: string, claims: Partial<Caller> = {}, deadline = Date.now() + 5_000) =>
    context({ requestId: id, caller: { ...caller, ...claims, requestId: id } as Caller, deadline });
  const statuses = (res: any) => res.data._entities.map((e: any) => e.tax?.status ?? null);

  it('merges concurrent fetches into one call, representations in order, each answered with its own slice', async () => {
    handler = entities;
    const s = source({ entityBatchMax: 200 });
    const deadlines = [Date.now() + 5_000, Date.now() + 3_000, Date.now() + 4_000];
    const contexts = ['r-1', 'r-2', 'r-3'].map((id, i) => requestOf(id, {}, deadlines[i]));
    const results = await Promise.all([call(s, fetchOf('a', 'b'), contexts[0]), call(s, fetchOf('c'), contexts[1]), call(s, fetchOf('d', 'e', 'f'), contexts[2])]);
    expect(seen).toHaveLength(1);
    expect(seen[0].body.variables).toEqual({ representations: ['a', 'b', 'c', 'd', 'e', 'f'].map(rep) });
    expect(seen[0].body.query).toBe(ENTITIES.query);
    expect(seen[0].body.operationName).toBe('E');
    expect(results.map(statuses)).toEqual([['a', 'b'], ['c'], ['d', 'e', 'f']]);
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    // The id, signed caller and deadline of the request with the latest deadline (each request keeps its own budget).
    expect(seen[0].headers['x-request-id']).toBe('r-1');
    expect(await verifyContext(seen[0].headers[CONTEXT_HEADER] as string, DEV_CONTEXT_KEY)).toMatchObject({ sub: 'window-1', requestId: 'r-1' });
    expect(seen[0].headers[DEADLINE_HEADER]).toBe(String(deadlines[0]));
  });

  it('sends a lone fetch as it is, on the next turn', async () => {
    handler = entities;
    const res = await call(source({ entityBatchMax: 200 }), fetchOf('a', 'b'), requestOf('r-1'));
    expect(seen).toHaveLength(1);
    expect(seen[0].body.variables).toEqual(ENTITIES.variables);
    expect(statuses(res)).toEqual(['a', 'b']);
  });

  it('never merges fetches of callers whose claims differ', async () => {
    handler = entities;
    const s = source({ entityBatchMax: 200 });
    const results = await Promise.all([
      call(s, fetchOf('a'), requestOf('r-1')),
      call(s, fetchOf('b'), requestOf('r-2', { sub: 'window-2' })),
      call(s, fetchOf('c'), requestOf('r-3', { purpose: 'AUDIT', role: 'auditor' })),
      call(s, fetchOf('d'), requestOf('r-4', { caseId: 'case-9' })),
      call(s, fetchOf('e'), requestOf('r-5')),
    ]);
    expect(results.map(statuses)).toEqual([['a'], ['b'], ['c'], ['d'], ['e']]);
    const calls = seen.map((x) => x.body.variables.representations.map((r: any) => r.uscc));
    // Only r-1 and r-5 (same claims, other request ids) share a call.
    expect(calls).toHaveLength(4);
    expect(calls).toContainEqual(['a', 'e']);
    for (const x of seen) {
      const signed = await verifyContext(x.headers[CONTEXT_HEADER] as string, DEV_CONTEXT_KEY);
      expect(x.headers['x-request-id']).toBe(signed.requestId);
    }
  });

  it('never merges root fields, other variables or other queries', async () => {
    handler = (req, body, res) => (JSON.parse(body).variables?.representations ? entities(req, body, res) : json(200, { data: { enterprise: { name: 'A' } } })(req, body, res));
    const s = source({ entityBatchMax: 200 });
    const other = { ...fetchOf('c'), query: ENTITIES.query.replace('hasArrears', 'hasArrears __typename') };
    const extraVariable = { ...fetchOf('d'), variables: { representations: [rep('d')], flag: true } };
    await Promise.all([call(s, ROOT, requestOf('r-1')), call(s, ROOT, requestOf('r-2')), call(s, fetchOf('a'), requestOf('r-3')), call(s, other, requestOf('r-4')), call(s, extraVariable, requestOf('r-5'))]);
    expect(seen).toHaveLength(5);
  });

  it('gives each request the errors of its own entities, rebased, and every request the others', async () => {
    handler = (_req, body, res) => {
      const n = JSON.parse(body).variables.representations.length;
      json(200, {
        data: { _entities: Array.from({ length: n }, (_, i) => ({ __typename: 'Enterprise', tax: i === 2 ? null : { status: String(i) }, hasArrears: false })) },
        errors: [
          { message: 'no tax record', path: ['_entities', 2, 'tax'], extensions: { code: 'NOT_FOUND' } },
          { message: 'first', path: ['_entities', 0] },
          { message: 'whole call', extensions: { code: 'SOMETHING' } },
        ],
        extensions: { stale: [{ department: 'TAX', ageSeconds: 7, asOf: '2026-01-01T00:00:00.000Z', reason: 'OUTAGE' }] },
      })(_req, body, res);
    };
    const s = source({ entityBatchMax: 200 });
    const contexts = [requestOf('r-1'), requestOf('r-2'), requestOf('r-3')];
    const [one, two, three] = await Promise.all([call(s, fetchOf('a', 'b'), contexts[0]), call(s, fetchOf('c', 'd'), contexts[1]), call(s, fetchOf('e'), contexts[2])]);
    expect(seen).toHaveLength(1);
    expect(one.errors).toEqual([{ message: 'first', path: ['_entities', 0] }, { message: 'whole call', extensions: { code: 'SOMETHING' } }]);
    expect(two.errors).toEqual([{ message: 'no tax record', path: ['_entities', 0, 'tax'], extensions: { code: 'NOT_FOUND' } }, { message: 'whole call', extensions: { code: 'SOMETHING' } }]);
    expect(three.errors).toEqual([{ message: 'whole call', extensions: { code: 'SOMETHING' } }]);
    expect(statuses(two)).toEqual([null, '3']);
    for (const c of contexts) expect(c.freshness.all).toEqual([expect.objectContaining({ department: 'TAX', ageSeconds: 7 })]);
  });

  it('degrades every request on its own when the shared call fails', async () => {
    handler = json(500, { errors: [{ message: 'boom' }] });
    const s = source({ entityBatchMax: 200 });
    const [one, two] = await Promise.all([call(s, fetchOf('a', 'b'), requestOf('r-1')), call(s, fetchOf('c'), requestOf('r-2'))]);
    expect(seen).toHaveLength(1);
    expect(one.data!._entities).toHaveLength(2);
    expect(two.data!._entities).toEqual([{ __typename: 'Enterprise', tax: null, hasArrears: null }]);
    expect(two.errors).toHaveLength(2);
    expect(two.errors![0]).toMatchObject({ path: ['_entities', 0, 'tax'], extensions: { code: 'DEPARTMENT_UNAVAILABLE', reason: 'ERROR', department: 'TAX' } });
  });

  it('treats an answer with the wrong number of entities as an ERROR for all', async () => {
    handler = json(200, { data: { _entities: [{ __typename: 'Enterprise', tax: { status: 'a' }, hasArrears: false }] } });
    const s = source({ entityBatchMax: 200 });
    const results = await Promise.all([call(s, fetchOf('a'), requestOf('r-1')), call(s, fetchOf('b'), requestOf('r-2'))]);
    expect(seen).toHaveLength(1);
    for (const r of results) expect(r.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'ERROR' });
  });

  it('holds each request of a merged call to its own budget, and answers the others', async () => {
    handler = (_req, body, res) => void setTimeout(() => entities(_req, body, res), 300);
    const s = source({ entityBatchMax: 200, timeoutMs: 5_000 });
    const t = Date.now();
    const deadlines = [Date.now() + 5_000, Date.now() + 100];
    const [patient, hurried] = await Promise.all([call(s, fetchOf('a'), requestOf('r-1', {}, deadlines[0])), call(s, fetchOf('b'), requestOf('r-2', {}, deadlines[1]))]);
    expect(seen).toHaveLength(1);
    // The call carries the latest deadline: the subgraph works for the request that can still wait.
    expect(seen[0].headers[DEADLINE_HEADER]).toBe(String(deadlines[0]));
    expect(hurried.errors![0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'TIMEOUT' });
    expect(statuses(patient)).toEqual(['a']);
    expect(Date.now() - t).toBeGreaterThanOrEqual(250);
  });

  it('splits at the most representations per call', async () => {
    handler = entities;
    const s = source({ entityBatchMax: 3 });
    const results = await Promise.all([
      call(s, fetchOf('a', 'b'), requestOf('r-1')),
      call(s, fetchOf('c'), requestOf('r-2')),
      call(s, fetchOf('d', 'e'), requestOf('r-3')),
      call(s, fetchOf('f'), requestOf('r-4')),
      call(s, fetchOf('g', 'h', 'i', 'j'), requestOf('r-5')),
    ]);
    expect(results.map(statuses)).toEqual([['a', 'b'], ['c'], ['d', 'e'], ['f'], ['g', 'h', 'i', 'j']]);
    const calls = seen.map((x) => x.body.variables.representations.map((r: any) => r.uscc).join(''));
    expect(calls.sort()).toEqual(['abc', 'def', 'ghij']);
  });

  it('sends every fetch alone with batching off', async () => {
    handler = entities;
    for (const entityBatchMax of [undefined, 0]) {
      seen.length = 0;
      const s = source({ entityBatchMax });
      const results = await Promise.all([call(s, fetchOf('a'), requestOf('r-1')), call(s, fetchOf('b'), requestOf('r-2')), call(s, fetchOf('c'), requestOf('r-3'))]);
      expect(results.map(statuses)).toEqual([['a'], ['b'], ['c']]);
      expect(seen).toHaveLength(3);
    }
  });
});

describe('query operations of concurrent requests from the same caller go as one batched request', () => {
  const LOOKUP = { query: 'query L($uscc: ID!) { enterprise(uscc: $uscc) { name } }', operationName: 'L' };
  const lookupOf = (uscc: string) => ({ ...LOOKUP, variables: { uscc } });
  /** Answers each operation with its own uscc as the name; a list for a list. */
  const answer = (op: any) => (op.variables?.uscc === 'missing' ? { data: { enterprise: null }, errors: [{ message: 'not found', path: ['enterprise'] }] } : { data: { enterprise: { name: op.variables?.uscc ?? null } } });
  const lookups: Handler = (req, body, res) => {
    const parsed = JSON.parse(body);
    json(200, Array.isArray(parsed) ? parsed.map(answer) : answer(parsed))(req, body, res);
  };
  const requestOf = (id: string, claims: Partial<Caller> = {}) => context({ requestId: id, caller: { ...caller, ...claims, requestId: id } as Caller });

  it('sends concurrent lookups as one list, in order, and gives each request its own answer and errors', async () => {
    handler = lookups;
    const s = source({ operationBatchMax: 32 });
    const contexts = ['a', 'missing', 'c'].map((_, i) => requestOf(`r-${i}`));
    const results = await Promise.all(['a', 'missing', 'c'].map((u, i) => call(s, lookupOf(u), contexts[i])));
    expect(seen).toHaveLength(1);
    expect(seen[0].body).toEqual(['a', 'missing', 'c'].map((u) => ({ ...lookupOf(u) })));
    // The shared call carries the context of the request with the latest deadline (the first of
    // equals), so it outlives every request in it; on a busy machine the three deadlines differ.
    const latest = contexts.reduce((a, b) => (b.deadline > a.deadline ? b : a));
    expect(seen[0].headers['x-request-id']).toBe(latest.requestId);
    expect(results.map((r) => r.data!.enterprise?.name ?? null)).toEqual(['a', null, 'c']);
    expect(results[0].errors).toBeUndefined();
    expect(results[1].errors).toEqual([{ message: 'not found', path: ['enterprise'] }]);
  });

  it('sends a lone lookup as one operation, not a list', async () => {
    handler = lookups;
    const res = await call(source({ operationBatchMax: 32 }), lookupOf('a'), requestOf('r-1'));
    expect(seen).toHaveLength(1);
    expect(Array.isArray(seen[0].body)).toBe(false);
    expect(res.data!.enterprise.name).toBe('a');
  });

  it('never batches mutations, other queries or callers whose claims differ', async () => {
    handler = (req, body, res) => json(200, Array.isArray(JSON.parse(body)) ? JSON.parse(body).map(() => ({ data: { x: 1 } })) : { data: { x: 1 } })(req, body, res);
    const s = source({ operationBatchMax: 32 });
    const mutation = { query: 'mutation M($uscc: ID!) { close(uscc: $uscc) }', operationName: 'M' };
    await Promise.all([
      call(s, { ...mutation, variables: { uscc: 'a' } }, requestOf('r-1')),
      call(s, { ...mutation, variables: { uscc: 'b' } }, requestOf('r-2')),
      call(s, { ...lookupOf('c'), query: LOOKUP.query.replace('name', 'name uscc') }, requestOf('r-3')),
      call(s, lookupOf('d'), requestOf('r-4')),
      call(s, lookupOf('e'), requestOf('r-5', { sub: 'window-2' })),
    ]);
    expect(seen).toHaveLength(5);
    expect(seen.every((x) => !Array.isArray(x.body))).toBe(true);
  });

  it('leaves entity fetches to the entity merge when both are on', async () => {
    handler = (req, body, res) => {
      const parsed = JSON.parse(body);
      const one = (op: any) => (op.variables?.representations ? { data: { _entities: op.variables.representations.map((r: any) => ({ __typename: 'Enterprise', tax: { status: r.uscc }, hasArrears: false })) } } : answer(op));
      json(200, Array.isArray(parsed) ? parsed.map(one) : one(parsed))(req, body, res);
    };
    const s = source({ entityBatchMax: 200, operationBatchMax: 32 });
    const rep = (uscc: string) => ({ __typename: 'Enterprise', uscc });
    await Promise.all([
      call(s, { ...ENTITIES, variables: { representations: [rep('a')] } }, requestOf('r-1')),
      call(s, { ...ENTITIES, variables: { representations: [rep('b')] } }, requestOf('r-2')),
      call(s, lookupOf('c'), requestOf('r-3')),
      call(s, lookupOf('d'), requestOf('r-4')),
    ]);
    expect(seen).toHaveLength(2);
    expect(seen.find((x) => !Array.isArray(x.body))!.body.variables.representations).toEqual([rep('a'), rep('b')]);
    expect(seen.find((x) => Array.isArray(x.body))!.body.map((op: any) => op.variables.uscc)).toEqual(['c', 'd']);
  });

  it('fails every request of the batch as ERROR when the list does not fit, and degrades each on its own when the call fails', async () => {
    const s = source({ operationBatchMax: 32 });
    handler = json(200, [{ data: { enterprise: { name: 'a' } } }]);
    for (const r of await Promise.allSettled([call(s, lookupOf('a'), requestOf('r-1')), call(s, lookupOf('b'), requestOf('r-2'))])) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'ERROR', department: 'TAX' });
    }
    handler = json(503, { errors: [{ message: 'down' }] });
    for (const r of await Promise.allSettled([call(s, lookupOf('a'), requestOf('r-1')), call(s, lookupOf('b'), requestOf('r-2'))])) {
      expect((r as PromiseRejectedResult).reason.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'ERROR' });
    }
  });

  it('gives each operation its own answer when the batch shares an error status, and refuses a list for a lone lookup', async () => {
    const s = source({ operationBatchMax: 32 });
    handler = (req, body, res) => json(400, JSON.parse(body).map((op: any) => (op.variables.uscc === 'bad' ? { errors: [{ message: 'Variable "$uscc" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] } : answer(op))))(req, body, res);
    const [good, bad] = await Promise.all([call(s, lookupOf('a'), requestOf('r-1')), call(s, lookupOf('bad'), requestOf('r-2'))]);
    expect(seen).toHaveLength(1);
    expect(good.data!.enterprise.name).toBe('a');
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    handler = json(200, [{ data: { enterprise: { name: 'a' } } }]);
    const lone = await failure(call(s, lookupOf('a'), requestOf('r-3')));
    expect(lone.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', reason: 'ERROR' });
  });

  it('holds at most the configured number of operations per call', async () => {
    handler = lookups;
    const s = source({ operationBatchMax: 2 });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((u, i) => call(s, lookupOf(u), requestOf(`r-${i}`))));
    expect(results.map((r) => r.data!.enterprise.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(seen.map((x) => (Array.isArray(x.body) ? x.body.length : 1)).sort()).toEqual([1, 2, 2]);
  });
});

describe('freshness of answers from the response cache', () => {
  const rep = (uscc: string) => ({ __typename: 'Enterprise', uscc });
  const fetchOf = (...usccs: string[]) => ({ ...ENTITIES, variables: { representations: usccs.map(rep) } });
  /** Tax's answer from its department cache, each copy read `ageMs` ago. */
  const fromDepartmentCache = (ageMs: number): Handler => (req, body, res) => {
    const { variables } = JSON.parse(body);
    const asOf = new Date(Date.now() - ageMs).toISOString();
    json(200, {
      data: { _entities: variables.representations.map((r: any) => ({ __typename: 'Enterprise', tax: { status: r.uscc }, hasArrears: false })) },
      extensions: { asOf: [{ department: 'TAX', asOf, ageSeconds: Math.round(ageMs / 1000) }] },
    }, { 'cache-control': 'max-age=300, public' })(req, body, res);
  };
  const responseCache = () => new ResponseCache({ prefix: 't', subgraphs: ['tax'], maxTtlMs: 300_000, staleMs: 600_000, maxEntries: 100, logger: createLogger('datasource-test') });

  it('reports a hit, a partial hit and the subgraph\'s own notice in one extensions.asOf per department, the oldest', async () => {
    const cache = responseCache();
    const s = source({ responseCache: cache });
    handler = fromDepartmentCache(120_000);
    const cold = context();
    await call(s, fetchOf('a'), cold);
    const readAt = Date.parse(cold.freshness.servedFromCache[0].asOf);
    expect(cold.freshness.servedFromCache).toEqual([expect.objectContaining({ department: 'TAX', ageSeconds: 120 })]);

    // Whole from the gateway's cache: no call, and as old as the department's copy it keeps.
    const warm = context();
    await call(s, fetchOf('a'), warm);
    expect(seen).toHaveLength(1);
    expect(warm.freshness.servedFromCache).toEqual([{ department: 'TAX', asOf: new Date(readAt).toISOString(), ageSeconds: expect.any(Number) }]);
    expect(warm.freshness.servedFromCache[0].ageSeconds).toBeGreaterThanOrEqual(120);
    expect(warm.freshness.all).toEqual([]);

    // Partly: the subgraph's copy of b (10 s old) and the cached a (older) — one notice, a's.
    handler = fromDepartmentCache(10_000);
    const partial = context();
    const res = await call(s, fetchOf('b', 'a'), partial);
    expect(seen[1].body.variables.representations).toEqual([rep('b')]);
    expect(res.data!._entities.map((e: any) => e.tax.status)).toEqual(['b', 'a']);
    expect(partial.freshness.servedFromCache).toEqual([expect.objectContaining({ department: 'TAX', asOf: new Date(readAt).toISOString() })]);
    await cache.close();
  });
});

