import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'graphql';
import { createLogger, startTracing } from '@district/runtime';
import { startSubgraph, type RunningSubgraph } from './subgraph.ts';
import { signedHeaders } from './testing.ts';

/**
 * The operations surface of every subgraph (subgraph-http.ts): health and metrics answered before
 * Apollo's CSRF rule refuses other GETs, readiness by named checks, and one log line per call
 * with the gateway's request id (from the signed context) and trace id, and nothing it was sent.
 */
const typeDefs = parse(`
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@inaccessible", "@composeDirective"])
    @link(url: "https://district.example/sensitivity/v1.0", import: ["@sensitivity"])
  type Query { echo(text: String): String }
`);

let running: RunningSubgraph;
let redisUp = true;
const lines: Record<string, any>[] = [];
const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(chunk.toString())); done(); } });

beforeAll(async () => {
  startTracing('subgraph-ops-test', {});
  running = await startSubgraph({
    name: 'tax',
    typeDefs,
    resolvers: { Query: { echo: (_: unknown, { text }: { text?: string }) => (text ? 'echoed' : null) } },
    context: async () => ({}),
    logger: createLogger('subgraph-tax', 'info', sink),
    port: 0,
    env: { SUBGRAPH_VERIFY_CONTEXT: 'true' },
    recordRefusals: async () => undefined,
    readinessChecks: { redis: async () => redisUp },
  });
});
afterAll(() => running?.stop());

const base = () => running.url.replace(/\/$/, '');

describe('a subgraph\'s operations surface', () => {
  it('answers /health/live, /health/ready and /metrics to a GET, where any other GET is refused as CSRF', async () => {
    expect((await fetch(`${base()}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { redis: 'up' } });
    const metrics = await fetch(`${base()}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('district_http_requests_total{route="/health/live",status="200"}');
    expect((await fetch(`${base()}/?query=%7B__typename%7D`)).status).toBe(400);
  });

  it('logs one line per call with the signed request id, the trace id, operation, role, status and duration, and nothing the caller sent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const headers = { ...(await signedHeaders()), traceparent: `00-${traceId}-00f067aa0ba902b7-01` };
    const res = await fetch(running.url, { method: 'POST', headers, body: JSON.stringify({ query: 'query Echo($t: String) { echo(text: $t) }', variables: { t: '张三 13800000000 110101199003074514' } }) });
    expect(res.status).toBe(200);
    const line = lines.find((l) => l.msg === 'subgraph call' && l.traceId === traceId);
    expect(line).toMatchObject({ service: 'subgraph-tax', operation: 'Echo', status: 200, outcome: 'ok', departments: [] });
    expect(line!.role).toBeTruthy();
    expect(line!.requestId).toBeTruthy();
    expect(typeof line!.durationMs).toBe('number');
    const all = JSON.stringify(lines);
    for (const p of ['张三', '13800000000', '110101199003074514']) expect(all).not.toContain(p);
  });

  it('is not ready while a check fails, and says which', async () => {
    redisUp = false;
    // Once the last answer (kept READY_CACHE_MS) is out of date.
    await vi.waitFor(async () => {
      const ready = await fetch(`${base()}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ready: false, checks: { redis: 'down' } });
    }, { timeout: 10_000, interval: 100 });
    redisUp = true;
  });
});
