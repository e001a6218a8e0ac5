import {
  ANNOTATION_SLO_AVAILABILITY,
  ANNOTATION_SLO_LATENCY,
} from './annotations';

/**
 * Service level objectives from the entity's annotations (the format the scaffolder writes):
 * `99.9% over 30d` and `95% under 250ms over 30d`.
 */

/** What an objective counts as a good request. @public */
export type SloKind = 'availability' | 'latency';

/** One service level objective of an entity. @public */
export interface SloObjective {
  kind: SloKind;
  /** Share of good requests, in percent, above 0 and below 100. */
  objectivePercent: number;
  /** The rolling window the objective is measured over, in whole days. */
  windowDays: number;
  /** Latency only: a request is good when it takes at most this (a histogram bucket). */
  thresholdSeconds?: number;
}

/**
 * The buckets of `http_request_duration_seconds` (the guide's and the skeleton's): a latency
 * objective's threshold must be one, since only a bucket boundary can be counted exactly.
 * @public
 */
export const SLO_LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10,
];

/** Longest SLO window accepted, in days (the scaffolder's limit too). @public */
export const SLO_MAX_WINDOW_DAYS = 90;

const FORMATS: Record<SloKind, { annotation: string; format: string }> = {
  availability: {
    annotation: ANNOTATION_SLO_AVAILABILITY,
    format: '"<percent>% over <days>d", e.g. "99.9% over 30d"',
  },
  latency: {
    annotation: ANNOTATION_SLO_LATENCY,
    format:
      '"<percent>% under <threshold> over <days>d" with the threshold in ms or s, e.g. "95% under 250ms over 30d"',
  },
};

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const AVAILABILITY = new RegExp(String.raw`^${NUMBER}\s*%\s+over\s+(\d+)d$`);
const LATENCY = new RegExp(
  String.raw`^${NUMBER}\s*%\s+under\s+(\d+ms|\d+(?:\.\d+)?s)\s+over\s+(\d+)d$`,
);

/** The result of reading one SLO annotation. @public */
export type SloParseResult = { objective: SloObjective } | { error: string };

function problem(kind: SloKind, value: string, why: string): SloParseResult {
  const { annotation, format } = FORMATS[kind];
  return {
    error: `Annotation ${annotation}: ${why} (got ${JSON.stringify(
      value,
    )}; expected ${format})`,
  };
}

function percentAndDays(
  kind: SloKind,
  value: string,
  percentText: string,
  daysText: string,
): SloParseResult | { objectivePercent: number; windowDays: number } {
  const objectivePercent = Number(percentText);
  if (!(objectivePercent > 0 && objectivePercent < 100)) {
    return problem(
      kind,
      value,
      'the objective must be above 0 % and below 100 % (100 % leaves no error budget)',
    );
  }
  const windowDays = Number(daysText);
  if (windowDays < 1 || windowDays > SLO_MAX_WINDOW_DAYS) {
    return problem(
      kind,
      value,
      `the window must be 1 to ${SLO_MAX_WINDOW_DAYS} days`,
    );
  }
  return { objectivePercent, windowDays };
}

/** Reads `<percent>% over <days>d`. @public */
export function parseAvailabilityObjective(value: string): SloParseResult {
  const m = AVAILABILITY.exec(value.trim());
  if (!m) return problem('availability', value, 'not understood');
  const base = percentAndDays('availability', value, m[1], m[2]);
  if ('error' in base || 'objective' in base) return base;
  return { objective: { kind: 'availability', ...base } };
}

/** Reads `<percent>% under <threshold> over <days>d`. @public */
export function parseLatencyObjective(value: string): SloParseResult {
  const m = LATENCY.exec(value.trim());
  if (!m) return problem('latency', value, 'not understood');
  const base = percentAndDays('latency', value, m[1], m[3]);
  if ('error' in base || 'objective' in base) return base;
  const threshold = m[2];
  const thresholdSeconds = threshold.endsWith('ms')
    ? Number(threshold.slice(0, -2)) / 1000
    : Number(threshold.slice(0, -1));
  // Compared after rounding away binary noise (e.g. 2500ms / 1000).
  const bucket = SLO_LATENCY_BUCKETS.find(
    b => Math.abs(b - thresholdSeconds) < 1e-9,
  );
  if (bucket === undefined) {
    return problem(
      'latency',
      value,
      `the threshold must be a bucket of http_request_duration_seconds (${SLO_LATENCY_BUCKETS.map(
        b => formatSloSeconds(b),
      ).join(', ')})`,
    );
  }
  return {
    objective: { kind: 'latency', ...base, thresholdSeconds: bucket },
  };
}

/** The entity's objectives and, for each SLO annotation that does not parse, its error. @public */
export interface SloObjectives {
  objectives: SloObjective[];
  errors: string[];
}

/** Reads the entity's SLO annotations; an absent annotation is no objective, not an error. @public */
export function readSloObjectives(
  annotations: Record<string, string> | undefined,
): SloObjectives {
  const out: SloObjectives = { objectives: [], errors: [] };
  const parsers: Array<[string, (v: string) => SloParseResult]> = [
    [ANNOTATION_SLO_AVAILABILITY, parseAvailabilityObjective],
    [ANNOTATION_SLO_LATENCY, parseLatencyObjective],
  ];
  for (const [annotation, parse] of parsers) {
    const value = annotations?.[annotation];
    if (value === undefined) continue;
    const result = parse(value);
    if ('objective' in result) out.objectives.push(result.objective);
    else out.errors.push(result.error);
  }
  return out;
}

/** A duration in the annotations' words: `250ms`, `2.5s`. @public */
export function formatSloSeconds(seconds: number): string {
  return seconds < 1
    ? `${Math.round(seconds * 1000)}ms`
    : `${Number(seconds.toPrecision(12))}s`;
}

/** The objective in words, e.g. "99.9 % of requests answered without a 5xx, over 30 days". @public */
export function describeSloObjective(o: SloObjective): string {
  const good =
    o.kind === 'availability'
      ? 'answered without a 5xx'
      : `faster than ${formatSloSeconds(o.thresholdSeconds ?? 0)}`;
  return `${o.objectivePercent} % of requests ${good}, over ${o.windowDays} days`;
}

/**
 * The SRE workbook's burn-rate alert thresholds for an objective's window (multi-window,
 * multi-burn-rate alerts): spending 2 % of the budget in 1 h (fast burn, 14.4× over 30 days) and
 * 5 % in 6 h (slow burn, 6× over 30 days); factor = share × window hours / alert window hours,
 * as the scaffolder's generated rules use them.
 * @public
 */
export function sloBurnRateThresholds(
  windowDays: number,
): Array<{ name: 'fast' | 'slow'; factor: number; label: string }> {
  const windowHours = windowDays * 24;
  const pairs = [
    { name: 'fast' as const, share: 0.02, hours: 1 },
    { name: 'slow' as const, share: 0.05, hours: 6 },
  ];
  return pairs.map(p => {
    const factor = Number(((p.share * windowHours) / p.hours).toPrecision(12));
    return {
      name: p.name,
      factor,
      label: `${p.name === 'fast' ? 'Fast' : 'Slow'} burn ${factor}× (${
        p.share * 100
      } % of the budget in ${p.hours} h)`,
    };
  });
}
