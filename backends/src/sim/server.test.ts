import { afterEach, describe, expect, it } from 'vitest';
import { createSimServer, type NativeReplies, type SimServer } from './server.ts';
import { faultSettingsFromEnv } from './settings.ts';

const replies: NativeReplies = {
  outage: () => ({ status: 503, body: { native: 'down' } }),
  injectedError: () => ({ status: 500, body: { native: 'boom' } }),
  rateLimited: () => ({ status: 429, body: { native: 'slow down' } }),
  notFound: () => ({ status: 404, body: { native: 'no such route' } }),
  internalError: () => ({ status: 500, body: { native: 'internal' } }),
  bodyTooLarge: () => ({ status: 413, body: { native: 'too large' } }),
};

let sim: SimServer;
let base: string;

async function start(settings = { latencyMs: 0, jitter: 0, errorRate: 0, outage: false, rateLimitPerSecond: 0 }) {
  sim = createSimServer({
    name: 'test',
    settings,
    replies,
    routes: [
      { method: 'GET', path: '/things/:id', name: 'thing.get', handle: (req) => ({ status: 200, body: { id: req.params.id } }) },
      { method: 'GET', path: '/crash', name: 'crash', handle: () => { throw new Error('secret internal detail at /srv/app.ts:12'); } },
    ],
  });
  base = `http://127.0.0.1:${await sim.listen(0)}`;
}

afterEach(() => sim?.close());

describe('simulated system shell', () => {
  it('routes with path parameters and counts requests per route', async () => {
    await start();
    expect(await (await fetch(`${base}/things/42`)).json()).toEqual({ id: '42' });
    await fetch(`${base}/things/7`);
    const stats = await (await fetch(`${base}/__sim/stats`)).json();
    expect(stats.requests).toBe(2);
    expect(stats.byRoute['thing.get']).toBe(2);
    await fetch(`${base}/__sim/stats/reset`, { method: 'POST' });
    expect((await (await fetch(`${base}/__sim/stats`)).json()).requests).toBe(0);
  });

  it('answers in its own words when down, failing or over its rate, and recovers when faults are cleared', async () => {
    await start();
    await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ outage: true }) });
    let res = await fetch(`${base}/things/1`);
    expect(res.status).toBe(503);
    await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ outage: false, errorRate: 1 }) });
    expect((await fetch(`${base}/things/1`)).status).toBe(500);
    await fetch(`${base}/__sim/faults`, { method: 'DELETE' });
    expect((await fetch(`${base}/things/1`)).status).toBe(200);
    await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ rateLimitPerSecond: 2 }) });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => fetch(`${base}/things/1`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    const stats = await (await fetch(`${base}/__sim/stats`)).json();
    expect(stats.rejected.rateLimited).toBe(statuses.filter((s) => s === 429).length);
  });

  it('adds the configured latency', async () => {
    await start();
    await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 120 }) });
    const t = Date.now();
    await fetch(`${base}/things/1`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  });

  it('refuses a malformed fault patch with a clear message', async () => {
    await start();
    const res = await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 3 }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/errorRate/);
    const bad = await fetch(`${base}/__sim/faults`, { method: 'POST', body: JSON.stringify({ latency: 3 }) });
    expect(bad.status).toBe(400);
  });

  it('never leaks a handler exception to the caller', async () => {
    await start();
    const res = await fetch(`${base}/crash`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret|\.ts|at /);
  });

  it('reads its settings from the environment and names a malformed variable', () => {
    const d = { latencyMs: 20, jitter: 0.3, errorRate: 0, outage: false, rateLimitPerSecond: 0 };
    expect(faultSettingsFromEnv('TAX_SIM', d, { TAX_SIM_LATENCY_MS: '0', TAX_SIM_OUTAGE: 'true' })).toMatchObject({ latencyMs: 0, outage: true });
    expect(() => faultSettingsFromEnv('TAX_SIM', d, { TAX_SIM_LATENCY_MS: 'fast' })).toThrow(/TAX_SIM_LATENCY_MS/);
  });
});
