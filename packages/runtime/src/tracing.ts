import { SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { z } from 'zod';
import { env as envField, loadConfig } from './config.ts';

/**
 * Traces (OpenTelemetry): W3C `traceparent` carried from the client through the gateway, each
 * subgraph and each department call, with spans made by hand at our own shared call sites (the
 * HTTP fronts, the gateway's subgraph calls, the department transport) and by @apollo/gateway
 * itself (gateway.request/validate/plan/execute/fetch). No auto-instrumentation patches modules.
 *
 * Spans are recorded and sent only when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces one) is set.
 * Without it nothing is exported and only the context and the propagator are installed: a
 * client's traceparent still reaches every part (and their logs), at next to no cost.
 * Span attributes say department, subgraph, endpoint kind, operation name and outcome: never a
 * person's data, an argument or a query text.
 */
export const TRACING_SETTINGS = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: envField.url().optional().describe('OTLP/HTTP collector base URL (…/v1/traces is appended); traces are exported only when this or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: envField.url().optional().describe('OTLP/HTTP traces URL, used as it is (instead of OTEL_EXPORTER_OTLP_ENDPOINT)'),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json'], 'must be http/protobuf or http/json').default('http/protobuf').describe('How spans are sent to the collector'),
  OTEL_SERVICE_NAME: envField.optionalString().describe('The service name on exported spans; default the part\'s name (gateway, market, …, bundle-worker)'),
  OTEL_SDK_DISABLED: envField.bool(false).describe('true: no spans are recorded or exported whatever else is set'),
});

const TRACER = 'district-graph';
/** Test processors see each span as it ends; production batches. */
export interface TracingOptions {
  /** Export here instead of OTLP (tests: an InMemorySpanExporter), synchronously per span. */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Whether spans are recorded and exported. */
  readonly exporting: boolean;
  /** Sends what is still buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

let propagationInstalled = false;
function installPropagation(): void {
  if (propagationInstalled) return;
  propagationInstalled = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/**
 * Starts tracing for a process named `service` (runPart does, for every part). Reads the OTEL_*
 * settings; throws a ConfigError for a malformed one.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env, options: TracingOptions = {}): Tracing {
  const settings = loadConfig(TRACING_SETTINGS, env);
  installPropagation();
  const endpoint = settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (settings.OTEL_SDK_DISABLED || (!endpoint && !options.exporter)) return { exporting: false, shutdown: async () => undefined };
  const exporter = options.exporter ?? otlpExporter(settings);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.OTEL_SERVICE_NAME ?? service }),
    spanProcessors: [options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
  });
  trace.setGlobalTracerProvider(provider);
  return {
    exporting: true,
    shutdown: async () => {
      await provider.shutdown().catch(() => undefined);
      trace.disable();
    },
  };
}

/** The collector's exporter, to the URL of the settings read here (the exporters would read process.env themselves). */
function otlpExporter(settings: z.infer<typeof TRACING_SETTINGS>): SpanExporter {
  const url = settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${(settings.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').replace(/\/$/, '')}/v1/traces`;
  return settings.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json' ? new OtlpJsonExporter({ url }) : new OtlpProtobufExporter({ url });
}

const tracer = () => trace.getTracer(TRACER);

/** The trace id of the current span, when there is a valid one (logs carry it). */
export function currentTraceId(): string | undefined {
  const ctx = trace.getSpan(context.active())?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : undefined;
}

/** Adds `traceparent` (and `tracestate`) of the current span to outgoing headers. */
export function injectTraceHeaders(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

type HeaderBag = Record<string, string | string[] | undefined>;
const headerGetter = {
  keys: (carrier: HeaderBag) => Object.keys(carrier),
  get: (carrier: HeaderBag, key: string) => carrier[key.toLowerCase()],
};

/**
 * Runs `fn` in a server span continuing the caller's trace (its `traceparent`), ended when `fn`
 * settles; `fn` may set the outcome on the span. A malformed traceparent starts a new trace.
 */
export function inServerSpan<T>(name: string, headers: HeaderBag, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = propagation.extract(context.active(), headers, headerGetter);
  return context.with(parent, () => inSpan(name, SpanKind.SERVER, attributes, fn));
}

/** Runs `fn` in a client span (a call to another part or a department), ended when it settles. */
export function inClientSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return inSpan(name, SpanKind.CLIENT, attributes, fn);
}

/** Runs `fn` in a span of work a process starts itself (a bundle step), under the current trace if any. */
export function inInternalSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return inSpan(name, SpanKind.INTERNAL, attributes, fn);
}

function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      // The error's name only: its message may quote the request.
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span with its outcome: `ok`, or a reason (TIMEOUT, OUTAGE, a status class), as an error. */
export function setOutcome(span: Span, outcome: string): void {
  span.setAttribute('outcome', outcome);
  if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
}
