import { RouteRef, useRouteRef } from '@backstage/core-plugin-api';
import { alertsRouteRef, rootRouteRef } from '../routes';
import { useTimeZone } from './useTimeZone';

/** A route's path when the app mounts it, else undefined (the card then shows plain text). */
function useMountedPath(ref: RouteRef): string | undefined {
  let routeFunc: (() => string) | undefined;
  try {
    // Called on every render, in the same order: it throws (after its own hooks ran) when
    // the app did not mount the tab, which the lint rule reads as conditional.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    routeFunc = useRouteRef(ref);
  } catch {
    routeFunc = undefined;
  }
  return routeFunc?.();
}

/**
 * Links from the Overview into the entity's monitoring tabs: an alert's row on the Alerts tab
 * (`?alert=<fingerprint>`, which that tab scrolls to and highlights) and a panel of the Metrics
 * tab over the last hour (`?range=1h&panel=<id>#panel-<id>`). Each carries the page's time zone
 * (`tz=local`), so the tab it opens reads its times in the zone the reader chose.
 */
export function useTabLinks() {
  const alerts = useMountedPath(alertsRouteRef);
  const metrics = useMountedPath(rootRouteRef);
  const { zone } = useTimeZone();
  const tz = zone === 'utc' ? '' : `&tz=${encodeURIComponent(zone)}`;
  return {
    alert: (fingerprint: string) =>
      alerts && `${alerts}?alert=${encodeURIComponent(fingerprint)}${tz}`,
    severity: (severity: string) =>
      alerts && `${alerts}?severity=${encodeURIComponent(severity)}${tz}`,
    panel: (panelId: string) =>
      metrics &&
      `${metrics}?range=1h&panel=${encodeURIComponent(
        panelId,
      )}${tz}#panel-${panelId}`,
  };
}
