import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseTimeZone, TimeZoneChoice } from '../format';

/**
 * The page's one time zone, kept in the URL as `?tz=utc|local` (UTC when absent), so every
 * timestamp on the page and a link to it read in the same zone.
 */
export function useTimeZone(): {
  zone: TimeZoneChoice;
  setZone: (zone: TimeZoneChoice) => void;
} {
  const [params, setParams] = useSearchParams();
  const zone = useMemo(() => parseTimeZone(params.get('tz')), [params]);
  const setZone = useCallback(
    (next: TimeZoneChoice) =>
      setParams(current => {
        const updated = new URLSearchParams(current);
        if (next === 'utc') updated.delete('tz');
        else updated.set('tz', next);
        return updated;
      }),
    [setParams],
  );
  return { zone, setZone };
}
