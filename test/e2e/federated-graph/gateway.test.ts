import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { startStack, type Stack } from '../../src/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

describe('the gateway around the graph', () => {
  it('is live, and ready only while every subgraph answers', async () => {
    expect((await fetch(`${stack.gateway.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${stack.gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).subgraphs).toEqual({ market: 'up', tax: 'up', 'medical-insurance': 'up', 'real-estate': 'up', services: 'up' });
  });

  it('serves GraphiQL from itself, with no asset from anywhere else', async () => {
    const html = await (await fetch(`${stack.gateway.url}/`)).text();
    expect(html).toContain('GraphiQL');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      expect(src.startsWith('/graphiql/'), src).toBe(true);
      const asset = await fetch(`${stack.gateway.url}${src}`);
      expect(asset.status, src).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, src).toBeGreaterThan(1000);
    }
  });

  it('exposes Prometheus metrics', async () => {
    await stack.query('{ __typename }');
    const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(text).toMatch(/district_http_requests_total\{route="\/graphql",status="200"\} \d+/);
    expect(text).toMatch(/district_graphql_operations_total\{operation="anonymous",outcome="ok"\} [1-9]/);
  });

  it('returns a request id of its own, and the client\'s beside it as x-client-request-id', async () => {
    const given = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { ...(await stack.authHeaders()), 'content-type': 'application/json', 'x-request-id': 'req-1234567890' }, body: '{"query":"{ __typename }"}' });
    expect(given.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(given.headers.get('x-client-request-id')).toBe('req-1234567890');
    const fresh = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { ...(await stack.authHeaders()), 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.headers.get('x-request-id')).not.toBe(given.headers.get('x-request-id'));
    expect(fresh.headers.get('x-client-request-id')).toBeNull();
  });

  it('answers malformed requests with a clear error and no stack trace', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { ...(await stack.authHeaders()), 'content-type': 'application/json' }, body: '{"query": "{ enterprise(' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
    const bad = await stack.query('{ enterprise(uscc: "91370212MA3C12346X") { noSuchField } }');
    expect(bad.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(bad.errors?.[0].message).toMatch(/noSuchField/);
  });

  it('hides internal addresses when a subgraph cannot be reached, and says it is not ready', async () => {
    await stack.subgraphs.tax.stop();
    const res = await stack.query('{ enterprise(uscc: "91370212MA3C12346X") { registration { name } tax { status } } }');
    expect(res.data.enterprise.registration.name).toBe('青岛海岸线科技有限公司');
    expect(res.data.enterprise.tax).toBeNull();
    const text = JSON.stringify(res.errors);
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|http:\/\//);
    // Readiness results are cached for 2 s: asked until the cached answer has expired.
    const ready = await vi.waitFor(async () => {
      const res = await fetch(`${stack.gateway.url}/health/ready`);
      expect(res.status).toBe(503);
      return res;
    }, { ...POLL, interval: 200 });
    expect((await ready.json()).subgraphs.tax).toBe('down');
  });
});
