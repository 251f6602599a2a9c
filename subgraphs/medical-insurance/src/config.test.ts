import { describe, expect, it } from 'vitest';
import { ConfigError } from '@district/runtime';
import { DEV_CREDENTIALS } from '@district/domain';
import { CACHE_POLICIES } from './cache-policy.ts';
import { readConfig } from './config.ts';
import { departmentSubgraph } from './index.ts';

describe('configuration', () => {
  it('defaults to port 4003, the local stand-in, the development credentials, 3 s and 8 calls in flight', () => {
    expect(readConfig({})).toEqual({
      NODE_ENV: 'development', MEDICAL_INSURANCE_PORT: 4003, MEDICAL_INSURANCE_BACKEND_URL: 'http://127.0.0.1:5003',
      MEDICAL_INSURANCE_SENDER_CODE: DEV_CREDENTIALS.medicalInsurance.senderCode, MEDICAL_INSURANCE_SIGN_NO: DEV_CREDENTIALS.medicalInsurance.signNo,
      MEDICAL_INSURANCE_TIMEOUT_MS: 3000, MEDICAL_INSURANCE_MAX_CONCURRENCY: 8,
    });
  });

  it('refuses to start in production with the development credentials or an implicit backend, naming each variable', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(/MEDICAL_INSURANCE_SENDER_CODE[\s\S]*MEDICAL_INSURANCE_SIGN_NO[\s\S]*MEDICAL_INSURANCE_BACKEND_URL/);
    const own = { NODE_ENV: 'production', MEDICAL_INSURANCE_SENDER_CODE: 'LSPROD', MEDICAL_INSURANCE_SIGN_NO: 's3cret', MEDICAL_INSURANCE_BACKEND_URL: 'http://fsi.internal:8080' };
    expect(readConfig(own)).toMatchObject({ MEDICAL_INSURANCE_SENDER_CODE: 'LSPROD', MEDICAL_INSURANCE_BACKEND_URL: 'http://fsi.internal:8080' });
  });

  it('refuses malformed values at start-up, naming the variable', () => {
    expect(() => readConfig({ MEDICAL_INSURANCE_MAX_CONCURRENCY: '0' })).toThrow(/MEDICAL_INSURANCE_MAX_CONCURRENCY/);
    expect(() => readConfig({ MEDICAL_INSURANCE_TIMEOUT_MS: 'soon' })).toThrow(/MEDICAL_INSURANCE_TIMEOUT_MS/);
    expect(() => readConfig({ MEDICAL_INSURANCE_SENDER_CODE: 'A-VERY-LONG-CODE' })).toThrow(/MEDICAL_INSURANCE_SENDER_CODE/);
    expect(() => readConfig({ MEDICAL_INSURANCE_BACKEND_URL: 'not a url' })).toThrow(/MEDICAL_INSURANCE_BACKEND_URL/);
  });

  it('reads cache and resilience settings under the MEDICAL_INSURANCE_ prefix, with a policy per record kind', async () => {
    const subgraph = departmentSubgraph.build({ NODE_ENV: 'test', MEDICAL_INSURANCE_RETRIES: '1', MEDICAL_INSURANCE_BREAKER_THRESHOLD: '7', MEDICAL_INSURANCE_BREAKER_HALF_OPEN_MS: '1000' });
    expect(subgraph.reads.resilience.settings).toMatchObject({ retries: 1, breakerThreshold: 7, breakerHalfOpenMs: 1000 });
    expect(subgraph.cache).not.toBeNull();
    expect(Object.keys(CACHE_POLICIES)).toEqual(['employer', 'arrears', 'contributions', 'headcounts']);
    await subgraph.close();
    const uncached = departmentSubgraph.build({ CACHE_ENABLED: 'false' });
    expect(uncached.cache).toBeNull();
    await uncached.close();
  });

  it('refuses at start-up a cache policy for a record kind it does not have, or a malformed setting, naming it', () => {
    const build = (env: Record<string, string>) => () => departmentSubgraph.build(env);
    expect(build({ MEDICAL_INSURANCE_CACHE_POLICIES: '{"credit":{"ttlMs":1000,"staleIfErrorMs":0}}' })).toThrow(/unknown record kind "credit"; known: employer, arrears, contributions, headcounts/);
    expect(build({ MEDICAL_INSURANCE_CACHE_POLICIES: '{"employer":{"ttlMs":0,"staleIfErrorMs":0}}' })).toThrow(/MEDICAL_INSURANCE_CACHE_POLICIES: is invalid/);
    expect(build({ MEDICAL_INSURANCE_RETRIES: 'many' })).toThrow(/MEDICAL_INSURANCE_RETRIES/);
    expect(build({ NODE_ENV: 'production' })).toThrow(/REDIS_URL: is required in production/);
  });
});
