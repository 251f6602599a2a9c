import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '@district/gateway/config';
import { startGateway, type RunningGateway } from '@district/gateway/server';
import { startStack, type Stack } from '../../src/stack.ts';

/** GraphQL over HTTP (the GraphQL Foundation's spec) as the README's "GraphQL over HTTP" states it. */
let stack: Stack;
let open: RunningGateway;
let auth: Record<string, string>;
const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';
const NAME = '{ enterprise(uscc: "91370212MA3C12346X") { registration { name } } }';

beforeAll(async () => {
  stack = await startStack();
  auth = await stack.authHeaders();
  // A second gateway without tokens (GATEWAY_AUTH_DISABLED), where only CSRF prevention stands between a page and a GET.
  open = await startGateway(readGatewayConfig({ ...stack.env, ...stack.routes, GATEWAY_PORT: '0', GATEWAY_AUTH_DISABLED: 'true' }));
});
afterAll(async () => {
  await open?.stop();
  await stack?.stop();
});

const get = (params: Record<string, string>, headers: Record<string, string> = {}, base = stack.gateway.url) =>
  fetch(`${base}/graphql?${new URLSearchParams(params)}`, { headers });
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...headers }, body: JSON.stringify(body) });

describe('GET', () => {
  it('runs a query with its variables and operation name, its answer never kept by a browser (it depends on the token, a browser cache on the URL)', async () => {
    const res = await get({ query: 'query Name($u: ID!) { enterprise(uscc: $u) { registration { name } } }', variables: JSON.stringify({ u: '91370212MA3C12346X' }), operationName: 'Name' }, auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ data: { enterprise: { registration: { name: '青岛海岸线科技有限公司' } } }, extensions: { cost: { estimated: 3, limit: 5000 } } });
  });

  it('never runs a mutation: 405, Allow: POST', async () => {
    const res = await get({ query: 'mutation { rateBundle(input: { bundleId: "LS-1", level: 5, channel: ONLINE }) { id } }' }, auth);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const body = await res.json();
    expect(body.errors[0]).toMatchObject({ message: 'GET requests only support query operations, not mutation operations', extensions: { code: 'BAD_REQUEST' } });
    expect(body).not.toHaveProperty('data');
  });

  it('without a token: refused as CSRF unless it carries apollo-require-preflight or x-apollo-operation-name', async () => {
    const bare = await get({ query: '{ __typename }' }, {}, open.url);
    expect(bare.status).toBe(400);
    expect((await bare.json()).errors[0]).toMatchObject({ message: expect.stringMatching(/Cross-Site Request Forgery/), extensions: { code: 'BAD_REQUEST' } });
    for (const header of [{ 'apollo-require-preflight': 'true' }, { 'x-apollo-operation-name': 'Q' }] as Record<string, string>[]) {
      const res = await get({ query: 'query Q { __typename }' }, header, open.url);
      expect(res.status, JSON.stringify(header)).toBe(200);
      expect((await res.json()).data).toEqual({ __typename: 'Query' });
    }
  });

  it('from a browser tab with no query: a GraphQL error, never a page from a CDN (GraphiQL is at /)', async () => {
    const res = await get({}, { ...auth, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/cdn|<html/i);
  });

  it('with a body type is 415', async () => {
    const res = await get({ query: '{ __typename }' }, { ...auth, 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });
});

describe('media types', () => {
  it('answers application/graphql-response+json when the client prefers it, application/json otherwise', async () => {
    for (const [accept, type] of [
      ['application/graphql-response+json', GRAPHQL_RESPONSE],
      ['application/graphql-response+json, application/json;q=0.9', GRAPHQL_RESPONSE],
      ['application/json, application/graphql-response+json;q=0.5', JSON_TYPE],
      ['*/*', JSON_TYPE],
    ]) {
      const res = await post({ query: NAME }, { accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('content-type'), accept).toBe(type);
    }
    expect((await post({ query: NAME }, { accept: '' })).headers.get('content-type')).toBe(JSON_TYPE);
  });

  it('refuses an Accept that names neither: 406', async () => {
    const res = await post({ query: NAME }, { accept: 'text/csv' });
    expect(res.status).toBe(406);
  });
});

describe('status codes with application/graphql-response+json', () => {
  const accept = { accept: 'application/graphql-response+json' };
  const cases: [string, () => Promise<Response>, number, string][] = [
    ['a document that does not parse', () => post({ query: '{ enterprise(' }, accept), 400, 'GRAPHQL_PARSE_FAILED'],
    ['a document that does not validate', () => post({ query: '{ noSuchField }' }, accept), 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['variables that do not fit', () => post({ query: 'query Q($u: ID!) { enterprise(uscc: $u) { uscc } }', variables: {} }, accept), 400, 'BAD_USER_INPUT'],
    ['an operation name the document lacks', () => post({ query: 'query A { __typename }', operationName: 'B' }, accept), 400, 'OPERATION_RESOLUTION_FAILURE'],
    ['a body that is not JSON', () => fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { ...auth, ...accept, 'content-type': 'application/json' }, body: '{"query' }), 400, 'BAD_REQUEST'],
    ['no token', () => fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { ...accept, 'content-type': 'application/json' }, body: JSON.stringify({ query: NAME }) }), 401, 'UNAUTHENTICATED'],
    ['a method /graphql does not serve', () => fetch(`${stack.gateway.url}/graphql`, { method: 'PUT', headers: { ...accept } }), 405, 'BAD_REQUEST'],
  ];
  for (const [what, send, status, code] of cases) {
    it(`${what}: ${status} ${code}, no data entry`, async () => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe(GRAPHQL_RESPONSE);
      const body = await res.json();
      expect(body.errors[0].extensions.code).toBe(code);
      expect(body).not.toHaveProperty('data');
      if (status === 405) expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
    });
  }

  it('a field error beside data: 200, data and errors', async () => {
    const res = await post({ query: '{ a: enterprise(uscc: "91370212MA3C12346X") { uscc } b: enterprise(uscc: "91370212MA3C12346Y") { uscc } }' }, accept);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data.a).toEqual({ uscc: '91370212MA3C12346X' });
    expect(body.errors.length).toBeGreaterThan(0);
  });
});
