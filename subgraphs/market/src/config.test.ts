import { describe, expect, it } from 'vitest';
import { ConfigError } from '@district/common';
import { DEV_CREDENTIALS } from '@district/common/dev-credentials';
import { readMarketConfig } from './config.ts';

describe('market subgraph config', () => {
  it('runs on the documented defaults with nothing configured', () => {
    expect(readMarketConfig({})).toMatchObject({
      MARKET_PORT: 4001, MARKET_BACKEND_URL: 'http://127.0.0.1:5001', MARKET_TIMEOUT_MS: 3000,
      MARKET_APP_KEY: DEV_CREDENTIALS.market.appKey, MARKET_APP_SECRET: DEV_CREDENTIALS.market.appSecret,
    });
  });

  it('refuses the development credentials in production, naming each variable but not the secret', () => {
    const attempt = () => readMarketConfig({ NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/MARKET_APP_KEY[\s\S]*MARKET_APP_SECRET/);
    expect(attempt).not.toThrow(new RegExp(DEV_CREDENTIALS.market.appSecret));
    expect(() => readMarketConfig({ NODE_ENV: 'production', MARKET_APP_KEY: 'issued-key' })).toThrow(/MARKET_APP_SECRET/);
    expect(readMarketConfig({ NODE_ENV: 'production', MARKET_APP_KEY: 'issued-key', MARKET_APP_SECRET: 'issued-secret' }).MARKET_APP_KEY).toBe('issued-key');
  });

  it('fails at start-up on a malformed value, naming the variable', () => {
    expect(() => readMarketConfig({ MARKET_MAX_CONCURRENCY: '0' })).toThrow(/MARKET_MAX_CONCURRENCY/);
    expect(() => readMarketConfig({ MARKET_BACKEND_URL: 'not a url' })).toThrow(/MARKET_BACKEND_URL/);
  });
});
