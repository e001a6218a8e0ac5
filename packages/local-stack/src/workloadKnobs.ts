/**
 * What an incident replay can turn on a running workload process (`POST /knobs`). Every field is
 * optional; a request changes only the fields it names. `null` puts a field back to its default.
 */
export interface WorkloadKnobs {
  errorRatio?: number;
  latencyFactor?: number;
  paymentFailureRatio?: number;
  queuesStalled?: boolean;
  queryLatencyFactor?: number;
  dbPoolInUse?: number;
  ticketSalesStopped?: boolean;
  queueInflowFactor?: number;
  outOfMemory?: boolean;
  /** The process stops working: /metrics answers 503 (its target goes down) and no traffic runs. */
  down?: boolean;
  /** Sets every worker queue's pending jobs to this once (not a lasting knob). */
  queueBacklog?: number;
}

type Kind = 'ratio' | 'factor' | 'count' | 'boolean';

const FIELDS: Record<keyof WorkloadKnobs, Kind> = {
  errorRatio: 'ratio',
  latencyFactor: 'factor',
  paymentFailureRatio: 'ratio',
  queuesStalled: 'boolean',
  queryLatencyFactor: 'factor',
  dbPoolInUse: 'ratio',
  ticketSalesStopped: 'boolean',
  queueInflowFactor: 'factor',
  outOfMemory: 'boolean',
  down: 'boolean',
  queueBacklog: 'count',
};

function valid(kind: Kind, value: unknown): boolean {
  if (kind === 'boolean') return typeof value === 'boolean';
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (kind === 'ratio') return value >= 0 && value <= 1;
  if (kind === 'count') return Number.isInteger(value) && value >= 0;
  return value > 0;
}

const EXPECTED: Record<Kind, string> = {
  ratio: 'a number from 0 to 1',
  factor: 'a number above 0',
  count: 'a whole number ≥ 0',
  boolean: 'true or false',
};

/**
 * Checks a `POST /knobs` body. Returns the knobs to set (`undefined` = back to default) or
 * throws an Error naming the first bad field and what it expects.
 */
export function parseWorkloadKnobs(
  body: unknown,
): Partial<Record<keyof WorkloadKnobs, unknown>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('body: expected a JSON object of knobs');
  const out: Partial<Record<keyof WorkloadKnobs, unknown>> = {};
  for (const [name, value] of Object.entries(body)) {
    const kind = FIELDS[name as keyof WorkloadKnobs];
    if (!kind)
      throw new Error(
        `${name}: unknown knob (known: ${Object.keys(FIELDS).join(', ')})`,
      );
    if (value !== null && !valid(kind, value))
      throw new Error(`${name}: expected ${EXPECTED[kind]} or null`);
    out[name as keyof WorkloadKnobs] = value ?? undefined;
  }
  return out;
}
