import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inServerSpan, startTracing } from './tracing.ts';

/**
 * OTLP export as a collector sees it: spans POSTed to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces in
 * the protocol asked for, sent by the time the process's stop has flushed them (runPart).
 */
const received: { url?: string; type?: string; body: Buffer }[] = [];
let server: http.Server;
let endpoint: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url, type: req.headers['content-type'], body: Buffer.concat(chunks) });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('OTLP export', () => {
  it.each([
    ['http/protobuf', 'application/x-protobuf'],
    ['http/json', 'application/json'],
  ])('sends the spans of a part as %s to the collector, under the part\'s service name', async (protocol, type) => {
    received.length = 0;
    const tracing = startTracing('market', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
    expect(tracing.exporting).toBe(true);
    await inServerSpan('market POST', {}, { subgraph: 'market' }, async () => undefined);
    await tracing.shutdown();
    expect(received).toHaveLength(1);
    expect(received[0].url).toBe('/v1/traces');
    expect(received[0].type).toContain(type);
    // The service name and the span's name are in the payload, whichever the encoding.
    expect(received[0].body.toString('latin1')).toContain('market POST');
    expect(received[0].body.toString('latin1')).toContain('service.name');
  });
});
