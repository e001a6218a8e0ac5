import { useRouteRef } from '@backstage/core-plugin-api';
import { useLocation } from 'react-router-dom';
import { logsTabRouteRef } from '../../routes';

/**
 * Where the entity's Logs tab is: the route the app bound for it, else the `logs` sibling of the
 * current tab (the entity page mounts its tabs side by side: /metrics, /alerts, /logs).
 */
export function useLogsTabPath(): string {
  const { pathname } = useLocation();
  const routed = useRouteRef(logsTabRouteRef)?.();
  if (routed) return routed;
  const tab = pathname.replace(/\/+$/, '');
  return `${tab.slice(0, tab.lastIndexOf('/'))}/logs`;
}
