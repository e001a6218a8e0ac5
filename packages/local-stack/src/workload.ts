import fs from 'node:fs';
import http from 'node:http';
import { Registry } from 'prom-client';
import { createFestivalsMetrics } from './festivalsMetrics.ts';
import { simulateTick, type WorkloadRole } from './simulation.ts';
import { createLokiPusher } from './loki/pusher.ts';

export interface WorkloadOptions {
  service: string;
  role: WorkloadRole;
  port: number;
  host?: string;
  errorRatio?: number;
  requestsPerSecond?: number;
  latencyFactor?: number;
  paymentFailureRatio?: number;
  queuesStalled?: boolean;
  /** Jobs waiting in each worker queue at start (default a small post-deploy backlog). */
  queueBacklog?: number;
  /** JSON log lines are appended here (the seed's log format); none when absent. */
  logFile?: string;
  /** Its log lines are also pushed here with these stream labels (promtail's part). */
  loki?: { url: string; labels: Record<string, string> };
  tickMs?: number;
}

export interface RunningWorkload {
  url: string;
  close(): Promise<void>;
}

/** A worker starts with a small backlog, as a real one would after a deploy, or the one asked for. */
function initialPending(options: WorkloadOptions): Record<string, number> {
  if (options.role !== 'worker') return {};
  const backlog = options.queueBacklog;
  if (backlog === undefined)
    return { emails: 20, 'ticket-pdf': 10, payouts: 5 };
  return { emails: backlog, 'ticket-pdf': backlog, payouts: backlog };
}

/** One simulated festivals process: traffic into prom-client metrics served on /metrics. */
export async function startWorkload(
  options: WorkloadOptions,
): Promise<RunningWorkload> {
  const registry = new Registry();
  const metrics = createFestivalsMetrics(registry);
  const state = {
    pending: initialPending(options),
  };
  const logStream = options.logFile
    ? fs.createWriteStream(options.logFile, { flags: 'a' })
    : undefined;
  const pusher = options.loki ? createLokiPusher(options.loki) : undefined;
  const tickMs = options.tickMs ?? 1000;
  const sim = {
    role: options.role,
    errorRatio: options.errorRatio ?? 0.02,
    requestsPerSecond: options.requestsPerSecond ?? 25,
    latencyFactor: options.latencyFactor ?? 1,
    paymentFailureRatio: options.paymentFailureRatio,
    queuesStalled: options.queuesStalled,
    log:
      logStream || pusher
        ? (line: string) => {
            logStream?.write(`${line}\n`);
            pusher?.log(line);
          }
        : undefined,
  };
  simulateTick(metrics, state, sim, tickMs / 1000);
  const timer = setInterval(
    () => simulateTick(metrics, state, sim, tickMs / 1000),
    tickMs,
  );

  const server = http.createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'Content-Type': registry.contentType });
      res.end(await registry.metrics());
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`${options.service} ok\n`);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  return {
    url: `http://${host}:${options.port}`,
    close: async () => {
      clearInterval(timer);
      await pusher?.close();
      await new Promise<void>(resolve => server.close(() => resolve()));
      await new Promise<void>(resolve =>
        logStream ? logStream.end(resolve) : resolve(),
      );
    },
  };
}
