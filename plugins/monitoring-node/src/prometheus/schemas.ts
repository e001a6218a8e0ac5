import { z } from 'zod';
import type {
  PrometheusAlertingRule,
  PrometheusData,
  PrometheusLoadedRuleGroup,
  PrometheusRecordingRule,
  PrometheusSample,
  PrometheusTarget,
} from './types';

// Answers are checked before they are returned or cached: `{"status":"success","data":{}}`
// must fail here, not later in a panel or from the cache for a whole step.

// Samples are checked with a plain loop: zod per sample costs ~0.5 s on 10 series of 11,000
// points (measured), a loop ~1 ms.
function isSample(v: unknown): v is PrometheusSample {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    typeof v[0] === 'number' &&
    typeof v[1] === 'string'
  );
}
const sample = z.custom<PrometheusSample>(
  isSample,
  'expected [unix seconds, "value"]',
);
const samples = z.custom<PrometheusSample[]>(
  v => Array.isArray(v) && v.every(isSample),
  'expected [[unix seconds, "value"], …]',
);
const labels = z.record(z.string());

const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: samples })),
});
const vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels, value: sample })),
});
const scalar = z.object({
  resultType: z.enum(['scalar', 'string']),
  result: sample,
});

function success<D extends z.ZodTypeAny>(data: D) {
  return z.object({
    status: z.literal('success'),
    data,
    warnings: z.array(z.unknown()).optional(),
  });
}

/** `/api/v1/query_range`: always a matrix. */
export const queryRangeSchema = success(matrix);

/** `/api/v1/query`: a vector, scalar or string; a matrix for a range-vector selector. */
export const querySchema = success(
  z.union([matrix, vector, scalar]) satisfies z.ZodType<PrometheusData>,
);

const alertingRule = z.object({
  type: z.literal('alerting'),
  name: z.string(),
  query: z.string(),
  duration: z.number(),
  labels: labels.optional(),
  annotations: labels.optional(),
  alerts: z
    .array(
      z.object({
        labels,
        state: z.enum(['pending', 'firing']),
        activeAt: z.string().optional(),
      }),
    )
    .optional(),
  state: z.enum(['inactive', 'pending', 'firing']),
  health: z.string(),
  lastError: z.string().optional(),
  lastEvaluation: z.string().optional(),
}) satisfies z.ZodType<PrometheusAlertingRule>;

const recordingRule = z.object({
  type: z.literal('recording'),
  name: z.string(),
  query: z.string(),
  labels: labels.optional(),
  health: z.string(),
  lastError: z.string().optional(),
  lastEvaluation: z.string().optional(),
}) satisfies z.ZodType<PrometheusRecordingRule>;

/** `/api/v1/rules`: `data.groups`, each with its rules. */
export const rulesSchema = success(
  z.object({
    groups: z.array(
      z.object({
        name: z.string(),
        file: z.string(),
        rules: z.array(
          z.discriminatedUnion('type', [alertingRule, recordingRule]),
        ),
      }) satisfies z.ZodType<PrometheusLoadedRuleGroup>,
    ),
  }),
);

/** `/api/v1/label/<name>/values`: the label's values. */
export const labelValuesSchema = success(z.array(z.string()));

/** `/api/v1/targets`: `data.activeTargets`. */
export const targetsSchema = success(
  z.object({
    activeTargets: z.array(
      z.object({
        labels,
        scrapeUrl: z.string(),
        health: z.enum(['up', 'down', 'unknown']),
        lastError: z.string(),
        // Since Prometheus 2.29; absent from older servers and some compatible ones.
        scrapeInterval: z.string().optional(),
      }) satisfies z.ZodType<PrometheusTarget>,
    ),
  }),
);
