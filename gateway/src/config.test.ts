import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.ts';

describe('gateway settings', () => {
  it('refuses a request budget longer than the age subgraphs accept a signed context for', () => {
    expect(() => readGatewayConfig({ GATEWAY_REQUEST_TIMEOUT_MS: '40000' })).toThrow(/GATEWAY_REQUEST_TIMEOUT_MS \(40000\) must not exceed SUBGRAPH_CONTEXT_MAX_AGE_MS \(30000\)/);
    expect(readGatewayConfig({ GATEWAY_REQUEST_TIMEOUT_MS: '40000', SUBGRAPH_CONTEXT_MAX_AGE_MS: '45000' }).GATEWAY_REQUEST_TIMEOUT_MS).toBe(40_000);
  });
});
