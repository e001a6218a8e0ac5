import { startService } from './server.ts';

// Ports and path match k8s/deployment.yaml and the generated ServiceMonitor.
const service = await startService({
  port: Number(process.env.PORT ?? 8080),
  metricsPort: Number(process.env.METRICS_PORT ?? ${{ values.metricsPort }}),
  metricsPath: process.env.METRICS_PATH ?? '${{ values.metricsPath }}',
  host: process.env.HOST,
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    service.close().then(() => process.exit(0));
  });
}
