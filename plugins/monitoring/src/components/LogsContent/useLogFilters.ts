import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { filtersFromParams, filtersToParams, LogFilters } from './logFilters';

/** The Logs tab's view and filters, read from and written to the URL. */
export function useLogFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const update = useCallback(
    (change: (current: LogFilters) => LogFilters) =>
      setParams(current =>
        filtersToParams(change(filtersFromParams(current)), current),
      ),
    [setParams],
  );
  return { filters, update };
}
