/**
 * Thresholds of the seed's alert rules (docs/monitoring-guide.md, "Alert Rules"), in the units the
 * scaffolder form asks for. The one source for the generated PrometheusRules' defaults, the
 * threshold lines on the charts and the health card's rule, so the card turns amber where the
 * pager would.
 * @public
 */
export const SEED_THRESHOLDS = {
  /** FestivalsHighErrorRate: 5xx share of requests, %. */
  errorRatePercent: 5,
  /** FestivalsHighLatency: P95 request latency, seconds. */
  latencyP95Seconds: 2,
  /** HighCPU: CPU use of the limit, %. */
  cpuPercent: 90,
  /** HighMemory: memory use of the limit, %. */
  memoryPercent: 90,
  /** PodRestarting: container restarts per hour. */
  restartsPerHour: 3,
  /** DatabaseConnectionHigh: connections in use of the pool, %. */
  dbPoolPercent: 80,
  /** DatabaseSlowQueries: P95 query latency, seconds. */
  slowQueryP95Seconds: 1,
  /** QueueBacklog: pending jobs. */
  queueBacklog: 1000,
  /** PaymentFailureHigh: failed share of payments, %. */
  paymentFailurePercent: 10,
} as const;

/** One value per seed threshold (e.g. a service's own choices). @public */
export type SeedThresholds = { [K in keyof typeof SEED_THRESHOLDS]: number };
