import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServices } from '@district/subgraph-services/server';
import { startStack, type Stack } from '../../src/stack.ts';
import { killAll, startPart, type PartProcess } from '../../src/processes.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';

/**
 * SIGTERM is graceful: the process stops accepting at once, finishes what is in flight within
 * SHUTDOWN_GRACE_MS, writes what it owes (the access record), and exits 0. The gateway runs as a
 * child process over an in-process stack; the medical-insurance stand-in is slow, so the signal
 * lands while a request waits for it.
 */
let stack: Stack;
let gateway: PartProcess | undefined;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  killAll([gateway]);
  await stack?.stop();
});

const refusesConnections = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(true));
  });

describe('the gateway told to stop (SIGTERM)', () => {
  it('finishes the request in flight, accepts no new connection, writes its access record and exits 0', async () => {
    gateway = await startPart('gateway/src/main.ts', { ...process.env, ...stack.env, ...stack.routes, GATEWAY_PORT: '0', SHUTDOWN_GRACE_MS: '8000' }, /gateway (http:\/\/\S+)\/graphql/);
    const sub = `e2e-shutdown-${Date.now().toString(36)}`;
    const token = await stack.token({ role: 'auditor', purpose: 'AUDIT', sub });

    stack.backends.sims['medical-insurance'].setFaults({ latencyMs: 1_500 });
    stack.resetBackendStats();
    const inFlight = fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { registration { name } medicalInsurance { status } } }` }),
    });
    // The request has reached the slow department when the signal comes.
    await vi.waitFor(async () => expect((await stack.backendRequests())['medical-insurance']).toBeGreaterThan(0), { timeout: 20_000, interval: 20 });
    gateway.child.kill('SIGTERM');
    await vi.waitFor(() => expect(gateway!.output()).toMatch(/finishing what is in flight/), { timeout: 10_000, interval: 20 });
    expect(await refusesConnections(gateway.url)).toBe(true);

    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.enterprise.medicalInsurance.status).toBeTruthy();

    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(gateway.output()).toMatch(/gateway: stopped/);
    const records = await (stack.subgraphs.services as RunningServices).db.query<{ outcome: string }>('SELECT outcome FROM access_record WHERE who = $1', [sub]);
    expect(records).toEqual([{ outcome: 'OK' }]);
    stack.backends.sims['medical-insurance'].clearFaults();
  });
});
