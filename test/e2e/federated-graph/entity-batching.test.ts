import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../src/stack.ts';
import { LIFECYCLE_QUERY } from '../../src/samples.ts';

/**
 * Subgraph fetches of concurrent requests from the same caller share subgraph calls: entity
 * fetches merged into one operation (gateway/src/batching/entities.ts), the market's root lookups
 * sent as one batched request (gateway/src/batching/operations.ts). So the subgraphs batch their
 * backend calls across requests too.
 */
let stack: Stack;
beforeAll(async () => {
  // The market answers (the plan's first stage) after a fixed delay, so the requests' next-stage
  // entity fetches reach the gateway together, as they do under load; no timing is asserted.
  stack = await startStack({ backendSettings: { market: { latencyMs: 30, jitter: 0 } } });
});
afterAll(() => stack?.stop());

const N = 16;
const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

describe('concurrent lifecycle queries of one caller', () => {
  it('cost fewer backend calls than the same number asked one after another, each answered with its own enterprise', async () => {
    // Enterprises none asked before on this stack: every department record comes from its backend.
    const enterprises = stack.backends.dataset.enterprises.slice(1_000, 1_000 + 2 * N);
    const sequential = enterprises.slice(0, N);
    const concurrent = enterprises.slice(N);

    stack.resetBackendStats();
    for (const e of sequential) {
      const res = await stack.query(LIFECYCLE_QUERY, { uscc: e.uscc });
      expect(res.data.enterprise.uscc).toBe(e.uscc);
    }
    const sequentialCalls = total(await stack.backendRequests());

    stack.resetBackendStats();
    const answers = await Promise.all(concurrent.map((e) => stack.query(LIFECYCLE_QUERY, { uscc: e.uscc })));
    const concurrentCalls = total(await stack.backendRequests());

    expect(sequentialCalls).toBeGreaterThanOrEqual(N);
    expect(concurrentCalls).toBeLessThan(sequentialCalls);
    // The market is asked at the root (enterprise(uscc:)): only root lookups that reach the gateway
    // in the same turn go as one batched request, and how many do depends on how the requests
    // arrive, so no market count is asserted here (gateway/src/datasource.test.ts counts the
    // calls); the answers below are checked whole whichever way they were sent.

    // Each answer is its own enterprise's, whole, and the same as that enterprise asked alone.
    for (const [i, e] of concurrent.entries()) {
      const res = answers[i];
      expect(res.status).toBe(200);
      expect(res.data.enterprise.uscc).toBe(e.uscc);
      expect(res.data.enterprise.registration.name).toBe(e.name);
      expect(res.data.enterprise.lifecycle.incompleteDepartments).toEqual([]);
      const alone = await stack.query(LIFECYCLE_QUERY, { uscc: e.uscc });
      expect(res.data).toEqual(alone.data);
      expect(res.errors).toEqual(alone.errors);
    }
  });
});
