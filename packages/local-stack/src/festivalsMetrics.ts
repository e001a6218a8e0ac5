import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The seed's application metrics (docs/monitoring-guide.md, "Application Metrics"), same names and
 * labels, plus `payment_transactions_total{status}` which the seed's FestivalsPaymentFailureHigh
 * rule reads. `namespace`, `service` and `job` are target labels added by Prometheus.
 */
export function createFestivalsMetrics(registry: Registry) {
  const registers = [registry];
  return {
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served',
      labelNames: ['method', 'path', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'path'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10],
      registers,
    }),
    httpInFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being served',
      registers,
    }),
    dbConnectionsTotal: new Gauge({
      name: 'db_connections_total',
      help: 'Database connection pool size',
      registers,
    }),
    dbConnectionsActive: new Gauge({
      name: 'db_connections_active',
      help: 'Database connections in use',
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: 'db_query_duration_seconds',
      help: 'Database query duration',
      labelNames: ['query'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    redisCommands: new Counter({
      name: 'redis_commands_total',
      help: 'Redis commands issued',
      labelNames: ['command'] as const,
      registers,
    }),
    redisDuration: new Histogram({
      name: 'redis_command_duration_seconds',
      help: 'Redis command duration',
      labelNames: ['command'] as const,
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
      registers,
    }),
    queueJobs: new Counter({
      name: 'queue_jobs_total',
      help: 'Queue jobs by final status',
      labelNames: ['queue', 'status'] as const,
      registers,
    }),
    queueJobDuration: new Histogram({
      name: 'queue_job_duration_seconds',
      help: 'Queue job duration',
      labelNames: ['queue'] as const,
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    queuePending: new Gauge({
      name: 'queue_jobs_pending',
      help: 'Jobs waiting in the queue',
      labelNames: ['queue'] as const,
      registers,
    }),
    ticketsSold: new Counter({
      name: 'tickets_sold_total',
      help: 'Tickets sold',
      labelNames: ['festival_id', 'ticket_type'] as const,
      registers,
    }),
    walletTransactions: new Counter({
      name: 'wallet_transactions_total',
      help: 'Wallet transactions',
      labelNames: ['type'] as const,
      registers,
    }),
    activeUsers: new Gauge({
      name: 'active_users_total',
      help: 'Users active in the last 5 minutes',
      registers,
    }),
    paymentTransactions: new Counter({
      name: 'payment_transactions_total',
      help: 'Payment transactions by outcome',
      labelNames: ['status'] as const,
      registers,
    }),
  };
}

export type FestivalsMetrics = ReturnType<typeof createFestivalsMetrics>;
