import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../src/stack.ts';
import { launchChromium, type TestBrowser } from '../../src/browser.ts';

/**
 * A browser app on another origin calls the graph (CORS). One page server answers on two origins:
 * http://127.0.0.1:<port> is on GATEWAY_CORS_ORIGINS, http://localhost:<port> is not.
 */
let stack: Stack;
let browser: TestBrowser;
let pages: http.Server;
let allowed: string;
let refused: string;

const QUERY = '{ enterprise(uscc: "91370212MA3C12346X") { registration { name } } }';

beforeAll(async () => {
  pages = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><meta charset="utf-8"><title>front-end</title></head><body>front-end</body></html>');
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const port = (pages.address() as AddressInfo).port;
  allowed = `http://127.0.0.1:${port}`;
  refused = `http://localhost:${port}`;
  stack = await startStack({ env: { GATEWAY_CORS_ORIGINS: `${allowed}, https://app.district.example` } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await new Promise((resolve) => pages?.close(resolve));
});

/** fetch() from inside a page of `origin`, with the headers our clients send. */
async function callFrom(origin: string, token: string) {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${origin}/`);
    return await page.evaluate(async ({ url, token, query }) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'AUDIT', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
          body: JSON.stringify({ query }),
        });
        return { status: res.status, body: await res.json(), requestId: res.headers.get('x-request-id') };
      } catch (error) {
        return { failed: String(error) };
      }
    }, { url: `${stack.gateway.url}/graphql`, token, query: QUERY });
  } finally {
    await page.close();
  }
}

describe('a browser app on another origin', () => {
  it('calls the graph with a token from an allowed origin, and reads the answer and its request id', async () => {
    const token = await stack.token({ role: 'auditor', sub: 'cors-test' });
    const result = await callFrom(allowed, token);
    expect(result).toMatchObject({ status: 200, body: { data: { enterprise: { registration: { name: '青岛海岸线科技有限公司' } } } } });
    expect((result as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is refused by the browser from an origin not on the list', async () => {
    const token = await stack.token({ role: 'auditor', sub: 'cors-test' });
    const result = await callFrom(refused, token);
    expect(result).toEqual({ failed: expect.stringMatching(/Failed to fetch/) });
  });
});

describe('the preflight', () => {
  const preflight = (origin: string, headers = 'authorization, content-type, x-purpose, x-case-id, traceparent, apollo-require-preflight') =>
    fetch(`${stack.gateway.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });

  it('is answered before authentication, with the headers our clients send allowed and no credentials', async () => {
    const res = await preflight(allowed);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    const allowedHeaders = res.headers.get('access-control-allow-headers')!.split(',').map((h) => h.trim());
    expect(allowedHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-purpose', 'x-case-id', 'traceparent', 'apollo-require-preflight']));
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('grants nothing to an origin not on the list', async () => {
    for (const origin of [refused, 'https://evil.example']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-headers')).toBeNull();
      expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    }
  });

  it('leaves a refusal readable by the allowed page: a 401 carries the CORS headers too', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { origin: allowed, 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
