import { z } from 'zod';
import type { LokiEntry, LokiQueryData, LokiSample, LokiStream } from './types';

// Answers are checked before they are returned: a `{"status":"success","data":{}}` fails here.
// Entries and samples are checked with plain loops (zod per item is slow on thousands of lines).

function isEntry(v: unknown): v is LokiEntry {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    typeof v[0] === 'string' &&
    /^\d+$/.test(v[0]) &&
    typeof v[1] === 'string'
  );
}

function isSample(v: unknown): v is LokiSample {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    typeof v[0] === 'number' &&
    typeof v[1] === 'string'
  );
}

const labels = z.record(z.string());

const entries = z.custom<LokiEntry[]>(
  v => Array.isArray(v) && v.every(isEntry),
  'expected [["unix nanoseconds", "line"], …]',
);
const samples = z.custom<LokiSample[]>(
  v => Array.isArray(v) && v.every(isSample),
  'expected [[unix seconds, "value"], …]',
);

const streams = z.object({
  resultType: z.literal('streams'),
  result: z.array(
    z.object({ stream: labels, values: entries }) satisfies z.ZodType<
      LokiStream,
      z.ZodTypeDef,
      unknown
    >,
  ),
});
const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: samples })),
});

/** `/loki/api/v1/query_range`: streams for a log query, a matrix for a metric query. */
export const queryRangeSchema = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    streams,
    matrix,
  ]) satisfies z.ZodType<LokiQueryData, z.ZodTypeDef, unknown>,
});

/** `/loki/api/v1/label/<name>/values`. */
export const labelValuesSchema = z.object({
  status: z.literal('success'),
  // Loki omits `data` (rather than []) for a label no stream has (grafana/loki#4927).
  data: z.array(z.string()).optional(),
});
