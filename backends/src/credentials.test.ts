import { describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS } from '@district/domain';
import { credentialsFromEnv } from './credentials.ts';

describe('credentialsFromEnv', () => {
  it('accepts the development values when nothing is set', () => {
    expect(credentialsFromEnv({})).toEqual(DEV_CREDENTIALS);
  });

  it('accepts what the calling subgraph is told to send, from the same variables', () => {
    const c = credentialsFromEnv({ TAX_TOKEN: 'issued-token', MARKET_APP_SECRET: 'issued-secret' });
    expect(c.tax).toEqual({ channelId: DEV_CREDENTIALS.tax.channelId, token: 'issued-token' });
    expect(c.market.appSecret).toBe('issued-secret');
  });
});
