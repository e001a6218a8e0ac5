import { ResponseError } from '@backstage/errors';

/** The HTTP status of a failed request; undefined when no answer came (network, backend down). */
export function statusOf(error: Error): number | undefined {
  return error instanceof ResponseError || error.name === 'ResponseError'
    ? (error as ResponseError).statusCode
    : undefined;
}

/**
 * The title over the error panel when the whole `/diagnostics` request failed: who did not
 * answer, with which status, and what to do next. The panel below shows the backend's own
 * message and the request.
 */
export function diagnosticsFaultTitle(error: Error): string {
  const status = statusOf(error);
  const lead = 'Could not read the live diagnostics';
  if (status === undefined)
    return `${lead}: no answer from the monitoring backend (${error.message}). Check that it runs and your connection, then Refresh.`;
  if (status === 429)
    return `${lead}: the monitoring backend is busy (HTTP 429, too many requests at once). Refresh in a few seconds.`;
  if (status === 401)
    return `${lead}: your session has expired (HTTP 401). Reload the page to sign in again.`;
  if (status === 404)
    return `${lead}: the monitoring backend does not find this entity in the catalog (HTTP 404). Check that it is registered and that you may read it.`;
  if (status >= 500)
    return `${lead}: the monitoring backend failed (HTTP ${status}). Refresh; if it persists, its log names the cause.`;
  return `${lead}: the monitoring backend refused the request (HTTP ${status}).`;
}
