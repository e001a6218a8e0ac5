import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * OpenTelemetry tracing as the monitoring guide sets it up ("Distributed Tracing"): spans batched
 * to an OTLP collector (Jaeger's, or any OpenTelemetry collector), the service name being the
 * catalog entity's name, and W3C `traceparent` headers continued, so a request's trace spans
 * services. The log lines' `trace_id` is the active span's (see logger.ts).
 */
export interface TracingOptions {
  /** `service.name` of every span: the catalog entity's name. */
  serviceName: string;
  /** OTLP/HTTP base URL of the collector, e.g. http://jaeger-collector.monitoring:4318 */
  endpoint: string;
}

export interface Tracing {
  tracer: Tracer;
  /** Sends the spans batched so far. */
  flush(): Promise<void>;
  /** Flushes and stops exporting (on SIGTERM, before the process exits). */
  shutdown(): Promise<void>;
}

export function startTracing(options: TracingOptions): Tracing {
  const exporter = new OTLPTraceExporter({
    url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces`,
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  // Globals, as an SDK's register() sets them: the active span follows async work, and incoming
  // `traceparent` headers are read with the W3C format.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    tracer: provider.getTracer(options.serviceName),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
