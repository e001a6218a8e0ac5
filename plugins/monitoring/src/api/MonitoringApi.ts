import { createApiRef } from '@backstage/core-plugin-api';
import {
  AlertsResponse,
  CreateSilenceRequest,
  CreateSilenceResponse,
  HealthResponse,
  PanelsResponse,
  RulesResponse,
  SilencesResponse,
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

/**
 * Client of the monitoring backend: the Metrics tab's panels, the overview health card, and the
 * Alerts tab's alerts, rules and silences of one entity.
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
}

/** @public */
export const monitoringApiRef = createApiRef<MonitoringApi>({
  id: 'plugin.monitoring.service',
});
