import { createApiRef } from '@backstage/core-plugin-api';
import {
  AlertsResponse,
  CreateSilenceRequest,
  CreateSilenceResponse,
  RulesResponse,
  SilencesResponse,
} from '@internal/plugin-monitoring-common';

/**
 * Client of the monitoring backend's alert routes: an entity's Alertmanager alerts and
 * silences and the Prometheus rules that watch it. Also the alert source of the overview
 * health card.
 * @public
 */
export interface AlertsApi {
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
export const alertsApiRef = createApiRef<AlertsApi>({
  id: 'plugin.monitoring.alerts',
});
