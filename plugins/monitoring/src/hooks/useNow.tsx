import { createContext, ReactNode, useContext, useState } from 'react';
import { usePolling } from './usePolling';

const NowContext = createContext<number | undefined>(undefined);

/**
 * Ticks the current time every `intervalMs` while the browser tab is visible, for the
 * durations below it ("firing for 9m", "12s ago") to count up between refreshes. Only
 * components calling {@link useNow} re-render on a tick, not the tables around them.
 */
export function NowProvider(props: {
  children: ReactNode;
  intervalMs?: number;
}) {
  const [now, setNow] = useState(() => Date.now());
  usePolling(() => setNow(Date.now()), props.intervalMs ?? 1000);
  return (
    <NowContext.Provider value={now}>{props.children}</NowContext.Provider>
  );
}

/** The ticking time of the nearest {@link NowProvider}; the render time without one. */
export function useNow(): number {
  return useContext(NowContext) ?? Date.now();
}
