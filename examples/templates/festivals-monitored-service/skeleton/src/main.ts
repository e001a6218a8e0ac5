import { startService } from './server.ts';
import { startTracing } from './tracing.ts';

// Tracing first, so the server's spans go to the collector (monitoring guide, "Distributed Tracing").
// OTEL_SDK_DISABLED=true (the OpenTelemetry variable) runs without it, e.g. with no collector.
const tracing =
  process.env.OTEL_SDK_DISABLED === 'true'
    ? undefined
    : startTracing({
        serviceName: process.env.OTEL_SERVICE_NAME ?? '${{ values.name }}',
        endpoint:
          process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://jaeger-collector.monitoring:4318',
      });

// Ports and path match k8s/deployment.yaml and the generated ServiceMonitor.
const service = await startService({
  port: Number(process.env.PORT ?? 8080),
  metricsPort: Number(process.env.METRICS_PORT ?? ${{ values.metricsPort }}),
  metricsPath: process.env.METRICS_PATH ?? '${{ values.metricsPath }}',
  host: process.env.HOST,
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    service
      .close()
      .then(() => tracing?.shutdown())
      .then(() => process.exit(0));
  });
}
