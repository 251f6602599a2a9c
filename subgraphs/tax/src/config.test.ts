import { describe, expect, it } from 'vitest';
import { ConfigError, createLogger } from '@district/runtime';
import { readConfig } from './config.ts';
import { TAX_CACHE_POLICIES } from './cache-policy.ts';
import { QUERY_KINDS } from './codes.ts';
import { departmentSubgraph } from './index.ts';

describe('tax subgraph configuration', () => {
  it('runs on the documented defaults with nothing configured', () => {
    expect(readConfig({})).toMatchObject({
      TAX_PORT: 4002, TAX_BACKEND_URL: 'http://127.0.0.1:5002', TAX_CHANNEL_ID: 'ZWFW-LAOSHAN', TAX_TOKEN: 'dev-tax-token-change-me',
      TAX_TIMEOUT_MS: 3000, TAX_MAX_CONCURRENCY: 6,
    });
  });

  it('refuses the development channel credentials in production, naming each variable', () => {
    const attempt = () => readConfig({ NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/TAX_CHANNEL_ID/);
    expect(attempt).toThrow(/TAX_TOKEN/);
    expect(readConfig({ NODE_ENV: 'production', TAX_CHANNEL_ID: 'ZWFW-PROD', TAX_TOKEN: 'issued-by-the-bureau' }).TAX_TOKEN).toBe('issued-by-the-bureau');
  });

  it('names a malformed variable at start-up', () => {
    expect(() => readConfig({ TAX_PORT: 'forty' })).toThrow(/TAX_PORT/);
    expect(() => readConfig({ TAX_MAX_CONCURRENCY: '0' })).toThrow(/TAX_MAX_CONCURRENCY/);
    expect(() => readConfig({ TAX_BACKEND_URL: 'not a url' })).toThrow(/TAX_BACKEND_URL/);
    expect(() => readConfig({ TAX_TIMEOUT_MS: '0' })).toThrow(/TAX_TIMEOUT_MS/);
  });
});

describe('tax record cache policies', () => {
  const MINUTE = 60_000;

  it('gives every query kind a policy: arrears refresh within minutes, credit grades daily, and every kind may be served stale for a day', () => {
    expect(Object.keys(TAX_CACHE_POLICIES).sort()).toEqual([...QUERY_KINDS].sort());
    expect(TAX_CACHE_POLICIES.QSXX.ttlMs).toBeLessThanOrEqual(10 * MINUTE);
    expect(TAX_CACHE_POLICIES.XYDJ.ttlMs).toBe(24 * 60 * MINUTE);
    for (const p of Object.values(TAX_CACHE_POLICIES)) {
      expect(p.staleIfErrorMs).toBeGreaterThanOrEqual(24 * 60 * MINUTE);
      expect(p.negativeTtlMs).toBeLessThanOrEqual(p.ttlMs);
    }
  });

  it('takes TAX_CACHE_POLICIES over the defaults, kind by kind', async () => {
    const parts = departmentSubgraph.build({ CACHE_ENABLED: 'false', TAX_CACHE_POLICIES: '{"QSXX":{"ttlMs":1000,"staleIfErrorMs":0}}' }, { logger: createLogger('test', 'silent') });
    const { policies } = parts.reads;
    expect(policies.QSXX).toEqual({ ttlMs: 1000, staleIfErrorMs: 0 });
    expect(policies.XYDJ).toBe(TAX_CACHE_POLICIES.XYDJ);
    await parts.close();
  });

  it('refuses at start-up a policy for an unknown kind, and an in-process cache in production', () => {
    expect(() => departmentSubgraph.build({ TAX_CACHE_POLICIES: '{"credit":{"ttlMs":1000,"staleIfErrorMs":0}}' })).toThrow(/unknown record kind "credit"/);
    const prod = { NODE_ENV: 'production', TAX_CHANNEL_ID: 'ZWFW-PROD', TAX_TOKEN: 'issued-by-the-bureau' };
    expect(() => departmentSubgraph.build(prod)).toThrow(/REDIS_URL: is required/);
  });
});
