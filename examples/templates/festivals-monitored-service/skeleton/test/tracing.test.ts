import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../src/logger.ts';
import { startService, type RunningService } from '../src/server.ts';
import { startTracing, type Tracing } from '../src/tracing.ts';

// The guide's "Application Log Format", every field, in its order.
const LOG_FIELDS = [
  'time',
  'level',
  'msg',
  'method',
  'path',
  'status',
  'duration_ms',
  'user_id',
  'request_id',
  'trace_id',
];

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

/** An OTLP/HTTP receiver (JSON encoding) as a collector runs it: POST /v1/traces. */
async function startReceiver() {
  const batches: Array<{ contentType?: string; body: any }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404);
        res.end();
        return;
      }
      batches.push({
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    batches,
    spans(): Array<ExportedSpan & { serviceName: string }> {
      return batches.flatMap(b =>
        b.body.resourceSpans.flatMap((rs: any) => {
          const serviceName = rs.resource.attributes.find(
            (a: any) => a.key === 'service.name',
          )?.value.stringValue;
          return rs.scopeSpans.flatMap((ss: any) =>
            ss.spans.map((s: ExportedSpan) => ({ ...s, serviceName })),
          );
        }),
      );
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

describe('${{ values.name }} tracing', () => {
  const lines: string[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let tracing: Tracing;
  let service: RunningService;

  before(async () => {
    receiver = await startReceiver();
    tracing = startTracing({ serviceName: '${{ values.name }}', endpoint: receiver.url });
    service = await startService({
      port: 0,
      metricsPort: 0,
      metricsPath: '${{ values.metricsPath }}',
      host: '127.0.0.1',
      log: createLogger(line => lines.push(line)),
    });
  });
  after(async () => {
    await service.close();
    await tracing.shutdown();
    await receiver.close();
  });

  const logOf = (requestId: string) => {
    const line = lines.find(l => JSON.parse(l).request_id === requestId);
    assert.ok(line, `request ${requestId} logged`);
    return JSON.parse(line);
  };

  it('exports a server span per request to the OTLP endpoint, named after the entity', async () => {
    await fetch(`${service.url}/api/hello`, { headers: { 'x-request-id': 'span-1' } });
    await tracing.flush();
    const span = receiver.spans().find(s => s.name === 'GET /api/hello');
    assert.ok(span, `exported: ${receiver.spans().map(s => s.name).join(', ')}`);
    assert.equal(span.serviceName, '${{ values.name }}');
    assert.equal(span.kind, 2); // SPAN_KIND_SERVER
    assert.match(receiver.batches[0].contentType ?? '', /^application\/json/);
    const attributes = Object.fromEntries(
      span.attributes.map(a => [a.key, Object.values(a.value)[0]]),
    );
    assert.equal(attributes['http.route'], '/api/hello');
    assert.equal(Number(attributes['http.response.status_code']), 200);
    // The request's log line carries the exported span's trace id.
    assert.equal(logOf('span-1').trace_id, span.traceId);
  });

  it('continues the caller’s trace from its traceparent header', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    await fetch(`${service.url}/healthz`, {
      headers: {
        'x-request-id': 'span-2',
        traceparent: `00-${callerTrace}-${callerSpan}-01`,
      },
    });
    await tracing.flush();
    const span = receiver.spans().find(s => s.name === 'GET /healthz');
    assert.ok(span);
    assert.equal(span.traceId, callerTrace);
    assert.equal(span.parentSpanId, callerSpan);
    // trace_id is the trace id, not the raw traceparent header.
    assert.equal(logOf('span-2').trace_id, callerTrace);
  });

  it('logs every field of the platform format, in its order', async () => {
    await fetch(`${service.url}/api/hello`, {
      headers: { 'x-request-id': 'req-42', 'x-user-id': '12345' },
    });
    const entry = logOf('req-42');
    assert.deepEqual(Object.keys(entry), LOG_FIELDS);
    assert.equal(entry.user_id, '12345');
    assert.match(entry.trace_id, /^[0-9a-f]{32}$/);
    assert.equal(entry.duration_ms >= 0, true);
  });
});
