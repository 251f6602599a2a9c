import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, createLogger, verifyContext } from '@district/runtime';
import type { Caller } from '@district/domain';
import { AuthFailure } from './auth/index.ts';
import { certificatePdfRoute } from './certificate-pdf-route.ts';

/**
 * The gateway's print route on its own: what it asks services (the caller signed in), what it passes
 * back, and what the caller sees when services cannot be reached (never services' address).
 */
const terminal: Caller = { sub: 'terminal-7', role: 'frontend-app', requestId: 'r-1' };
const authenticate = async (headers: http.IncomingHttpHeaders) => {
  if (headers.authorization !== 'Bearer ok') throw AuthFailure.unauthenticated('no bearer token');
  return terminal;
};

const servers: http.Server[] = [];
async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(async () => { await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))); });

async function gatewayOver(servicesUrl: string): Promise<string> {
  const route = certificatePdfRoute({ servicesUrl, contextKey: DEV_CONTEXT_KEY, authenticate, timeoutMs: 2_000, logger: createLogger('test') });
  return listen(async (req, res) => {
    const answered = await route(req, res, new URL(req.url!, 'http://gateway'));
    if (!answered) { res.writeHead(404); res.end(); }
  });
}

describe('GET /certificates/<code>/pdf on the gateway', () => {
  it("asks services with the caller signed in and passes the PDF back as it came", async () => {
    let seen: Caller | null = null;
    let path = '';
    const services = await listen(async (req, res) => {
      path = req.url!;
      seen = await verifyContext(req.headers[CONTEXT_HEADER] as string, DEV_CONTEXT_KEY);
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="LS-ZM-1.pdf"', 'x-internal': 'not for clients' });
      res.end('%PDF-1.3 fake');
    });
    const gateway = await gatewayOver(`${services}/graphql`);
    const res = await fetch(`${gateway}/certificates/7KQ2-M9XD-4TPA-HC3N/pdf`, { headers: { authorization: 'Bearer ok' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="LS-ZM-1.pdf"');
    expect(res.headers.get('x-internal')).toBeNull();
    expect(await res.text()).toBe('%PDF-1.3 fake');
    expect(path).toBe('/certificates/7KQ2-M9XD-4TPA-HC3N/pdf');
    expect(seen).toMatchObject({ sub: 'terminal-7', role: 'frontend-app' });
  });

  it('refuses without a token before asking services, and another method than GET', async () => {
    let asked = 0;
    const services = await listen((_req, res) => { asked++; res.end(); });
    const gateway = await gatewayOver(services);
    const anonymous = await fetch(`${gateway}/certificates/7KQ2-M9XD-4TPA-HC3N/pdf`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect((await anonymous.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const post = await fetch(`${gateway}/certificates/7KQ2-M9XD-4TPA-HC3N/pdf`, { method: 'POST', headers: { authorization: 'Bearer ok' } });
    expect(post.status).toBe(405);
    expect(asked).toBe(0);
  });

  it('answers 502 DEPARTMENT_UNAVAILABLE naming SERVICES, not its address, when services cannot be reached', async () => {
    const closed = await listen(() => undefined);
    await new Promise((r) => servers.pop()!.close(r));
    const gateway = await gatewayOver(closed);
    const res = await fetch(`${gateway}/certificates/7KQ2-M9XD-4TPA-HC3N/pdf`, { headers: { authorization: 'Bearer ok' } });
    expect(res.status).toBe(502);
    const body = await res.text();
    expect(JSON.parse(body).errors[0].extensions).toEqual({ code: 'DEPARTMENT_UNAVAILABLE', department: 'SERVICES' });
    expect(body).not.toContain('127.0.0.1');
  });
});
