import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  rangeFromParams,
  rangeToParams,
  REFRESH_CHOICES,
  refreshFromParams,
  TimeRange,
} from './timeRange';

/** One time range and refresh rate for the whole page, kept in the URL. */
export function useTimeRange() {
  const [params, setParams] = useSearchParams();
  const range = useMemo(() => rangeFromParams(params), [params]);
  const refreshMs = useMemo(() => refreshFromParams(params), [params]);

  const setRange = useCallback(
    (next: TimeRange) => setParams(current => rangeToParams(next, current)),
    [setParams],
  );
  const setRefreshMs = useCallback(
    (ms: number) =>
      setParams(current => {
        const next = new URLSearchParams(current);
        const key = REFRESH_CHOICES.find(r => r.ms === ms)?.key ?? 'off';
        if (key === 'off') next.delete('refresh');
        else next.set('refresh', key);
        return next;
      }),
    [setParams],
  );
  return { range, setRange, refreshMs, setRefreshMs };
}
