import { DependencyList, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { usePolling } from './usePolling';

/** How often the Alerts tab and the health card reload on their own. */
export const ALERTS_REFRESH_MS = 30_000;

/**
 * `useAsyncRetry` that reloads every `intervalMs` while the browser tab is visible and says when
 * its value was last loaded. The previous value stays shown while a reload runs, so a table
 * does not flash a spinner every 30 seconds.
 */
export function useRefreshingAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number = ALERTS_REFRESH_MS,
) {
  const state = useAsyncRetry(load, deps);
  const [updatedAt, setUpdatedAt] = useState<number>();
  useEffect(() => {
    if (!state.loading && !state.error && state.value !== undefined)
      setUpdatedAt(Date.now());
  }, [state.loading, state.error, state.value]);
  usePolling(() => {
    if (!state.loading) state.retry();
  }, intervalMs);
  return { ...state, updatedAt };
}
