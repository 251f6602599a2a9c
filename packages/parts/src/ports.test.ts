import { describe, expect, it } from 'vitest';
import { BACKENDS, BUNDLE_WORKER, GATEWAY, PARTS, SUBGRAPHS, partOf } from './parts.ts';
import { PORT_BASE_MAX, portOf, portProblems, stackVariables, urlOf } from './ports.ts';

const market = partOf('market');
const marketBackend = partOf('market-backend');
const services = partOf('services');

describe('portOf', () => {
  it('is the default (CONTRACT.md) when nothing is set', () => {
    expect(PARTS.map((p) => portOf(p, {}))).toEqual([4000, 4001, 4002, 4003, 4004, 4005, 4006, 5001, 5002, 5003, 5004]);
  });

  it('PORT_BASE moves every part by the same amount: gateway at the base, subgraphs above it, stand-ins a thousand above those', () => {
    const env = { PORT_BASE: '14000' };
    expect(portOf(GATEWAY, env)).toBe(14000);
    expect(SUBGRAPHS.map((p) => portOf(p, env))).toEqual([14001, 14002, 14003, 14004, 14005]);
    expect(BACKENDS.map((p) => portOf(p, env))).toEqual([15001, 15002, 15003, 15004]);
    expect(portOf(BUNDLE_WORKER, env)).toBe(14006);
  });

  it("a part's own variable wins over PORT_BASE, and moves that part only", () => {
    const env = { PORT_BASE: '14000', MARKET_PORT: '4101' };
    expect(portOf(market, env)).toBe(4101);
    expect(portOf(partOf('tax'), env)).toBe(14002);
    expect(portOf(marketBackend, env)).toBe(15001);
  });

  it('treats an empty variable as unset', () => {
    expect(portOf(market, { PORT_BASE: '', MARKET_PORT: ' ' })).toBe(4001);
  });

  it('names a malformed variable and says what it must be', () => {
    expect(() => portOf(market, { MARKET_PORT: 'forty' })).toThrow('MARKET_PORT: must be a port number, 0–65535 (got "forty")');
    expect(() => portOf(market, { PORT_BASE: '14000.5' })).toThrow(`PORT_BASE: must be a whole number from 1 to ${PORT_BASE_MAX}`);
    // The stand-ins sit 1004 above the base: a base past 64531 would put them past 65535.
    expect(PORT_BASE_MAX).toBe(64531);
    expect(() => portOf(GATEWAY, { PORT_BASE: '64532' })).toThrow(/^PORT_BASE: /);
    expect(portOf(partOf('real-estate-backend'), { PORT_BASE: '64531' })).toBe(65535);
    expect(() => portOf(GATEWAY, { PORT_BASE: '0' })).toThrow(/^PORT_BASE: /);
  });
});

describe('urlOf', () => {
  it('is the local URL at the default port when nothing is set: subgraphs at / as the supergraph says, stand-ins bare', () => {
    expect(urlOf(market, {})).toBe('http://127.0.0.1:4001/');
    expect(urlOf(market, {}, 'gateway')).toBe('http://127.0.0.1:4001/');
    expect(urlOf(marketBackend, {})).toBe('http://127.0.0.1:5001');
    expect(urlOf(services, {})).toBe('http://127.0.0.1:4005/');
  });

  it('follows the port, however it was set', () => {
    expect(urlOf(marketBackend, { PORT_BASE: '14000' })).toBe('http://127.0.0.1:15001');
    expect(urlOf(marketBackend, { MARKET_BACKEND_PORT: '6001' })).toBe('http://127.0.0.1:6001');
  });

  it("takes the reader's own URL variable first: the gateway reads SUBGRAPH_<NAME>_URL, other parts <DEPT>_SUBGRAPH_URL", () => {
    const env = { PORT_BASE: '14000', SUBGRAPH_MARKET_URL: 'http://gw-view:1/', MARKET_SUBGRAPH_URL: 'http://direct-view:2/graphql' };
    expect(urlOf(market, env, 'gateway')).toBe('http://gw-view:1/');
    expect(urlOf(market, env, 'direct')).toBe('http://direct-view:2/graphql');
    expect(urlOf(market, { PORT_BASE: '14000', SUBGRAPH_MARKET_URL: 'http://gw-view:1/' })).toBe('http://127.0.0.1:14001/');
  });
});

describe('stackVariables', () => {
  it('places every part for every reader, keeping what is set', () => {
    const vars = stackVariables({ PORT_BASE: '14000', TAX_BACKEND_URL: 'http://tax.example/' });
    expect(vars).toMatchObject({
      GATEWAY_PORT: '14000', MARKET_PORT: '14001', SERVICES_PORT: '14005', REAL_ESTATE_BACKEND_PORT: '15004',
      SUBGRAPH_MARKET_URL: 'http://127.0.0.1:14001/', MARKET_SUBGRAPH_URL: 'http://127.0.0.1:14001/',
      SERVICES_SUBGRAPH_URL: 'http://127.0.0.1:14005/', SUBGRAPH_SERVICES_URL: 'http://127.0.0.1:14005/',
      MARKET_BACKEND_URL: 'http://127.0.0.1:15001', TAX_BACKEND_URL: 'http://tax.example/',
    });
    // 11 port variables (the bundle worker's too), 5 subgraphs read by the gateway and directly, 4 stand-ins read directly.
    expect(Object.keys(vars)).toHaveLength(11 + 10 + 4);
    expect(vars.BUNDLE_WORKER_PORT).toBe('14006');
  });
});

describe('portProblems', () => {
  it('is empty for the defaults and for a base alone', () => {
    expect(portProblems({})).toEqual([]);
    expect(portProblems({ PORT_BASE: '14000' })).toEqual([]);
  });

  it('tells every malformed setting once', () => {
    expect(portProblems({ PORT_BASE: 'x', TAX_PORT: '-1' })).toEqual([
      `PORT_BASE: must be a whole number from 1 to ${PORT_BASE_MAX}, so every part's port (PORT_BASE + its default − 4000) is a port number (got "x")`,
      'TAX_PORT: must be a port number, 0–65535 (got "-1")',
    ]);
  });

  it('tells two parts given one port', () => {
    expect(portProblems({ MARKET_PORT: '4000' })).toEqual(["MARKET_PORT: 4000 is GATEWAY_PORT's too (gateway and market cannot share a port)"]);
    expect(portProblems({ MARKET_PORT: '0', TAX_PORT: '0' })).toEqual([]);
  });
});
