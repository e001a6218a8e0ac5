import type { FestivalsMetrics } from './festivalsMetrics.ts';

/** Role of a simulated process; decides which traffic it produces. */
export type WorkloadRole = 'api' | 'worker';

export interface SimulationOptions {
  role: WorkloadRole;
  /** Share of HTTP requests answered 5xx (0..1). */
  errorRatio: number;
  /** Mean HTTP requests per second. */
  requestsPerSecond: number;
  /** Multiplies every latency; > 1 simulates a slow dependency. */
  latencyFactor: number;
  /** Share of ticket payments that fail (0..1, default 0.03); a ticket is sold only when paid. */
  paymentFailureRatio?: number;
  /** The worker completes no jobs (a stuck consumer); jobs keep arriving. */
  queuesStalled?: boolean;
  /**
   * Multiplies database query times, and so the connections they hold (default: latencyFactor,
   * a slow database slowing everything). Set apart from latencyFactor: slow requests with fast
   * queries, or slow queries alone.
   */
  queryLatencyFactor?: number;
  /** Share of the DB pool held at least (0..1), e.g. by leaked connections; unset = what traffic needs. */
  dbPoolInUse?: number;
  /** Purchases go through but sell no ticket (a broken checkout): "no sales" without payment failures. */
  ticketSalesStopped?: boolean;
  /** Multiplies the jobs arriving in each worker queue (default 1). */
  queueInflowFactor?: number;
  /** The process runs out of memory: OOM lines at level error each tick. */
  outOfMemory?: boolean;
  /** Pseudo-random source, injectable for tests. */
  random?: () => number;
  /** Receives one JSON log line per event, in the seed's log format. */
  log?: (line: string) => void;
}

const ENDPOINTS = [
  { method: 'GET', path: '/api/festivals', weight: 40, ms: 40 },
  { method: 'GET', path: '/api/festivals/:id', weight: 25, ms: 30 },
  { method: 'GET', path: '/api/festivals/:id/tickets', weight: 15, ms: 60 },
  { method: 'POST', path: '/api/tickets/purchase', weight: 8, ms: 250 },
  { method: 'POST', path: '/api/wallet/topup', weight: 5, ms: 180 },
  { method: 'GET', path: '/api/users/me', weight: 7, ms: 20 },
];
const TOTAL_WEIGHT = ENDPOINTS.reduce((s, e) => s + e.weight, 0);
const QUEUES = ['emails', 'ticket-pdf', 'payouts'];
const FESTIVALS = ['1', '2', '3'];
const TICKET_TYPES = ['day', 'weekend', 'vip'];

function pick<T>(random: () => number, items: T[]): T {
  return items[Math.floor(random() * items.length) % items.length];
}

function hex(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

function logLevel(failed: boolean, seconds: number): 'error' | 'warn' | 'info' {
  if (failed) return 'error';
  return seconds > 1 ? 'warn' : 'info';
}

function jobLevel(ok: boolean, seconds: number): 'error' | 'warn' | 'info' {
  if (!ok) return 'error';
  return seconds > 2 ? 'warn' : 'info';
}

/** Exponential-ish latency around `meanMs`, with a long tail. */
function latencySeconds(
  random: () => number,
  meanMs: number,
  factor: number,
): number {
  const u = Math.max(random(), 1e-6);
  return (-Math.log(u) * meanMs * factor) / 1000;
}

/**
 * Produces one tick (`dtSeconds` long) of festivals traffic into the metrics and the log.
 * Pure apart from the metrics/log it is given, so a test can drive it deterministically.
 */
export function simulateTick(
  metrics: FestivalsMetrics,
  state: { pending: Record<string, number> },
  options: SimulationOptions,
  dtSeconds: number,
  now: Date = new Date(),
): void {
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const poolSize = 20;
  metrics.dbConnectionsTotal.set(poolSize);

  const queryFactor = options.queryLatencyFactor ?? options.latencyFactor;

  if (options.role === 'api') {
    const expected = options.requestsPerSecond * dtSeconds;
    const count = Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
    metrics.httpInFlight.set(Math.round(count * 0.1));
    for (let i = 0; i < count; i++) {
      let r = random() * TOTAL_WEIGHT;
      const endpoint = ENDPOINTS.find(e => (r -= e.weight) < 0) ?? ENDPOINTS[0];
      const failed = random() < options.errorRatio;
      const okStatus = endpoint.method === 'POST' ? '201' : '200';
      const status = failed ? pick(random, ['500', '502', '503']) : okStatus;
      // Drawn once: the request's slowness and its query's are separate knobs.
      const baseSeconds = latencySeconds(random, endpoint.ms, 1);
      const seconds = baseSeconds * options.latencyFactor;
      metrics.httpRequests.inc({
        method: endpoint.method,
        path: endpoint.path,
        status,
      });
      metrics.httpDuration.observe(
        { method: endpoint.method, path: endpoint.path },
        seconds,
      );
      const query =
        endpoint.method === 'POST' ? 'insert_order' : 'select_festival';
      metrics.dbQueryDuration.observe(
        { query },
        baseSeconds * 0.4 * queryFactor,
      );
      const command = endpoint.method === 'POST' ? 'SET' : 'GET';
      metrics.redisCommands.inc({ command });
      metrics.redisDuration.observe({ command }, 0.0008 + random() * 0.002);
      if (
        endpoint.path === '/api/tickets/purchase' &&
        !failed &&
        options.ticketSalesStopped
      ) {
        // The series stays, with a zero increase: FestivalsNoTicketSales' expression sees 0, not nothing.
        metrics.ticketsSold.inc(
          {
            festival_id: pick(random, FESTIVALS),
            ticket_type: pick(random, TICKET_TYPES),
          },
          0,
        );
      } else if (endpoint.path === '/api/tickets/purchase' && !failed) {
        const paid = random() >= (options.paymentFailureRatio ?? 0.03);
        metrics.paymentTransactions.inc({
          status: paid ? 'succeeded' : 'failed',
        });
        // Adds 0 for an unpaid one: the series exists, so "no sales" is a zero increase.
        metrics.ticketsSold.inc(
          {
            festival_id: pick(random, FESTIVALS),
            ticket_type: pick(random, TICKET_TYPES),
          },
          paid ? 1 : 0,
        );
      }
      if (endpoint.path === '/api/wallet/topup' && !failed) {
        metrics.walletTransactions.inc({ type: 'topup' });
      }
      log(
        JSON.stringify({
          time: now.toISOString(),
          level: logLevel(failed, seconds),
          msg: failed ? 'Request failed' : 'Request completed',
          method: endpoint.method,
          path: endpoint.path.replace(':id', pick(random, FESTIVALS)),
          status: Number(status),
          duration_ms: Math.round(seconds * 1000),
          user_id: String(10000 + Math.floor(random() * 90000)),
          request_id: `${hex(random, 3)}-${hex(random, 3)}`,
          trace_id: hex(random, 16),
        }),
      );
    }
    // Slow queries hold their connections longer; a leak (dbPoolInUse) holds them regardless.
    const needed = Math.min(
      poolSize,
      3 + Math.round(count * 0.3 * queryFactor),
    );
    metrics.dbConnectionsActive.set(
      Math.max(needed, Math.round(poolSize * (options.dbPoolInUse ?? 0))),
    );
    metrics.activeUsers.set(200 + Math.round(random() * 50));
  } else {
    for (const queue of QUEUES) {
      const arrived = Math.round(
        random() * 6 * dtSeconds * (options.queueInflowFactor ?? 1),
      );
      const done = options.queuesStalled
        ? 0
        : Math.min(
            state.pending[queue] ?? 0,
            Math.round((2 + random() * 5) * dtSeconds),
          );
      // Adds 0 when nothing finished: "no completions" is a zero increase of a series that exists.
      metrics.queueJobs.inc({ queue, status: 'completed' }, 0);
      state.pending[queue] = (state.pending[queue] ?? 0) + arrived - done;
      for (let i = 0; i < done; i++) {
        const ok = random() > 0.02;
        const seconds = 0.2 + random() * 2;
        metrics.queueJobs.inc({ queue, status: ok ? 'completed' : 'failed' });
        metrics.queueJobDuration.observe({ queue }, seconds);
        // Every job logs, as the API logs every request, so the worker's Logs tab has levels
        // and volume to show, not only its failures.
        log(
          JSON.stringify({
            time: now.toISOString(),
            level: jobLevel(ok, seconds),
            msg: ok
              ? `Job completed in queue ${queue}`
              : `Job failed in queue ${queue}`,
            queue,
            duration_ms: Math.round(seconds * 1000),
            request_id: `${hex(random, 3)}-${hex(random, 3)}`,
            trace_id: hex(random, 16),
          }),
        );
      }
      metrics.queuePending.set({ queue }, state.pending[queue]);
    }
    metrics.dbConnectionsActive.set(
      Math.max(
        2 + Math.round(random() * 3),
        Math.round(poolSize * (options.dbPoolInUse ?? 0)),
      ),
    );
  }
  if (options.outOfMemory) {
    // What `kubectl logs … | grep -i "memory\\|oom"` (the guide's step) finds in a JVM-style service.
    log(
      JSON.stringify({
        time: now.toISOString(),
        level: 'error',
        msg: 'java.lang.OutOfMemoryError: Java heap space',
        error: 'container memory limit exceeded (512Mi), OOM kill imminent',
        heap_used_bytes: 497 * 1024 ** 2,
        trace_id: hex(random, 16),
      }),
    );
  }
}
