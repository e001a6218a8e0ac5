import { PanelKind, PanelUnit } from './panels';

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
  series?: PanelSeries[];
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
}
