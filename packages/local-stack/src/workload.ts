import fs from 'node:fs';
import http from 'node:http';
import { Registry } from 'prom-client';
import { createFestivalsMetrics } from './festivalsMetrics.ts';
import { simulateTick, type WorkloadRole } from './simulation.ts';
import { createLokiPusher } from './loki/pusher.ts';
import { parseWorkloadKnobs, type WorkloadKnobs } from './workloadKnobs.ts';

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
  // What the process started with; an incident replay's `null` or reset goes back to these.
  const defaults: Omit<WorkloadKnobs, 'queueBacklog'> = {
    errorRatio: options.errorRatio ?? 0.02,
    latencyFactor: options.latencyFactor ?? 1,
    paymentFailureRatio: options.paymentFailureRatio,
    queuesStalled: options.queuesStalled,
    down: false,
  };
  const knobs: Omit<WorkloadKnobs, 'queueBacklog'> = { ...defaults };
  const sim = {
    role: options.role,
    requestsPerSecond: options.requestsPerSecond ?? 25,
    log:
      logStream || pusher
        ? (line: string) => {
            logStream?.write(`${line}\n`);
            pusher?.log(line);
          }
        : undefined,
  };
  const tick = () => {
    // A process that is down serves no traffic and logs nothing.
    if (knobs.down) return;
    simulateTick(
      metrics,
      state,
      {
        ...sim,
        ...knobs,
        errorRatio: knobs.errorRatio ?? 0.02,
        latencyFactor: knobs.latencyFactor ?? 1,
      },
      tickMs / 1000,
    );
  };
  tick();
  const timer = setInterval(tick, tickMs);

  const server = http.createServer(async (req, res) => {
    if (req.url === '/knobs' || req.url === '/knobs/reset') {
      await handleKnobs(req, res);
    } else if (req.url === '/metrics' && knobs.down) {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end(`${options.service} is down (incident replay)\n`);
    } else if (req.url === '/metrics') {
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
  /** `GET /knobs`, `POST /knobs` (JSON, only the named knobs change), `POST /knobs/reset`. */
  async function handleKnobs(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/knobs') {
      reply(200, { knobs, pending: state.pending });
      return;
    }
    if (req.method !== 'POST') {
      reply(405, { error: `${req.method} ${req.url}: use GET or POST` });
      return;
    }
    if (req.url === '/knobs/reset') {
      for (const key of Object.keys(knobs)) delete (knobs as any)[key];
      Object.assign(knobs, defaults);
      state.pending = initialPending(options);
      reply(200, { knobs, pending: state.pending });
      return;
    }
    let changes;
    try {
      let text = '';
      for await (const chunk of req) text += chunk;
      changes = parseWorkloadKnobs(JSON.parse(text || '{}'));
    } catch (e) {
      reply(400, { error: `Invalid knobs: ${(e as Error).message}` });
      return;
    }
    for (const [name, value] of Object.entries(changes)) {
      if (name === 'queueBacklog') {
        if (options.role === 'worker')
          for (const queue of Object.keys(state.pending))
            state.pending[queue] = value as number;
      } else {
        (knobs as any)[name] =
          value === undefined ? (defaults as any)[name] : value;
      }
    }
    reply(200, { knobs, pending: state.pending });
  }

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
