import { useRouteRef } from '@backstage/core-plugin-api';
import { useLocation } from 'react-router-dom';
import { logsRouteRef } from '../../routes';

/**
 * Where the entity's Logs tab is: its route ref when the app mounts it, else the `logs` sibling
 * of the current tab (the entity page mounts its tabs side by side: /metrics, /alerts, /logs).
 */
export function useLogsTabPath(): string {
  const { pathname } = useLocation();
  let routed: string | undefined;
  try {
    // useRouteRef throws when the ref is mounted nowhere; its own hooks run before that.
    routed = useRouteRef(logsRouteRef)();
  } catch {
    routed = undefined;
  }
  if (routed) return routed;
  const tab = pathname.replace(/\/+$/, '');
  return `${tab.slice(0, tab.lastIndexOf('/'))}/logs`;
}
