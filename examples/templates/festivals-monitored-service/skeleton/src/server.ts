import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  propagation,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';

export interface ServiceOptions {
  /** Application port (0 = any free port). */
  port: number;
  /** Metrics port scraped by the ServiceMonitor (0 = any free port). */
  metricsPort: number;
  metricsPath: string;
  host?: string;
  log?: Logger;
  metrics?: Metrics;
  /** Default: the global tracer (a no-op until tracing.ts's startTracing has run). */
  tracer?: Tracer;
}

export interface RunningService {
  url: string;
  metricsUrl: string;
  metrics: Metrics;
  close(): Promise<void>;
}

type Handler = () => { status: number; body: unknown };

/** The service's routes; `path` labels use these route names, never raw URLs (bounded cardinality). */
const routes: Record<string, Handler> = {
  '/healthz': () => ({ status: 200, body: { status: 'ok' } }),
  '/api/hello': () => ({ status: 200, body: { message: 'Hello from ${{ values.name }}' } }),
};

async function listen(server: http.Server, port: number, host: string) {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const log = options.log ?? createLogger();
  const metrics = options.metrics ?? createMetrics();
  const host = options.host ?? '0.0.0.0';

  const tracer = options.tracer ?? trace.getTracer('${{ values.name }}');

  const app = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    const path = route ? url.pathname : 'unmatched';
    // One server span per request, continuing the caller's trace (`traceparent`) when there is one.
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    tracer.startActiveSpan(
      `${method} ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'http.route': path,
          'url.path': url.pathname,
        },
      },
      parent,
      span => {
        metrics.httpInFlight.inc();
        let status = 500;
        try {
          const result = route ? route() : { status: 404, body: { error: 'not found' } };
          status = result.status;
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(result.body));
        } finally {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.httpInFlight.dec();
          metrics.httpRequests.inc({ method, path, status: String(status) });
          metrics.httpDuration.observe({ method, path }, seconds);
          span.setAttribute('http.response.status_code', status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          // Logged inside the span: the logger takes trace_id from it.
          log(status >= 500 ? 'error' : 'info', 'Request completed', {
            method,
            path: url.pathname,
            status,
            duration_ms: Math.round(seconds * 1000),
            // Set by the gateway after authentication; null for anonymous requests.
            user_id: req.headers['x-user-id'] ? String(req.headers['x-user-id']) : null,
            request_id: String(req.headers['x-request-id'] ?? randomUUID()),
          });
          span.end();
        }
      },
    );
  });

  const metricsServer = http.createServer(async (req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== options.metricsPath) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  });

  const url = await listen(app, options.port, host);
  const metricsUrl = await listen(metricsServer, options.metricsPort, host);
  log('info', 'Service started', { url, metrics_url: `${metricsUrl}${options.metricsPath}` });
  return {
    url,
    metricsUrl: `${metricsUrl}${options.metricsPath}`,
    metrics,
    close: async () => {
      await new Promise<void>(resolve => app.close(() => resolve()));
      await new Promise<void>(resolve => metricsServer.close(() => resolve()));
    },
  };
}
