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

  it('routes to the supergraph\'s URLs and listens on 4000 when nothing moves the stack', () => {
    const config = readGatewayConfig({ MARKET_PORT: '4101' });
    expect(config.GATEWAY_PORT).toBe(4000);
    // A subgraph's own port variable alone does not move its route: only SUBGRAPH_<NAME>_URL or PORT_BASE do.
    expect(config.subgraphUrls).toEqual({});
  });

  it('under PORT_BASE listens at the base and routes to the listed subgraphs at theirs, SUBGRAPH_<NAME>_URL still winning', () => {
    const config = readGatewayConfig({ PORT_BASE: '14000', MARKET_PORT: '4101', SUBGRAPH_TAX_URL: 'http://tax.internal/' });
    expect(config.GATEWAY_PORT).toBe(14000);
    expect(config.subgraphUrls).toEqual({
      market: 'http://127.0.0.1:4101/', tax: 'http://tax.internal/', 'medical-insurance': 'http://127.0.0.1:14003/',
      'real-estate': 'http://127.0.0.1:14004/', services: 'http://127.0.0.1:14005/',
    });
  });

  it('tells a malformed PORT_BASE once', () => {
    expect(() => readGatewayConfig({ PORT_BASE: 'x' })).toThrow(/^invalid configuration:\n  PORT_BASE: must be a whole number from 1 to 64531.*\(got "x"\)$/);
  });

  it("reports each listed subgraph's failures under its department, SUBGRAPH_<NAME>_DEPARTMENT still winning", () => {
    expect(readGatewayConfig({ SUBGRAPH_SERVICES_DEPARTMENT: 'GOVERNMENT_SERVICES' }).subgraphDepartments).toEqual({
      market: 'MARKET', tax: 'TAX', 'medical-insurance': 'MEDICAL_INSURANCE', 'real-estate': 'REAL_ESTATE', services: 'GOVERNMENT_SERVICES',
    });
  });

  it('runs only registered operations in production unless told otherwise, every operation elsewhere', () => {
    const production = { NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:1', GATEWAY_JWKS_URL: 'https://idp.example/jwks', SUBGRAPH_CONTEXT_KEY: 'production-context-key-for-the-test-0123456789' };
    expect(readGatewayConfig(production).safelist).toBe(true);
    expect(readGatewayConfig({ ...production, GATEWAY_SAFELIST: 'false' }).safelist).toBe(false);
    expect(readGatewayConfig({}).safelist).toBe(false);
    expect(readGatewayConfig({ GATEWAY_SAFELIST: 'true' }).safelist).toBe(true);
    expect(() => readGatewayConfig({ GATEWAY_SAFELIST: 'yes' })).toThrow(/GATEWAY_SAFELIST: must be true or false/);
    expect(readGatewayConfig({ GATEWAY_OPERATION_MANIFESTS: 'a.json, b.json' }).GATEWAY_OPERATION_MANIFESTS).toEqual(['a.json', 'b.json']);
  });
});
