import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../src/stack.ts';

/**
 * Readiness depends on what the gateway needs: every subgraph, and the shared store when one is
 * configured (production requires it). Here REDIS_URL points at a port nothing listens on: the
 * graph still answers (caches fall back, reads go to the departments), but the gateway says it is
 * not ready, naming Redis, so a load balancer sends requests to an instance whose store answers.
 */
let stack: Stack;
beforeAll(async () => {
  // A prefix the kit does not clean up afterwards: nothing can have been written.
  stack = await startStack({ env: { REDIS_URL: 'redis://127.0.0.1:1', CACHE_PREFIX: 'readiness-unreachable' } });
});
afterAll(() => stack?.stop());

describe('readiness with Redis unreachable', () => {
  it('is 503 with redis down while every subgraph is up, and the graph still answers', async () => {
    const res = await fetch(`${stack.gateway.url}/health/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, redis: 'down', subgraphs: { market: 'up', tax: 'up', 'medical-insurance': 'up', 'real-estate': 'up', services: 'up' } });
    const answer = await stack.query('{ enterprise(uscc: "91370212MA3C12346X") { registration { name } } }');
    expect(answer.data.enterprise.registration.name).toBe('青岛海岸线科技有限公司');
  });

  it('each department subgraph says the same of its own cache, before its GraphQL front would refuse a GET; services, whose store answers, is ready', async () => {
    for (const name of ['market', 'tax', 'medical-insurance', 'real-estate']) {
      const base = stack.subgraphs[name].url.replace(/\/$/, '');
      const live = await fetch(`${base}/health/live`);
      expect(live.status, name).toBe(200);
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status, name).toBe(503);
      expect(await ready.json(), name).toEqual({ ready: false, checks: { redis: 'down' } });
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status, name).toBe(200);
      expect(await metrics.text(), name).toContain('district_breaker_state');
    }
    const services = await fetch(`${stack.subgraphs.services.url.replace(/\/$/, '')}/health/ready`);
    expect(services.status).toBe(200);
    expect(await services.json()).toEqual({ ready: true, checks: { store: 'up' } });
  });
});
