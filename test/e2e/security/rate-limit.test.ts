import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { readGatewayConfig } from '@district/gateway/config';
import { startGateway, type RunningGateway } from '@district/gateway/server';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';
import { LIFECYCLE_QUERY, SAMPLE_USCC } from '../../src/samples.ts';

/**
 * Per-caller rate limits across gateway instances: two gateways on one Redis (the stack's, and a
 * second started over the same subgraphs, CACHE_PREFIX and Redis) hold one budget per subject, so
 * a caller sending to both gets no more than its role's points; the refusal is 429 with
 * Retry-After and RATE_LIMITED, and is on the access record. With Redis gone, a gateway serves
 * (fails open) and counts in memory. Needs REDIS_URL (CI sets it).
 */
const POINTS = 4;

describe.runIf(process.env.REDIS_URL)('per-caller rate limits across two gateways on one Redis (needs REDIS_URL)', () => {
  let stack: Stack;
  let second: RunningGateway;
  const extra: RunningGateway[] = [];
  let relay: net.Server | undefined;

  beforeAll(async () => {
    stack = await startStack({ env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_POINTS: `auditor=${POINTS}`, RATE_LIMIT_WINDOW_SECONDS: '600' } });
    second = await startGateway(readGatewayConfig({ ...stack.env, ...stack.routes, GATEWAY_PORT: '0' }));
    extra.push(second);
  });
  afterAll(async () => {
    await Promise.allSettled(extra.map((g) => g.stop()));
    await new Promise((r) => (relay ? relay.close(r) : r(undefined)));
    await stack?.stop();
  });

  const send = async (gateway: RunningGateway, sub: string, requestId: string) => {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...(await stack.authHeaders({ role: 'auditor', purpose: 'AUDIT', sub })) },
      body: JSON.stringify({ query: LIFECYCLE_QUERY, variables: { uscc: SAMPLE_USCC.healthy } }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };

  it("holds a subject's budget across both gateways: 429, Retry-After, RATE_LIMITED, and a DENIED access record", async () => {
    const run = Date.now().toString(36);
    const sub = `rate-auditor-${run}`;
    const answers = [];
    for (let i = 0; i < POINTS; i++) answers.push(await send(i % 2 ? second : stack.gateway, sub, `rate-ok-${run}-${i}`));
    expect(answers.map((a) => a.status)).toEqual(Array(POINTS).fill(200));
    expect(answers.every((a) => a.body.data && !a.body.errors)).toBe(true);

    for (const [gateway, id] of [[stack.gateway, `rate-refused-${run}-a`], [second, `rate-refused-${run}-b`]] as const) {
      const refused = await send(gateway, sub, id);
      expect(refused.status, id).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(600);
      expect(refused.body.data).toBeUndefined();
      expect(refused.body.errors).toEqual([{ message: expect.stringMatching(/rate limit/), extensions: { code: 'RATE_LIMITED', retryAfter: Number(refused.retryAfter) } }]);
    }

    // Another subject of the same role has its own budget; health and metrics are never limited.
    expect((await send(second, `rate-other-${run}`, `rate-other-${run}`)).status).toBe(200);
    expect((await fetch(`${stack.gateway.url}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    // Both gateways run in this test's process, and a process has one registry: both refusals.
    expect(metrics).toMatch(/district_rate_limited_total\{role="auditor"\} 2/);

    // On the record: both refusals, DENIED, with the caller who was refused.
    const db = (stack.subgraphs.services as RunningServices).db;
    const ids = [`rate-refused-${run}-a`, `rate-refused-${run}-b`];
    await vi.waitFor(async () => {
      const rows = await db.query<{ client_request_id: string; who: string; role: string; outcome: string; subjects: string[] }>(
        'SELECT client_request_id, who, role, outcome, subjects FROM access_record WHERE client_request_id = ANY($1::text[]) ORDER BY client_request_id', [ids]);
      expect(rows).toEqual(ids.map((id) => ({ client_request_id: id, who: sub, role: 'auditor', outcome: 'DENIED', subjects: [SAMPLE_USCC.healthy] })));
    }, POLL);
  });

  it('serves when Redis is gone (fails open), counting in memory on each instance', async () => {
    // Redis as this gateway reaches it: relayed while up, cut when down.
    const target = new URL(process.env.REDIS_URL!);
    let up = true;
    const sockets = new Set<net.Socket>();
    relay = net.createServer((socket) => {
      if (!up) return socket.destroy();
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      sockets.add(socket).add(upstream);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => relay!.listen(0, '127.0.0.1', r));
    const viaRelay = `redis://127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
    const third = await startGateway(readGatewayConfig({ ...stack.env, ...stack.routes, REDIS_URL: viaRelay, GATEWAY_PORT: '0' }));
    extra.push(third);

    up = false;
    for (const s of sockets) s.destroy();
    const run = Date.now().toString(36);
    const sub = `rate-failopen-${run}`;
    const statuses = [];
    for (let i = 0; i <= POINTS; i++) statuses.push((await send(third, sub, `rate-failopen-${run}-${i}`)).status);
    // Served while Redis is down, and still limited per instance by the in-memory insurance.
    expect(statuses).toEqual([...Array(POINTS).fill(200), 429]);
    // Counted by the insurance, not by Redis.
    const metrics = await (await fetch(`${third.url}/metrics`)).text();
    expect(Number(/district_rate_limit_fallback_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(POINTS + 1);
  });
});
