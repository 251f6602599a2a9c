import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { READY_CHECK_TIMEOUT_MS, namedReadiness, opsOnlyHandler } from './ops-http.ts';

const servers: http.Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the operations surface', () => {
  it('answers live, ready with its named checks, and Prometheus metrics; nothing else', async () => {
    const url = await serve(opsOnlyHandler({ readiness: namedReadiness({ store: async () => true }) }));
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { store: 'up' } });
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('# TYPE district_graphql_operations_total counter');
    const other = await fetch(`${url}/graphql`);
    expect(other.status).toBe(404);
  });

  it('is not ready when a check fails, throws or takes longer than its bound, naming which', async () => {
    const url = await serve(opsOnlyHandler({
      readiness: namedReadiness({
        redis: async () => false,
        postgres: async () => { throw new Error('connection refused'); },
        slow: () => new Promise((r) => setTimeout(() => r(true), READY_CHECK_TIMEOUT_MS + 500)),
        store: async () => true,
      }),
    }));
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, checks: { redis: 'down', postgres: 'down', slow: 'down', store: 'up' } });
  });

  it('says a stopping process is not ready, whatever its checks', async () => {
    let stopping = false;
    const readiness = namedReadiness({ store: async () => true }, () => stopping);
    expect((await readiness()).ready).toBe(true);
    stopping = true;
    expect(await readiness()).toEqual({ ready: false, checks: {}, stopping: true });
  });
});
