import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MonitoringClient, monitoringApiRef } from './api';
import { alertsRouteRef, rootRouteRef } from './routes';

/**
 * The monitoring frontend plugin: the entity Metrics and Alerts tabs and the overview health
 * card, all served by one `MonitoringApi` client of the monitoring backend.
 * @public
 */
export const monitoringPlugin = createPlugin({
  id: 'monitoring',
  apis: [
    createApiFactory({
      api: monitoringApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MonitoringClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The entity's Metrics tab: the seed's dashboard panels scoped to the entity.
 * @public
 */
export const EntityMonitoringMetricsContent = monitoringPlugin.provide(
  createRoutableExtension({
    name: 'EntityMonitoringMetricsContent',
    component: () =>
      import('./components/MetricsContent').then(m => m.MetricsContent),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Overview card: one-word health (healthy / degraded / down / unknown), error rate, P95,
 * firing alerts and the last hour of request rate.
 * @public
 */
export const EntityMonitoringHealthCard = monitoringPlugin.provide(
  createComponentExtension({
    name: 'EntityMonitoringHealthCard',
    component: {
      lazy: () => import('./components/HealthCard').then(m => m.HealthCard),
    },
  }),
);

/**
 * The entity's Alerts tab: its Alertmanager alerts, the Prometheus rules that watch it, and
 * its silences (create/expire for users with the monitoring silence permissions).
 * @public
 */
export const EntityMonitoringAlertsContent = monitoringPlugin.provide(
  createRoutableExtension({
    name: 'EntityMonitoringAlertsContent',
    component: () =>
      import('./components/AlertsContent').then(m => m.AlertsContent),
    mountPoint: alertsRouteRef,
  }),
);
