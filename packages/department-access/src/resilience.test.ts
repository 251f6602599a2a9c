import { describe, expect, it } from 'vitest';
import { DepartmentResilience } from './resilience.ts';
import { DepartmentUnavailableError } from '@district/domain';
import { DepartmentReads } from './department-reads.ts';
import { createCache } from './cache/index.ts';
import { FreshnessReport } from './freshness.ts';
import { createLogger } from '@district/runtime';

const settings = { retries: 2, retryBaseMs: 1, retryMaxMs: 2, breakerThreshold: 3, breakerHalfOpenMs: 50, retryTimeouts: false };
const failing = (reason: 'ERROR' | 'TIMEOUT' | 'OUTAGE') => () => Promise.reject(new DepartmentUnavailableError('TAX', reason));

describe('department resilience', () => {
  it('retries a failed read and succeeds when the department recovers', async () => {
    const r = new DepartmentResilience('TAX', settings);
    let calls = 0;
    const value = await r.read(async () => {
      if (++calls < 3) throw new DepartmentUnavailableError('TAX', 'ERROR');
      return 'ok';
    });
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry a timeout: a slow department stays slow and each retry costs a whole timeout', async () => {
    const r = new DepartmentResilience('TAX', settings);
    let calls = 0;
    await expect(r.read(() => { calls++; return failing('TIMEOUT')(); })).rejects.toMatchObject({ reason: 'TIMEOUT' });
    expect(calls).toBe(1);
  });

  it('never retries a write', async () => {
    const r = new DepartmentResilience('TAX', settings);
    let calls = 0;
    await expect(r.write(() => { calls++; return failing('ERROR')(); })).rejects.toMatchObject({ reason: 'ERROR' });
    expect(calls).toBe(1);
  });

  it('opens the circuit after consecutive failures, fails fast, and lets a probe through later', async () => {
    const r = new DepartmentResilience('TAX', { ...settings, retries: 0 });
    for (let i = 0; i < 3; i++) await expect(r.read(failing('OUTAGE'))).rejects.toMatchObject({ reason: 'OUTAGE' });
    expect(r.circuit).toBe('open');
    let called = false;
    await expect(r.read(async () => { called = true; return 1; })).rejects.toMatchObject({ extensions: { code: 'DEPARTMENT_UNAVAILABLE', reason: 'CIRCUIT_OPEN', department: 'TAX' } });
    expect(called).toBe(false);
    await new Promise((res) => setTimeout(res, 60));
    expect(await r.read(async () => 'back')).toBe('back');
    expect(r.circuit).toBe('closed');
  });
});

describe('department reads', () => {
  it('serves a cached copy marked stale when the department fails, and reports it for the response', async () => {
    let now = 1_000_000;
    const cache = createCache({ prefix: `t:${process.pid}:reads`, logger: createLogger('test', 'silent'), now: () => now, local: { ttlMs: 1 } });
    const reads = new DepartmentReads('TAX', cache, new DepartmentResilience('TAX', { ...settings, retries: 0 }), { profile: { ttlMs: 1_000, staleIfErrorMs: 60_000 } });
    const first = await reads.batch('profile', ['a'], async () => new Map([['a', { grade: 'A' }]]));
    expect(first).toEqual([{ grade: 'A' }]);
    now += 5_000; // past the TTL, within stale-if-error
    const freshness = new FreshnessReport();
    const second = await reads.batch('profile', ['a', 'b'], failing('OUTAGE') as any, freshness);
    expect(second[0]).toEqual({ grade: 'A' });
    expect(second[1]).toBeInstanceOf(DepartmentUnavailableError);
    expect(freshness.all).toEqual([{ department: 'TAX', ageSeconds: 5, asOf: new Date(1_000_000).toISOString(), reason: 'OUTAGE' }]);
    await cache.close();
  });
});
