import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.ts';
import { startGateway } from './server.ts';

describe('starting the gateway', () => {
  it('refuses to start when AUDIT_SUBGRAPH names no subgraph of the supergraph, naming the ones there are', async () => {
    const config = readGatewayConfig({ AUDIT_SUBGRAPH: 'archive', GATEWAY_PORT: '0' });
    await expect(startGateway(config)).rejects.toThrow(
      /AUDIT_SUBGRAPH: "archive" is not a subgraph of the supergraph \(it has market, medical-insurance, real-estate, services, tax\); name the one that keeps the access record, or set AUDIT_ENABLED=false \(outside production\)/);
  });
});
