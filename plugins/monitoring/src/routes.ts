import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

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

/** Mount point of the Runbooks tab; the Alerts tab's Runbook links land on its sections. */
export const runbooksRouteRef = createRouteRef({
  id: 'monitoring-runbooks',
});

/**
 * Where the Metrics tab's "Logs for this window" goes: the app binds it to
 * `monitoringPlugin.routes.logs`. Optional, so an app that does not bind it still gets a link,
 * to the entity page's `logs` tab next to the current one.
 */
export const logsTabRouteRef = createExternalRouteRef({
  id: 'monitoring-logs-tab',
  optional: true,
});

/**
 * The scaffolder's template page, for the set-up card's "create a monitored service" link: the
 * app binds it to `scaffolderPlugin.routes.selectedTemplate`. Optional: unbound, the card only
 * shows the annotations to add.
 */
export const createFromTemplateRouteRef = createExternalRouteRef({
  id: 'monitoring-create-from-template',
  params: ['namespace', 'templateName'],
  optional: true,
});
