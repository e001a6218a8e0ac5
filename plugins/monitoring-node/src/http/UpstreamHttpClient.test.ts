import { z } from 'zod';
import type { UpstreamInstance } from '../config/readInstances';
import { MonitoringMetrics } from '../metrics/MonitoringMetrics';
import {
  respondJson as json,
  startRecordingServer as startServer,
} from '@internal/test-kit';
import { UpstreamHttpClient } from './UpstreamHttpClient';
import { UpstreamRequestError } from './UpstreamRequestError';

// Generous: CI is a cold 2-core machine. Only "about the timeout, not forever" is asserted.
jest.setTimeout(60_000);

const phrases = {
  label: 'Thing',
  timeoutAdvice: 'Try again.',
  httpError: ({ where, status }: { where: string; status: number }) =>
    `${where} answered ${status}`,
  malformed: (where: string) => `${where} returned a malformed response.`,
};

function instance(
  baseUrl: string,
  overrides: Partial<UpstreamInstance> = {},
): UpstreamInstance {
  return {
    name: 'local',
    baseUrl,
    headers: {},
    timeoutMs: 10_000,
    maxResponseBytes: 1024 * 1024,
    ...overrides,
  };
}

function client() {
  const metrics = MonitoringMetrics.create({ defaultMetrics: false });
  return {
    metrics,
    http: UpstreamHttpClient.create({ upstream: 'loki', phrases, metrics }),
  };
}

const anything = z.object({ ok: z.boolean() });

async function failure(work: Promise<unknown>): Promise<UpstreamRequestError> {
  const error = await work.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(UpstreamRequestError);
  return error;
}

describe('UpstreamHttpClient', () => {
  it('times out a body that drips slower than the timeout, though the headers came at once', async () => {
    let dripping: NodeJS.Timeout | undefined;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"ok":');
      // One space every 200 ms for 40 s: the whole answer takes far longer than the timeout.
      let left = 200;
      dripping = setInterval(() => {
        if (--left === 0) {
          clearInterval(dripping);
          res.end('true}');
        } else {
          res.write(' ');
        }
      }, 200);
    });
    try {
      const { http } = client();
      const started = Date.now();
      const error = await failure(
        http.request(instance(server.url, { timeoutMs: 1500 }), {
          endpoint: 'drip',
          path: '/drip',
          schema: anything,
        }),
      );
      const elapsed = Date.now() - started;
      expect(error.outcome).toBe('timeout');
      expect(error.upstream).toBe('loki');
      expect(error.message).toBe(
        `Thing at ${server.url} did not answer within 1.5s. Try again.`,
      );
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(elapsed).toBeLessThan(15_000);
    } finally {
      clearInterval(dripping);
      await server.close();
    }
  });

  it.each([
    ['announced in Content-Length', true],
    ['streamed without a length', false],
  ])(
    'refuses a body larger than maxResponseBytes (%s), naming the cap',
    async (_case, announce) => {
      const big = JSON.stringify({ ok: true, pad: 'x'.repeat(300 * 1024) });
      const server = await startServer((_req, res) => {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          ...(announce && { 'Content-Length': Buffer.byteLength(big) }),
        });
        res.end(big);
      });
      try {
        const { http, metrics } = client();
        const error = await failure(
          http.request(instance(server.url, { maxResponseBytes: 256 * 1024 }), {
            endpoint: 'big',
            path: '/big',
            schema: anything,
          }),
        );
        expect(error.outcome).toBe('too_large');
        expect(error.message).toBe(
          `Thing at ${server.url} answered with more than 262144 bytes (maxResponseBytes of monitoring.loki.instances[local]). Narrow the request, or raise maxResponseBytes.`,
        );
        expect(await metrics.registry.metrics()).toContain(
          'monitoring_upstream_requests_total{upstream="loki",endpoint="big",outcome="too_large"} 1',
        );
      } finally {
        await server.close();
      }
    },
  );

  it('states the cap in MiB when it is one or more', async () => {
    const server = await startServer((_req, res) =>
      json(res, { ok: true, pad: 'x'.repeat(2 * 1024 * 1024) }),
    );
    try {
      const error = await failure(
        client().http.request(instance(server.url), {
          endpoint: 'big',
          path: '/big',
          schema: anything,
        }),
      );
      expect(error.message).toContain('answered with more than 1 MiB');
    } finally {
      await server.close();
    }
  });

  it('accepts a body just under the cap', async () => {
    const body = JSON.stringify({ ok: true, pad: 'x'.repeat(1000) });
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    try {
      const answer = await client().http.request(
        instance(server.url, { maxResponseBytes: Buffer.byteLength(body) }),
        { endpoint: 'ok', path: '/ok', schema: anything },
      );
      expect(answer).toEqual({ ok: true });
    } finally {
      await server.close();
    }
  });

  it('refuses a 2xx answer that does not match the schema, and non-JSON', async () => {
    const server = await startServer((req, res) =>
      req.url === '/text' ? res.end('<html>') : json(res, { ok: 'yes' }),
    );
    try {
      const { http } = client();
      for (const path of ['/wrong', '/text']) {
        const error = await failure(
          http.request(instance(server.url), {
            endpoint: 'x',
            path,
            schema: anything,
          }),
        );
        expect(error.outcome).toBe('malformed');
        expect(error.status).toBe(200);
        expect(error.message).toBe(
          `Thing at ${server.url} returned a malformed response.`,
        );
      }
    } finally {
      await server.close();
    }
  });

  it('sends the instance headers, form bodies and JSON bodies', async () => {
    const server = await startServer((_req, res) => json(res, { ok: true }));
    try {
      const { http } = client();
      const at = instance(server.url, { headers: { 'X-Scope-OrgID': 'acme' } });
      await http.request(at, {
        endpoint: 'form',
        path: '/form',
        form: { query: 'up{job="a b"}' },
        schema: anything,
      });
      await http.request(at, {
        endpoint: 'json',
        method: 'POST',
        path: '/json',
        json: { a: 1 },
        schema: anything,
      });
      const [form, body] = server.requests;
      expect(form.method).toBe('POST');
      expect(form.headers['content-type']).toBe(
        'application/x-www-form-urlencoded',
      );
      expect(new URLSearchParams(form.body).get('query')).toBe('up{job="a b"}');
      expect(body.headers['content-type']).toBe('application/json');
      expect(JSON.parse(body.body)).toEqual({ a: 1 });
      for (const r of server.requests) {
        expect(r.headers['x-scope-orgid']).toBe('acme');
      }
    } finally {
      await server.close();
    }
  });

  it('classifies HTTP errors and an unreachable upstream, and counts each', async () => {
    const server = await startServer((req, res) =>
      json(res, { error: 'no' }, Number(req.url.slice(1))),
    );
    const { http, metrics } = client();
    try {
      const at = instance(server.url);
      const e404 = await failure(
        http.request(at, { endpoint: 'e', path: '/404', schema: anything }),
      );
      expect([e404.outcome, e404.status, e404.message]).toEqual([
        'client_error',
        404,
        `Thing at ${server.url} answered 404`,
      ]);
      const e502 = await failure(
        http.request(at, { endpoint: 'e', path: '/502', schema: anything }),
      );
      expect([e502.outcome, e502.status]).toEqual(['server_error', 502]);
    } finally {
      await server.close();
    }
    // A port nothing listens on any more (not the one above: its pooled socket would be reused).
    const gone = await startServer(() => undefined);
    await gone.close();
    const down = await failure(
      http.request(instance(gone.url), {
        endpoint: 'e',
        path: '/',
        schema: anything,
      }),
    );
    expect(down.outcome).toBe('unreachable');
    expect(down.message).toBe(
      `Thing at ${gone.url} is unreachable (ECONNREFUSED). Check that it is running and that monitoring.loki.instances has the right baseUrl.`,
    );
    const text = await metrics.registry.metrics();
    for (const outcome of ['client_error', 'server_error', 'unreachable']) {
      expect(text).toContain(
        `monitoring_upstream_requests_total{upstream="loki",endpoint="e",outcome="${outcome}"} 1`,
      );
    }
  });
});
