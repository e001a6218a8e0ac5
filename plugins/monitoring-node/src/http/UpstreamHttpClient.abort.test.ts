import { z } from 'zod';
import { startRecordingServer } from '@internal/test-kit';
import { MonitoringMetrics } from '../metrics/MonitoringMetrics';
import { UpstreamHttpClient } from './UpstreamHttpClient';
import { UpstreamRequestError } from './UpstreamRequestError';

// A caller that gives up (its user was denied) closes the upstream request at once, and the
// failure is counted as aborted, not as the upstream's fault.
describe('UpstreamHttpClient with a signal', () => {
  it('closes the connection when the signal aborts and rejects with an aborted error', async () => {
    let closedUnanswered = false;
    const server = await startRecordingServer((_req, res) => {
      res.on('close', () => {
        closedUnanswered = !res.writableEnded;
      });
    });
    try {
      const metrics = MonitoringMetrics.create({ defaultMetrics: false });
      const http = UpstreamHttpClient.create({
        upstream: 'prometheus',
        metrics,
        phrases: {
          label: 'Prometheus',
          timeoutAdvice: '',
          httpError: ({ status }) => `answered ${status}`,
          malformed: () => 'malformed',
        },
      });
      const controller = new AbortController();
      const answer = http.request(
        {
          name: 'main',
          baseUrl: server.url,
          headers: {},
          timeoutMs: 60_000,
          maxResponseBytes: 1024,
        },
        {
          endpoint: 'query',
          path: '/api/v1/query',
          schema: z.object({}),
          signal: controller.signal,
        },
      );
      const deadline = Date.now() + 20_000;
      while (server.requests.length === 0 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 20));
      }
      expect(server.requests).toHaveLength(1);
      controller.abort(new Error('user denied'));
      const error = await answer.then(
        () => undefined,
        e => e,
      );
      expect(error).toBeInstanceOf(UpstreamRequestError);
      expect(error.outcome).toBe('aborted');
      expect(error.message).toBe(
        `Prometheus at ${server.url}: the request was cancelled (Error: user denied)`,
      );
      while (!closedUnanswered && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 20));
      }
      expect(closedUnanswered).toBe(true);
      expect(await metrics.registry.metrics()).toContain(
        'monitoring_upstream_requests_total{upstream="prometheus",endpoint="query",outcome="aborted"} 1',
      );
    } finally {
      await server.close();
    }
  }, 60_000);
});
