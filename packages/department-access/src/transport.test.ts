import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DepartmentUnavailableError } from '@district/domain';
import { DepartmentResilience } from './resilience.ts';
import { BackendTransport } from './transport.ts';
import { POLL } from '@district/runtime/polling';

/**
 * A department stand-in that holds every request until the test lets it answer, so a test decides
 * what happens while calls wait for a slot.
 */
async function startHeldBackend() {
  const held: http.ServerResponse[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() { return requests; },
    /** Answers the oldest held request. */
    answerNext: () => held.shift()!.end('ok'),
    waitForRequests: (n: number) => vi.waitFor(() => expect(requests).toBeGreaterThanOrEqual(n), POLL),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setUp(settings: { breakerHalfOpenMs: number }) {
  const backend = await startHeldBackend();
  const resilience = new DepartmentResilience('MEDICAL_INSURANCE', { retries: 0, retryBaseMs: 1, retryMaxMs: 2, breakerThreshold: 1, retryTimeouts: false, ...settings });
  const transport = new BackendTransport({ department: 'MEDICAL_INSURANCE', baseUrl: backend.url, timeoutMs: 2_000, maxConcurrent: 1, breaker: resilience });
  closers.push(() => transport.close(), backend.close);
  const read = () => resilience.read(() => transport.request({ method: 'GET', path: '/employer' }));
  /** A failure counted by the breaker (threshold 1: it opens). */
  const outage = () => resilience.read(() => Promise.reject(new DepartmentUnavailableError('MEDICAL_INSURANCE', 'OUTAGE')));
  return { backend, resilience, transport, read, outage };
}

describe('backend transport and the circuit breaker', () => {
  it('fails a call queued for a slot fast with CIRCUIT_OPEN when the breaker opened while it waited, without calling the backend', async () => {
    const { backend, resilience, transport, read, outage } = await setUp({ breakerHalfOpenMs: 60_000 });
    const first = read();
    await backend.waitForRequests(1);
    // Admitted while the circuit was closed, then queued behind `first` (maxConcurrent 1).
    const queued = read();
    await expect(outage()).rejects.toMatchObject({ reason: 'OUTAGE' });
    expect(resilience.circuit).toBe('open');

    backend.answerNext();
    expect((await first).text).toBe('ok');
    await expect(queued).rejects.toMatchObject({ extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'MEDICAL_INSURANCE', reason: 'CIRCUIT_OPEN', retryable: false } });
    expect(backend.requests).toBe(1);
    expect(transport.calls).toBe(1);
  });

  it('lets the half-open probe through: only an open circuit stops a call at its slot', async () => {
    const { backend, resilience, read, outage } = await setUp({ breakerHalfOpenMs: 20 });
    await expect(outage()).rejects.toMatchObject({ reason: 'OUTAGE' });
    await new Promise((r) => setTimeout(r, 30));
    const probe = read();
    await backend.waitForRequests(1);
    expect(resilience.circuit).toBe('half-open');
    backend.answerNext();
    expect((await probe).text).toBe('ok');
    expect(resilience.circuit).toBe('closed');
  });
});
