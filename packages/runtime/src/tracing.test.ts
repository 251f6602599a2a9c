import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { currentTraceId, inClientSpan, inServerSpan, injectTraceHeaders, setOutcome, startTracing, type Tracing } from './tracing.ts';
import { inRequestScope } from './request-scope.ts';
import { createLogger } from './logger.ts';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(() => { tracing = startTracing('test-part', {}, { exporter }); });
afterAll(() => tracing.shutdown());

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('tracing', () => {
  it('continues the caller\'s traceparent in a server span, and sends its own on from a client span inside it', async () => {
    exporter.reset();
    let sent: Record<string, string> = {};
    await inServerSpan('POST /graphql', { traceparent: `00-${TRACE}-${PARENT}-01` }, { 'http.route': '/graphql' }, async () => {
      expect(currentTraceId()).toBe(TRACE);
      await inClientSpan('backend MARKET', { department: 'MARKET' }, async (span) => {
        sent = injectTraceHeaders({});
        setOutcome(span, 'TIMEOUT');
      });
    });
    const [client, server] = exporter.getFinishedSpans();
    expect(server.spanContext().traceId).toBe(TRACE);
    expect(server.parentSpanContext?.spanId).toBe(PARENT);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(client.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(client.attributes).toEqual({ department: 'MARKET', outcome: 'TIMEOUT' });
    expect(client.status.code).toBe(2);
    expect(sent.traceparent).toBe(`00-${TRACE}-${client.spanContext().spanId}-01`);
  });

  it('starts a new trace for a missing or malformed traceparent, and marks a thrown error by its name only', async () => {
    exporter.reset();
    await expect(inServerSpan('POST /graphql', { traceparent: 'garbage 13800000000' }, {}, async () => {
      throw new TypeError('张三 110101199003074514');
    })).rejects.toThrow(TypeError);
    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.status).toEqual({ code: 2, message: 'TypeError' });
  });

  it('exports nothing without an endpoint, and refuses a malformed protocol', () => {
    expect(startTracing('other', {}).exporting).toBe(false);
    expect(startTracing('other', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }).exporting).toBe(false);
    expect(() => startTracing('other', { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: must be http\/protobuf or http\/json/);
  });
});

describe('log lines of a request', () => {
  it('carry its request id and trace id, and an ISO time', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(chunk.toString())); done(); } });
    await inRequestScope('req-1', () => inServerSpan('POST /graphql', { traceparent: `00-${TRACE}-${PARENT}-01` }, {}, async () => {
      createLoggerInto(sink).info({ uscc: '91370212MA3C12346X' }, 'inside');
    }));
    createLoggerInto(sink).info('outside');
    expect(lines[0]).toMatchObject({ requestId: 'req-1', traceId: TRACE, msg: 'inside' });
    expect(String(lines[0].time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lines[1]).not.toHaveProperty('requestId');
    expect(lines[1]).not.toHaveProperty('traceId');
  });
});

/** createLogger's logger, writing to a stream. */
function createLoggerInto(stream: Writable) {
  return createLogger('test', 'info', stream);
}
