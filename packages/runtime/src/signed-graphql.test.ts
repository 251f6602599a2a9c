import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@district/domain';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, verifyContext } from './request-context.ts';
import { createSignedGraphqlClient } from './signed-graphql.ts';

/** A subgraph stand-in on a free port: records each request, answers as the test says. */
type Answer = { status?: number; body?: string; hang?: boolean; headersThenHang?: boolean };

describe('signed GraphQL calls', () => {
  let server: Server;
  let url: string;
  const seen: { method: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let answer: Answer = {};
  const caller: Caller = { sub: 'bundle-worker', role: 'system', requestId: 'call-0001', caseId: 'LS-20261101-000001' };
  const client = createSignedGraphqlClient({ contextKey: DEV_CONTEXT_KEY, timeoutMs: 2_000 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({ method: req.method!, headers: req.headers, body: raw });
        if (answer.hang) return;
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        if (answer.headersThenHang) return void res.write('{"data":');
        res.end(answer.body ?? '{"data":{"ok":true}}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterEach(() => {
    seen.length = 0;
    answer = {};
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('POSTs the operation as JSON with a context signed for the caller, and the request id when given', async () => {
    const reply = await client(url, caller, { query: 'mutation($input: X!) { x(input: $input) { y } }', variables: { input: { a: 1 } } }, { requestId: 'req-42' });
    expect(reply).toEqual({ ok: true, status: 200, body: { data: { ok: true } }, text: '{"data":{"ok":true}}' });
    expect(seen).toHaveLength(1);
    const [{ method, headers, body }] = seen;
    expect(method).toBe('POST');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-request-id']).toBe('req-42');
    expect(await verifyContext(String(headers[CONTEXT_HEADER]), DEV_CONTEXT_KEY)).toMatchObject(caller);
    expect(JSON.parse(body)).toEqual({ query: 'mutation($input: X!) { x(input: $input) { y } }', variables: { input: { a: 1 } } });
  });

  it('sends no request id it was not given, and no variables when there are none', async () => {
    await client(url, caller, { query: '{ __typename }' });
    expect(seen[0].headers).not.toHaveProperty('x-request-id');
    expect(seen[0].body).toBe('{"query":"{ __typename }"}');
  });

  it('answers a JSON error body with its status, not as a failure', async () => {
    answer = { status: 400, body: '{"errors":[{"message":"bad","extensions":{"code":"BAD_USER_INPUT"}}]}' };
    expect(await client(url, caller, { query: '{ x }' })).toMatchObject({ ok: true, status: 400, body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
  });

  it('reports an answer that is not a JSON object as BAD_RESPONSE, with its status', async () => {
    answer = { status: 502, body: '<html>bad gateway</html>' };
    expect(await client(url, caller, { query: '{ x }' })).toEqual({ ok: false, reason: 'BAD_RESPONSE', status: 502 });
    answer = { body: 'null' };
    expect(await client(url, caller, { query: '{ x }' })).toEqual({ ok: false, reason: 'BAD_RESPONSE', status: 200 });
  });

  it('gives up at the timeout, the call\'s own over the client\'s, also while the answer is still arriving', async () => {
    answer = { hang: true };
    let started = Date.now();
    expect(await client(url, caller, { query: '{ x }' }, { timeoutMs: 200 })).toEqual({ ok: false, reason: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1_500);
    answer = { headersThenHang: true };
    started = Date.now();
    expect(await client(url, caller, { query: '{ x }' }, { timeoutMs: 200 })).toEqual({ ok: false, reason: 'TIMEOUT', status: 200 });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('reports a part that is not listening as UNREACHABLE', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await client(`http://127.0.0.1:${port}/graphql`, caller, { query: '{ x }' })).toEqual({ ok: false, reason: 'UNREACHABLE' });
  });
});
