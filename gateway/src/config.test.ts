import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.ts';

describe('gateway settings', () => {
  it('keeps the access record on unless told otherwise, and never lets production switch it off', () => {
    expect(readGatewayConfig({}).AUDIT_ENABLED).toBe(true);
    expect(readGatewayConfig({ AUDIT_ENABLED: 'false' }).AUDIT_ENABLED).toBe(false);
    const production = { NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:1', GATEWAY_JWKS_URL: 'https://idp.example/jwks', SUBGRAPH_CONTEXT_KEY: 'production-context-key-for-the-test-0123456789' };
    expect(readGatewayConfig(production).AUDIT_ENABLED).toBe(true);
    expect(() => readGatewayConfig({ ...production, AUDIT_ENABLED: 'false' })).toThrow(/AUDIT_ENABLED: false is refused in production/);
  });

  it('refuses a request budget longer than the age subgraphs accept a signed context for', () => {
    expect(() => readGatewayConfig({ GATEWAY_REQUEST_TIMEOUT_MS: '40000' })).toThrow(/GATEWAY_REQUEST_TIMEOUT_MS: must not exceed SUBGRAPH_CONTEXT_MAX_AGE_MS \(30000\).*\(got "40000"\)/);
    expect(readGatewayConfig({ GATEWAY_REQUEST_TIMEOUT_MS: '40000', SUBGRAPH_CONTEXT_MAX_AGE_MS: '45000' }).GATEWAY_REQUEST_TIMEOUT_MS).toBe(40_000);
  });
});
