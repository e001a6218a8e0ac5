import { AlertPeriod } from './alertPanels';
import { AlertCounts, HealthState } from './health';
import { PanelKind, PanelSlo, PanelUnit } from './panels';

/** One series of a panel; points are `[unixSeconds, value]`, `null` for NaN/Inf. @public */
export interface PanelSeries {
  name: string;
  labels: Record<string, string>;
  points: Array<[number, number | null]>;
}

/** Why a panel has no data: which upstream failed, how, and what to do next. @public */
export interface PanelError {
  upstream: 'prometheus';
  /** Human message, safe to show (no stack, no secrets). */
  message: string;
  /** Upstream HTTP status, when there was a response. */
  status?: number;
}

/** Where to continue outside Backstage. @public */
export interface PanelLinks {
  /** Prometheus graph page with this panel's query and range. */
  prometheus?: string;
  /** Grafana dashboard the panel comes from, with the entity's variables and range. */
  grafana?: string;
}

/** @public */
export interface PanelResult {
  id: string;
  title: string;
  description: string;
  kind: PanelKind;
  unit: PanelUnit;
  thresholds?: Array<{ value: number; label: string }>;
  /** The PromQL that was run, for "open in Prometheus". */
  query: string;
  /** Deep links for this panel over the same range; absent when not configured. */
  links?: PanelLinks;
  series?: PanelSeries[];
  /**
   * `false` when the panel has no series and the entity has none of the panel's metrics in
   * Prometheus at all (not only in this range): "not exported by this service". Absent when
   * the panel has data, or it could not be told (then the panel says "No data in this range").
   */
  exported?: boolean;
  /** The series drawn as a limit (dashed), e.g. the pool size on Active DB Connections. */
  limitSeries?: string;
  /** The objective an SLO panel belongs to, and what it shows of it. */
  slo?: PanelSlo;
  /** When the entity's alerts about this panel fired within the range, to shade. */
  alertPeriods?: AlertPeriod[];
  warnings?: string[];
  error?: PanelError;
}

/** Response of `GET /panels`. @public */
export interface PanelsResponse {
  entityRef: string;
  /** Name of the Prometheus instance queried. */
  prometheus: string;
  start: number;
  end: number;
  step: number;
  panels: PanelResult[];
  /** Why the alerts' firing periods could not be read (the panels then shade nothing). */
  alertPeriodsError?: string;
  /**
   * One message per SLO annotation of the entity that does not parse, naming the annotation and
   * the expected format (its panels are then not offered).
   */
  sloErrors?: string[];
}

/** Response of `GET /health`: the Overview card's numbers and state. @public */
export interface HealthResponse {
  entityRef: string;
  /** Unix seconds the current values were evaluated at. */
  time: number;
  state: HealthState;
  /** Why the state is not healthy, in words. */
  reasons: string[];
  errorRatePercent?: number;
  latencyP95Seconds?: number;
  /** Request rate over the last hour, for the sparkline. */
  requestRate: Array<[number, number | null]>;
  /** Firing alerts by severity; absent when no Alertmanager is configured or it failed. */
  alerts?: AlertCounts;
  /** Upstream problems that left a number unknown, safe to show. */
  errors: Array<{ upstream: 'prometheus' | 'alertmanager'; message: string }>;
}
