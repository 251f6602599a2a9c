import { describe, expect, it } from 'vitest';
import { ConfigError } from '@district/common';
import { readTaxConfig } from './config.ts';

describe('tax subgraph configuration', () => {
  it('runs on the documented defaults with nothing configured', () => {
    expect(readTaxConfig({})).toMatchObject({
      TAX_PORT: 4002, TAX_BACKEND_URL: 'http://127.0.0.1:5002', TAX_CHANNEL_ID: 'ZWFW-LAOSHAN', TAX_TOKEN: 'dev-tax-token-change-me',
      TAX_TIMEOUT_MS: 3000, TAX_MAX_CONCURRENCY: 6,
    });
  });

  it('refuses the development channel credentials in production, naming each variable', () => {
    const attempt = () => readTaxConfig({ NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/TAX_CHANNEL_ID/);
    expect(attempt).toThrow(/TAX_TOKEN/);
    expect(readTaxConfig({ NODE_ENV: 'production', TAX_CHANNEL_ID: 'ZWFW-PROD', TAX_TOKEN: 'issued-by-the-bureau' }).TAX_TOKEN).toBe('issued-by-the-bureau');
  });

  it('names a malformed variable at start-up', () => {
    expect(() => readTaxConfig({ TAX_PORT: 'forty' })).toThrow(/TAX_PORT/);
    expect(() => readTaxConfig({ TAX_MAX_CONCURRENCY: '0' })).toThrow(/TAX_MAX_CONCURRENCY/);
    expect(() => readTaxConfig({ TAX_BACKEND_URL: 'not a url' })).toThrow(/TAX_BACKEND_URL/);
  });
});
