import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import { inServerSpan, metricsRegistry, startTracing } from '@district/runtime';
import { DepartmentResilience } from './resilience.ts';
import { BackendTransport } from './transport.ts';

/**
 * What the shared department path reports for every department at once: each call timed by
 * department, endpoint kind and outcome, with the current trace's traceparent sent along; the
 * failures callers got, by reason; the breaker's state.
 */
let server: http.Server;
let url: string;
const seen: http.IncomingHttpHeaders[] = [];
beforeAll(async () => {
  // Tracing off (no endpoint): only the context and W3C propagation, as in a process without OTEL settings.
  startTracing('department-access-test', {});
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.writeHead(req.url === '/fail' ? 503 : 200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const series = async (name: string) => (await metricsRegistry.getSingleMetricAsString(name)).split('\n');

describe('department calls in the metrics', () => {
  it('times each call by department, endpoint kind and outcome (a status class for a refusal, the reason when there was no answer)', async () => {
    const transport = new BackendTransport({ department: 'TAX', baseUrl: url, timeoutMs: 2_000, maxConcurrent: 2 });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await inServerSpan('POST /', { traceparent }, {}, () => transport.request({ method: 'POST', path: '/esb/A', kind: 'SWZJ.A' }));
    // Not exporting, the caller's trace still reaches the department.
    expect(seen[0].traceparent).toBe(traceparent);
    await transport.request({ method: 'POST', path: '/fail', kind: 'SWZJ.A' });
    await transport.close();
    const dead = new BackendTransport({ department: 'TAX', baseUrl: 'http://127.0.0.1:1', timeoutMs: 2_000, maxConcurrent: 1 });
    await expect(dead.request({ method: 'GET', path: '/x' })).rejects.toThrow(DepartmentUnavailableError);
    await dead.close();
    const lines = await series('district_backend_call_duration_seconds');
    expect(lines).toContain('district_backend_call_duration_seconds_count{department="TAX",kind="SWZJ.A",outcome="ok"} 1');
    expect(lines).toContain('district_backend_call_duration_seconds_count{department="TAX",kind="SWZJ.A",outcome="http_5xx"} 1');
    expect(lines).toContain('district_backend_call_duration_seconds_count{department="TAX",kind="other",outcome="UNREACHABLE"} 1');
  });

  it('counts the failures callers got after retries by department and reason, and shows the breaker open', async () => {
    const resilience = new DepartmentResilience('REAL_ESTATE', { retries: 1, retryBaseMs: 1, retryMaxMs: 2, breakerThreshold: 2, breakerHalfOpenMs: 60_000, retryTimeouts: false });
    const outage = () => Promise.reject(new DepartmentUnavailableError('REAL_ESTATE', 'OUTAGE'));
    await expect(resilience.write(() => Promise.reject(new DepartmentRejectedError('REAL_ESTATE', 'no', { nativeCode: '4004', reasons: ['无'] })))).rejects.toThrow();
    await expect(resilience.read(outage)).rejects.toThrow();
    await expect(resilience.read(outage)).rejects.toThrow();
    expect(await series('district_breaker_state')).toContain('district_breaker_state{department="REAL_ESTATE"} 2');
    await expect(resilience.read(outage)).rejects.toThrow(/CIRCUIT_OPEN|unavailable/i);
    const lines = await series('district_backend_errors_total');
    // One read retried once is still one failure for its caller; the rejection is a refusal, not an outage.
    expect(lines).toContain('district_backend_errors_total{department="REAL_ESTATE",reason="OUTAGE"} 1');
    expect(lines).toContain('district_backend_errors_total{department="REAL_ESTATE",reason="CIRCUIT_OPEN"} 2');
    expect(lines).toContain('district_backend_errors_total{department="REAL_ESTATE",reason="REJECTED"} 1');
  });
});
