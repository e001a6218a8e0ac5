import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Backend {
  name: string;
  url: string;
}

export interface RunningLoadBalancer {
  url: string;
  /** Replicas the balancer currently sends requests to. */
  ready(): string[];
  stop(): Promise<void>;
}

/**
 * A minimal load balancer for tests, as a Kubernetes Service in front of backend pods: requests
 * go round-robin to the replicas whose readiness endpoint answered 200 at the last probe (every
 * `probeMs`). It retries nothing: an upstream error is answered 502. Every answer carries
 * `x-served-by` naming the replica it was sent to, so failures can be attributed.
 */
export async function startLoadBalancer(options: {
  backends: Backend[];
  probeMs?: number;
}): Promise<RunningLoadBalancer> {
  const probeMs = options.probeMs ?? 100;
  const ready = new Set<string>();
  let next = 0;
  let stopped = false;

  const probe = async (backend: Backend) => {
    while (!stopped) {
      try {
        const res = await fetch(
          `${backend.url}/.backstage/health/v1/readiness`,
          { signal: AbortSignal.timeout(1000) },
        );
        await res.arrayBuffer();
        if (res.ok) ready.add(backend.name);
        else ready.delete(backend.name);
      } catch {
        ready.delete(backend.name);
      }
      await new Promise(r => setTimeout(r, probeMs));
    }
  };
  const probes = options.backends.map(probe);

  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const candidates = options.backends.filter(b => ready.has(b.name));
    if (!candidates.length) {
      res.writeHead(503, { 'x-served-by': 'none' });
      res.end('no ready replica');
      return;
    }
    const backend = candidates[next++ % candidates.length];
    const target = new URL(req.url ?? '/', backend.url);
    const upstream = http.request(
      target,
      {
        method: req.method,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      upRes => {
        res.writeHead(upRes.statusCode ?? 502, {
          ...upRes.headers,
          'x-served-by': backend.name,
        });
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    upstream.on('error', e => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'x-served-by': backend.name });
      res.end(`replica ${backend.name}: ${e.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ready: () => [...ready],
    stop: async () => {
      stopped = true;
      await Promise.all(probes);
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
