import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({
  id: 'monitoring',
});

/** Mount point of the Alerts tab (one route ref per routable extension). */
export const alertsRouteRef = createRouteRef({
  id: 'monitoring-alerts',
});

/** Mount point of the Logs tab; the Metrics tab's "Logs for this window" links to it. */
export const logsRouteRef = createRouteRef({
  id: 'monitoring-logs',
});
