import { describe, expect, it } from 'vitest';
import { ConfigError, createLogger } from '@district/runtime';
import { DEFAULT_RESILIENCE } from '@district/department-access';
import { DEV_CREDENTIALS } from '@district/domain';
import { parseRegistrationKey, registrationKey, registrationKeys, searchPageKey } from './cache-policy.ts';
import { readConfig } from './config.ts';
import { departmentSubgraph } from './index.ts';

const logger = createLogger('market-config-test', 'silent');
/** The subgraph's reads (cache, resilience) as the template opens them from an environment. */
const build = (env: NodeJS.ProcessEnv) => departmentSubgraph.build(env, { logger });

describe('market subgraph config', () => {
  it('runs on the documented defaults with nothing configured', () => {
    expect(readConfig({})).toMatchObject({
      MARKET_PORT: 4001, MARKET_BACKEND_URL: 'http://127.0.0.1:5001', MARKET_TIMEOUT_MS: 3000,
      MARKET_APP_KEY: DEV_CREDENTIALS.market.appKey, MARKET_APP_SECRET: DEV_CREDENTIALS.market.appSecret,
    });
  });

  it('refuses the development credentials in production, naming each variable but not the secret', () => {
    const attempt = () => readConfig({ NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/MARKET_APP_KEY[\s\S]*MARKET_APP_SECRET/);
    expect(attempt).not.toThrow(new RegExp(DEV_CREDENTIALS.market.appSecret));
    expect(() => readConfig({ NODE_ENV: 'production', MARKET_APP_KEY: 'issued-key' })).toThrow(/MARKET_APP_SECRET/);
    expect(readConfig({ NODE_ENV: 'production', MARKET_APP_KEY: 'issued-key', MARKET_APP_SECRET: 'issued-secret' }).MARKET_APP_KEY).toBe('issued-key');
  });

  it('fails at start-up on a malformed value, naming the variable', () => {
    expect(() => readConfig({ MARKET_MAX_CONCURRENCY: '0' })).toThrow(/MARKET_MAX_CONCURRENCY/);
    expect(() => readConfig({ MARKET_BACKEND_URL: 'not a url' })).toThrow(/MARKET_BACKEND_URL/);
    // A budget of 0 ms would time every registry call out.
    expect(() => readConfig({ MARKET_TIMEOUT_MS: '0' })).toThrow(/MARKET_TIMEOUT_MS/);
  });
});

describe('market reads config (cache and resilience)', () => {
  it('caches in-process with the default resilience settings when nothing is set', async () => {
    const { reads, cache, close } = build({});
    expect(cache?.store.kind).toBe('memory');
    expect(reads.department).toBe('MARKET');
    expect(reads.resilience.settings).toEqual(DEFAULT_RESILIENCE);
    await close();
  });

  it('reads the MARKET_ retry and breaker settings, and CACHE_ENABLED=false turns the cache off', async () => {
    const { reads, cache, close } = build({ CACHE_ENABLED: 'false', MARKET_RETRIES: '0', MARKET_BREAKER_THRESHOLD: '3', MARKET_BREAKER_HALF_OPEN_MS: '1000', MARKET_RETRY_TIMEOUTS: 'true' });
    expect(cache).toBeNull();
    expect(reads.resilience.settings).toMatchObject({ retries: 0, breakerThreshold: 3, breakerHalfOpenMs: 1000, retryTimeouts: true });
    await close();
  });

  it('refuses a cache policy for a record kind it does not have, naming the kinds it has', () => {
    const attempt = () => build({ CACHE_ENABLED: 'false', MARKET_CACHE_POLICIES: '{"credit":{"ttlMs":1000,"staleIfErrorMs":0}}' });
    expect(attempt).toThrow(/MARKET_CACHE_POLICIES: names unknown record kind "credit"; known: registration, search/);
    expect(() => build({ CACHE_ENABLED: 'false', MARKET_CACHE_POLICIES: '{"search":{"ttlMs":0,"staleIfErrorMs":0}}' })).toThrow(/MARKET_CACHE_POLICIES: is invalid/);
  });

  it('refuses the in-process cache in production, where instances must share Redis', () => {
    expect(() => build({ NODE_ENV: 'production' })).toThrow(/REDIS_URL: is required in production/);
  });
});

describe('market cache keys', () => {
  it('keys a search page by its normalised filter and the registry page, whatever the order of the conditions', () => {
    const a = searchPageKey({ search: { status: 'EXISTING', buildingCode: 'LS-B001', keyword: '餐饮' }, page: 2, pageSize: 100 });
    const b = searchPageKey({ search: { keyword: ' 餐饮 ', buildingCode: 'LS-B001', status: 'EXISTING' }, page: 2, pageSize: 100 });
    expect(a).toBe(b);
    expect(a).toBe('building=LS-B001&keyword=%E9%A4%90%E9%A5%AE&status=EXISTING&page=2&size=100');
    expect(searchPageKey({ search: {}, page: 1, pageSize: 20 })).not.toBe(searchPageKey({ search: {}, page: 1, pageSize: 100 }));
  });

  it('keys an enterprise’s record and each of its lists apart, and names them all for invalidation after a write', () => {
    const uscc = '91370212MA3C12346X';
    expect(registrationKey(uscc)).toBe(uscc);
    expect(parseRegistrationKey(registrationKey(uscc, 'annualReports'))).toEqual({ uscc, list: 'annualReports' });
    expect(registrationKeys(uscc)).toEqual([uscc, `${uscc}:changes`, `${uscc}:branches`, `${uscc}:annualReports`, `${uscc}:abnormalEntries`]);
  });
});
