import { useEffect, useRef } from 'react';
import { usePageVisible } from './usePageVisible';

/**
 * Calls `callback` every `intervalMs` while the browser tab is visible; off when `intervalMs` is 0
 * or undefined. A hidden tab queries for nobody, so the timer stops there and starts afresh (a
 * full interval later) when the tab shows again. The latest `callback` is called, so callers
 * need not memoize it.
 */
export function usePolling(
  callback: () => void,
  intervalMs: number | undefined,
): void {
  const visible = usePageVisible();
  const latest = useRef(callback);
  latest.current = callback;

  useEffect(() => {
    if (!intervalMs || !visible) return undefined;
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, visible]);
}
