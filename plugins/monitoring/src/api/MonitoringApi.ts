import { createApiRef } from '@backstage/core-plugin-api';
import {
  HealthResponse,
  PanelsResponse,
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

/** Client of the monitoring backend. @public */
export interface MonitoringApi {
  getPanels(request: PanelsRequest): Promise<PanelsResponse>;
  /** The Overview card: state, error rate, P95, sparkline and firing alerts of one entity. */
  getHealth(request: { entityRef: string }): Promise<HealthResponse>;
}

/** @public */
export const monitoringApiRef = createApiRef<MonitoringApi>({
  id: 'plugin.monitoring.service',
});
