import { formatDuration, parseDuration } from './durations';
import { formatMatchers, LabelMatcher, regexLiteral } from './escaping';
import { PanelDefinition, PanelScope } from './panels';
import {
  describeSloObjective,
  SloKind,
  SloObjective,
  sloBurnRateThresholds,
} from './slo';

/**
 * The panels of an entity's service level objectives: for each objective its error budget left
 * over the objective's window and its burn rate over the page's range. They are built from the
 * parsed objective (numbers only) and the entity's scope matchers: no annotation text ever
 * reaches the PromQL.
 */

/** The series of a budget panel (told apart by the `series` label). @public */
export const SLO_SERIES = {
  /** Percent of the window's error budget left (negative when overspent). */
  budget: 'budget left',
  /** Seconds of data Prometheus holds within the window (less than the window on a young stack). */
  coverage: 'data seconds',
} as const;

/** Ids of the SLO panels, whether or not an entity offers them. @public */
export const SLO_PANEL_IDS: readonly string[] = (
  ['availability', 'latency'] as SloKind[]
).flatMap(kind => [sloPanelId(kind, 'budget'), sloPanelId(kind, 'burn-rate')]);

/** @public */
export function sloPanelId(
  kind: SloKind,
  role: 'budget' | 'burn-rate',
): string {
  return `slo-${kind}-${role}`;
}

/** Burn rate is read over the SRE workbook's 1 h window, or the step when that is longer. */
const BURN_WINDOW_SECONDS = 3600;

const FIVE_XX: LabelMatcher = { name: 'status', op: '=~', value: '5..' };

function selector(scope: PanelScope, extra: LabelMatcher[] = []): string {
  return `{${formatMatchers([...scope.matchers, ...extra])}}`;
}

/** A number as a PromQL literal, without binary noise (`1 - 0.995` → `0.005`). */
function promNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/**
 * The `le` matcher of a latency threshold. Client libraries write a whole bucket either as `1`
 * (Go, JavaScript) or `1.0` (Python, Java): both match.
 */
function bucketMatcher(seconds: number): LabelMatcher {
  const text = promNumber(seconds);
  return {
    name: 'le',
    op: '=~',
    value: regexLiteral(text) + (Number.isInteger(seconds) ? '(\\.0)?' : ''),
  };
}

/** The bad-request ratio of an objective over one window. */
function errorRatio(
  o: SloObjective,
  scope: PanelScope,
  window: string,
  fn: 'rate' | 'increase',
): string {
  if (o.kind === 'availability') {
    // No 5xx at all is a ratio of 0, not an empty answer (an empty numerator would hide it).
    return `(sum(${fn}(http_requests_total${selector(scope, [
      FIVE_XX,
    ])}[${window}])) or vector(0)) / sum(${fn}(http_requests_total${selector(
      scope,
    )}[${window}]))`;
  }
  return `(1 - sum(${fn}(http_request_duration_seconds_bucket${selector(scope, [
    bucketMatcher(o.thresholdSeconds ?? 0),
  ])}[${window}])) / sum(${fn}(http_request_duration_seconds_count${selector(
    scope,
  )}[${window}])))`;
}

const TITLES: Record<SloKind, string> = {
  availability: 'Availability',
  latency: 'Latency',
};

const METRICS: Record<SloKind, string[]> = {
  availability: ['http_requests_total'],
  latency: ['http_request_duration_seconds_bucket'],
};

/** The two panels of each objective, in the objectives' order. @public */
export function sloPanels(objectives: SloObjective[]): PanelDefinition[] {
  return objectives.flatMap((o): PanelDefinition[] => {
    const budget = promNumber(1 - o.objectivePercent / 100);
    const window = `${o.windowDays}d`;
    const objective = describeSloObjective(o);
    return [
      {
        id: sloPanelId(o.kind, 'budget'),
        title: `${TITLES[o.kind]} error budget`,
        description: `Share of the ${o.windowDays}-day error budget left. Objective: ${objective}`,
        kind: 'stat',
        unit: 'percent',
        legendLabel: 'series',
        instant: true,
        metrics: METRICS[o.kind],
        slo: { objective: o, role: 'budget' },
        // The budget left, and how much of the window Prometheus holds data for (the first
        // scrape of the entity's targets within it, to the minute; a target younger than the
        // first minute boundary counts from its newest sample), so a young stack or a short
        // retention is said rather than passed off as the whole window.
        query: s =>
          `label_replace((1 - ${errorRatio(
            o,
            s,
            window,
            'increase',
          )} / ${budget}) * 100, "series", "${
            SLO_SERIES.budget
          }", "", "") or label_replace(time() - min(min_over_time(timestamp(up${selector(
            s,
          )})[${window}:1m]) or timestamp(up${selector(s)})), "series", "${
            SLO_SERIES.coverage
          }", "", "")`,
      },
      {
        id: sloPanelId(o.kind, 'burn-rate'),
        title: `${TITLES[o.kind]} burn rate`,
        description: `How fast the error budget is spent (1 h window): 1× spends exactly the budget over ${o.windowDays} days. Objective: ${objective}`,
        kind: 'timeseries',
        unit: 'burn-rate',
        instant: false,
        metrics: METRICS[o.kind],
        thresholds: sloBurnRateThresholds(o.windowDays).map(t => ({
          value: t.factor,
          label: t.label,
        })),
        slo: { objective: o, role: 'burn-rate' },
        query: s => {
          // Never shorter than the step, so consecutive points skip no requests.
          const seconds = Math.max(
            BURN_WINDOW_SECONDS,
            parseDuration(s.rateWindow) ?? 0,
          );
          return `${errorRatio(
            o,
            s,
            formatDuration(seconds),
            'rate',
          )} / ${budget}`;
        },
      },
    ];
  });
}
