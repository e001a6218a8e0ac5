import {
  LABEL_NAME_PATTERN,
  parseDuration,
  PROMETHEUS_DURATION_PATTERN,
  SEED_THRESHOLDS,
  SeedThresholds,
} from '@internal/plugin-monitoring-common';
import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import { parseRequest } from '@internal/plugin-monitoring-node';
import { z as zodV3 } from 'zod/v3';

/** The zod the scaffolder hands to action schemas (its own copy of `zod/v3`). */
export type ScaffolderZod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

// The scaffolder converts action schemas to JSON schema and validates with that, so defaults and
// refinements only take effect when the handler parses the input itself. This package's `zod/v3`
// has the same runtime API as the scaffolder's copy; only the nominal class types differ, so one
// schema builder serves both the action's declared schema and the handler's parse.
const runtimeZod = zodV3 as unknown as ScaffolderZod;

/** The seed's alert groups (docs/monitoring-guide.md, "Alert Rules"). */
export const ALERT_GROUPS = [
  'availability',
  'resources',
  'database',
  'queue',
  'business',
] as const;
export type AlertGroup = (typeof ALERT_GROUPS)[number];

/** Kubernetes object and namespace names (RFC 1123 DNS label). */
export const KUBERNETES_NAME = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** The seed ServiceMonitor's endpoint (`port: metrics`, `interval: 30s`, `path: /metrics`, `scrapeTimeout: 10s`). */
export const SEED_SCRAPE = {
  portName: 'metrics',
  path: '/metrics',
  interval: '30s',
  scrapeTimeout: '10s',
} as const;

function percent(z: ScaffolderZod, description: string, seed: number) {
  return z.number().min(0).max(100).default(seed).describe(description);
}

/** A schema of the scaffolder's zod whose output is `T`, named so declarations stay portable. */
export type ZodSchemaOf<T> = InstanceType<
  typeof runtimeZod.ZodType<
    T,
    ConstructorParameters<typeof runtimeZod.ZodType>[0],
    unknown
  >
>;

/** A service to monitor, with every default applied. */
export type MonitoredService = {
  name: string;
  namespace: string;
  metrics: {
    port: number;
    portName: string;
    path: string;
    interval: string;
    scrapeTimeout: string;
  };
  alertGroups: AlertGroup[];
  thresholds: SeedThresholds;
  severities: { critical: string; warning: string };
  routingLabels: Record<string, string | undefined>;
  /** Empty = none. */
  runbookUrl?: string;
  /** Service level objectives: multi-window, multi-burn-rate alerts (generators/slo.ts). */
  slo: {
    availability?: { objectivePercent: number; windowDays: number };
    latency?: {
      objectivePercent: number;
      thresholdSeconds: number;
      windowDays: number;
    };
  };
};

/** What a template passes: name and namespace, everything else optional (seed defaults). */
// Type aliases (not interfaces) so the types fit JsonObject, as action inputs must.
export type MonitoredServiceInput = {
  name: string;
  namespace: string;
  metrics?: Partial<MonitoredService['metrics']>;
  alertGroups?: AlertGroup[];
  thresholds?: Partial<MonitoredService['thresholds']>;
  severities?: Partial<MonitoredService['severities']>;
  routingLabels?: Record<string, string | undefined>;
  runbookUrl?: string;
  slo?: {
    availability?: { objectivePercent: number; windowDays?: number };
    latency?: {
      objectivePercent: number;
      thresholdSeconds: number;
      windowDays?: number;
    };
  };
};

/** The histogram buckets of the skeleton's `http_request_duration_seconds`: a latency SLO's threshold is one. */
export const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10,
];

function sloShape(z: ScaffolderZod) {
  const objective = z
    .number()
    .gt(0)
    .lt(100)
    .describe('Share of good events, in percent (e.g. 99.9)');
  const windowDays = z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(30)
    .describe('Window the objective is measured over, in days (default 30)');
  return z
    .object({
      availability: z
        .object({ objectivePercent: objective, windowDays })
        .optional()
        .describe('Requests answered without a 5xx, e.g. 99.9 % over 30 days'),
      latency: z
        .object({
          objectivePercent: objective,
          thresholdSeconds: z
            .number()
            .refine(v => LATENCY_BUCKETS.includes(v), {
              message: `must be a bucket of http_request_duration_seconds: ${LATENCY_BUCKETS.join(
                ', ',
              )}`,
            })
            .describe('A request is good when faster than this (seconds)'),
          windowDays,
        })
        .optional()
        .describe('Requests faster than a threshold, e.g. 95 % under 0.25 s'),
    })
    .default({})
    .describe(
      'Optional service level objectives: recording rules and multi-window, multi-burn-rate alerts (1 h/5 m fast burn, 6 h/30 m slow burn)',
    );
}

/** Fields describing the service to monitor: the input of `monitoring:manifests:generate`. */
function monitoredServiceShape(z: ScaffolderZod) {
  const k8sName = (what: string) =>
    z
      .string()
      .max(63)
      .regex(
        new RegExp(KUBERNETES_NAME),
        `${what} must be a Kubernetes name: lower-case letters, digits and '-', starting and ending with a letter or digit`,
      );
  const duration = (what: string, seed: string) =>
    z
      .string()
      .regex(
        PROMETHEUS_DURATION_PATTERN,
        `${what} must be a Prometheus duration such as 30s or 1m30s`,
      )
      .refine(v => v.length > 0, `${what} must not be empty`)
      .default(seed);
  const labelName = z
    .string()
    .regex(LABEL_NAME_PATTERN, 'must be a Prometheus label name');
  return {
    name: k8sName('name').describe(
      'Service name: the Kubernetes Service, Deployment and Prometheus job name',
    ),
    namespace: k8sName('namespace').describe(
      'Kubernetes namespace the service runs in',
    ),
    metrics: z
      .object({
        port: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .default(9100)
          .describe('Container port serving metrics'),
        portName: k8sName('metrics.portName')
          .max(15)
          .default(SEED_SCRAPE.portName)
          .describe('Name of the Service port the ServiceMonitor scrapes'),
        path: z
          .string()
          .regex(/^\/[^\s?#]*$/, 'metrics.path must be an absolute URL path')
          .default(SEED_SCRAPE.path)
          .describe('HTTP path of the metrics endpoint'),
        interval: duration('metrics.interval', SEED_SCRAPE.interval).describe(
          'Scrape interval',
        ),
        scrapeTimeout: duration(
          'metrics.scrapeTimeout',
          SEED_SCRAPE.scrapeTimeout,
        ).describe('Scrape timeout (not longer than the interval)'),
      })
      .default({})
      .describe('How Prometheus scrapes the service'),
    alertGroups: z
      .array(z.enum(ALERT_GROUPS))
      .min(1)
      .default([...ALERT_GROUPS])
      .describe('Seed alert groups to enable'),
    thresholds: z
      .object({
        errorRatePercent: percent(
          z,
          'HighErrorRate: 5xx share of requests, %',
          SEED_THRESHOLDS.errorRatePercent,
        ),
        latencyP95Seconds: z
          .number()
          .positive()
          .default(SEED_THRESHOLDS.latencyP95Seconds)
          .describe('HighLatency: P95 request latency, seconds'),
        cpuPercent: percent(
          z,
          'HighCPU: CPU use of the limit, %',
          SEED_THRESHOLDS.cpuPercent,
        ),
        memoryPercent: percent(
          z,
          'HighMemory: memory use of the limit, %',
          SEED_THRESHOLDS.memoryPercent,
        ),
        restartsPerHour: z
          .number()
          .int()
          .min(0)
          .default(SEED_THRESHOLDS.restartsPerHour)
          .describe('PodRestarting: container restarts per hour'),
        dbPoolPercent: percent(
          z,
          'DatabaseConnectionHigh: connections in use of the pool, %',
          SEED_THRESHOLDS.dbPoolPercent,
        ),
        slowQueryP95Seconds: z
          .number()
          .positive()
          .default(SEED_THRESHOLDS.slowQueryP95Seconds)
          .describe('DatabaseSlowQueries: P95 query latency, seconds'),
        queueBacklog: z
          .number()
          .int()
          .min(0)
          .default(SEED_THRESHOLDS.queueBacklog)
          .describe('QueueBacklog: pending jobs'),
        paymentFailurePercent: percent(
          z,
          'PaymentFailureHigh: failed share of payments, %',
          SEED_THRESHOLDS.paymentFailurePercent,
        ),
      })
      .default({})
      .describe('Alert thresholds (defaults from the monitoring guide)'),
    severities: z
      .object({
        critical: labelSafeValue(z).default('critical'),
        warning: labelSafeValue(z).default('warning'),
      })
      .default({})
      .describe(
        'Value of the `severity` label for the seed’s critical and warning rules (Alertmanager routes on it)',
      ),
    routingLabels: z
      // An empty or absent value means no label (a template passes optional fields through).
      .record(labelName, z.union([z.literal(''), labelSafeValue(z)]).optional())
      .default({})
      .describe(
        'Extra labels on every alert for Alertmanager routing, e.g. { team: payments }',
      ),
    runbookUrl: z
      .union([z.literal(''), z.string().url()])
      .optional()
      .describe(
        'URL of the service runbook; each rule links to its section (#alertname). Default: the configured runbook base URL + /namespace/name',
      ),
    slo: sloShape(z),
  };
}

/**
 * A rule label value that is only a value: Prometheus expands `{{ … }}` templates in rule labels,
 * so a severity of `{{ with query "…" }}` would run PromQL. Letters, digits and `_ . : / @ -`.
 */
function labelSafeValue(z: ScaffolderZod) {
  return z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,62}$/,
      'must be 1–63 letters, digits or _ . : / @ - (no spaces or template braces)',
    );
}

/** Labels every generated alert sets itself; routing labels may not override them. */
const RESERVED_LABELS = ['alertname', 'namespace', 'service', 'severity'];

/** The service schema with its defaults and cross-field checks; what handlers parse with. */
export function fullMonitoredServiceSchema(
  z: ScaffolderZod,
): ZodSchemaOf<MonitoredService> {
  return z.object(monitoredServiceShape(z)).superRefine((spec, ctx) => {
    const interval = parseDuration(spec.metrics.interval) ?? 0;
    const timeout = parseDuration(spec.metrics.scrapeTimeout) ?? 0;
    if (interval === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', 'interval'],
        message: 'metrics.interval must be longer than 0',
      });
    if (timeout === 0 || timeout > interval)
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', 'scrapeTimeout'],
        message: `metrics.scrapeTimeout (${spec.metrics.scrapeTimeout}) must be above 0 and not longer than metrics.interval (${spec.metrics.interval})`,
      });
    for (const reserved of RESERVED_LABELS) {
      if (reserved in spec.routingLabels)
        ctx.addIssue({
          code: 'custom',
          path: ['routingLabels', reserved],
          message: `'${reserved}' is set by the generator (use severities for severity values)`,
        });
    }
  });
}

/** The same schema typed by what a template passes: an action's declared input. */
export function monitoredServiceSchema(
  z: ScaffolderZod,
): ZodSchemaOf<MonitoredServiceInput> {
  return fullMonitoredServiceSchema(z);
}

/** Parses an action's input with defaults applied; bad input is an InputError naming the field. */
export function parseMonitoredService(
  input: unknown,
  what = 'input',
): MonitoredService {
  return parseRequest(fullMonitoredServiceSchema(runtimeZod), input, what);
}

/** Parses with any schema built from {@link ScaffolderZod}; an InputError naming the field on failure. */
export function parseWith<T>(
  build: (z: ScaffolderZod) => { safeParse(v: unknown): SafeParse<T> },
  input: unknown,
  what: string,
): T {
  return parseRequest(build(runtimeZod), input, what);
}

type SafeParse<T> =
  | { success: true; data: T }
  | {
      success: false;
      error: {
        issues: Array<{ path: Array<string | number>; message: string }>;
      };
    };
