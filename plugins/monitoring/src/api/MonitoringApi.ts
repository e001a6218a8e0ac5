import { createApiRef } from '@backstage/core-plugin-api';
import {
  AlertsResponse,
  CreateSilenceRequest,
  CreateSilenceResponse,
  DiagnosticKind,
  DiagnosticsResponse,
  HealthResponse,
  LogsRequest,
  LogsResponse,
  LogVolumeResponse,
  PanelsResponse,
  RulesResponse,
  SilencesResponse,
  TeamRunbooksResponse,
} from '@internal/plugin-monitoring-common';

/** Parameters of one panels request: the entity, which panels, and the range. @public */
export interface PanelsRequest {
  entityRef: string;
  panelIds?: string[];
  /** Unix seconds. */
  start: number;
  /** Unix seconds. */
  end: number;
  /** Roughly the chart width in pixels; the backend derives the step from it. */
  maxDataPoints?: number;
}

/** Parameters of one log-volume request: the lines' request plus the number of bars. @public */
export interface LogVolumeRequest extends LogsRequest {
  /** Roughly the number of bars; the backend derives the step from it. */
  maxDataPoints?: number;
}

/** Parameters of one diagnostics request: the entity and the steps to read (every kind when absent). @public */
export interface DiagnosticsRequest {
  entityRef: string;
  steps?: DiagnosticKind[];
}

/**
 * Client of the monitoring backend: the Metrics tab's panels, the overview health card, the
 * Alerts tab's alerts, rules and silences, and the Logs tab's lines and volume, and the Runbooks tab's live diagnostics of one entity.
 * @public
 */
export interface MonitoringApi {
  getPanels(request: PanelsRequest): Promise<PanelsResponse>;
  /** The Overview card: state, error rate, P95, sparkline and firing alerts of one entity. */
  getHealth(request: { entityRef: string }): Promise<HealthResponse>;
  /** The entity's alerts (active and suppressed), most severe first. */
  getAlerts(entityRef: string): Promise<AlertsResponse>;
  /** The Prometheus alerting rules that watch the entity. */
  getRules(entityRef: string): Promise<RulesResponse>;
  /** The entity's silences: active, pending, then expired. */
  getSilences(entityRef: string): Promise<SilencesResponse>;
  /** Creates a silence; the backend records the signed-in user as its author. */
  createSilence(request: CreateSilenceRequest): Promise<CreateSilenceResponse>;
  /** Expires one of the entity's silences. */
  expireSilence(entityRef: string, silenceId: string): Promise<void>;
  /** One page of the entity's log lines (newest first) for a view and its filters. */
  getLogs(request: LogsRequest): Promise<LogsResponse>;
  /** Lines per level per step over the same selection, for the volume chart. */
  getLogVolume(request: LogVolumeRequest): Promise<LogVolumeResponse>;
  /** The live results of runbook steps (pods, events, HPA, logs, ...), each with its own error. */
  getDiagnostics(request: DiagnosticsRequest): Promise<DiagnosticsResponse>;
  /** The team's own runbooks of the entity (its `monitoring.festivals.io/runbooks` document), per alert. */
  getTeamRunbooks(entityRef: string): Promise<TeamRunbooksResponse>;
}

/** @public */
export const monitoringApiRef = createApiRef<MonitoringApi>({
  id: 'plugin.monitoring.service',
});
