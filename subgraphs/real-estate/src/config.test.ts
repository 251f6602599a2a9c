import { describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS } from '@district/domain';
import { readConfig } from './config.ts';

describe('real-estate subgraph configuration', () => {
  it('runs on the documented defaults with nothing configured', () => {
    expect(readConfig({})).toMatchObject({
      REAL_ESTATE_PORT: 4004, REAL_ESTATE_BACKEND_URL: 'http://127.0.0.1:5004', REAL_ESTATE_TIMEOUT_MS: 3000,
      REAL_ESTATE_SENDER_ID: DEV_CREDENTIALS.realEstate.senderId, REAL_ESTATE_API_KEY: DEV_CREDENTIALS.realEstate.apiKey,
    });
  });

  it('refuses the development credentials in production, naming each variable', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(/REAL_ESTATE_SENDER_ID[\s\S]*REAL_ESTATE_API_KEY/);
    expect(() => readConfig({ NODE_ENV: 'production', REAL_ESTATE_SENDER_ID: 'LS-PROD' })).toThrow(/REAL_ESTATE_API_KEY/);
    expect(readConfig({ NODE_ENV: 'production', REAL_ESTATE_SENDER_ID: 'LS-PROD', REAL_ESTATE_API_KEY: 'issued-key' }).REAL_ESTATE_API_KEY).toBe('issued-key');
  });

  it('refuses a malformed value at start-up, naming the variable', () => {
    expect(() => readConfig({ REAL_ESTATE_MAX_CONCURRENCY: '0' })).toThrow(/REAL_ESTATE_MAX_CONCURRENCY/);
    expect(() => readConfig({ REAL_ESTATE_BACKEND_URL: 'not a url' })).toThrow(/REAL_ESTATE_BACKEND_URL/);
    // A budget of 0 ms would time every registry call out.
    expect(() => readConfig({ REAL_ESTATE_TIMEOUT_MS: '0' })).toThrow(/REAL_ESTATE_TIMEOUT_MS/);
  });
});
