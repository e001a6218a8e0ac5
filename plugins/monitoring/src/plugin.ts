import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MonitoringClient, monitoringApiRef } from './api';
import {
  alertsRouteRef,
  createFromTemplateRouteRef,
  logsRouteRef,
  logsTabRouteRef,
  rootRouteRef,
  runbooksRouteRef,
} from './routes';

/**
 * The monitoring frontend plugin: the entity Metrics, Alerts, Logs and Runbooks tabs and the overview
 * health card, all served by one `MonitoringApi` client of the monitoring backend.
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
    logs: logsRouteRef,
    runbooks: runbooksRouteRef,
  },
  externalRoutes: {
    logsTab: logsTabRouteRef,
    createFromTemplate: createFromTemplateRouteRef,
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

/**
 * The entity's Logs tab: its Loki lines for the guide's six views, with text and field filters,
 * a volume chart that narrows the range, the LogQL that was run, and trace links. Needs the
 * `monitoring.logs.read` permission on the entity.
 * @public
 */
export const EntityMonitoringLogsContent = monitoringPlugin.provide(
  createRoutableExtension({
    name: 'EntityMonitoringLogsContent',
    component: () =>
      import('./components/LogsContent').then(m => m.LogsContent),
    mountPoint: logsRouteRef,
  }),
);

/**
 * The entity's Runbooks tab: a runbook per alert of the guide (firing ones first), each
 * diagnostic step with its command for the entity and its live result read by the backend
 * (pods, resources, events, HPA, OOM and worker logs, DB connections, targets). Live results
 * need the `monitoring.diagnostics.read` permission; the runbook text never does.
 * @public
 */
export const EntityMonitoringRunbooksContent = monitoringPlugin.provide(
  createRoutableExtension({
    name: 'EntityMonitoringRunbooksContent',
    component: () =>
      import('./components/RunbooksContent').then(m => m.RunbooksContent),
    mountPoint: runbooksRouteRef,
  }),
);

/**
 * Overview card for an entity without the monitoring annotations: the annotations to add
 * (filled in for the entity, copyable) and a link to the monitored-service template. Shown
 * instead of the monitoring tabs, which the app hides with `isMonitoringAvailable`.
 * @public
 */
export const EntityMonitoringSetupCard = monitoringPlugin.provide(
  createComponentExtension({
    name: 'EntityMonitoringSetupCard',
    component: {
      lazy: () =>
        import('./components/MonitoringSetup').then(m => m.MonitoringSetupCard),
    },
  }),
);
