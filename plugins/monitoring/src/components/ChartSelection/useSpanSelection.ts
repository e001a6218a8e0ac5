import { useCallback, useState } from 'react';
import type { MouseHandlerDataParam } from 'recharts';

/**
 * Press, drag and release across a chart to pick a span of its data points (a press and release
 * on one point picks that point). Recharts reports the point under the pointer by index, which
 * maps to `times`, the x value of each data row.
 */
export function useSpanSelection(
  times: number[],
  onSelect: (first: number, last: number) => void,
) {
  const [anchor, setAnchor] = useState<number>();
  const [current, setCurrent] = useState<number>();

  const timeAt = useCallback(
    (state: MouseHandlerDataParam): number | undefined => {
      const index = Number(state.activeTooltipIndex ?? state.activeIndex);
      return Number.isInteger(index) ? times[index] : undefined;
    },
    [times],
  );

  const cancel = useCallback(() => {
    setAnchor(undefined);
    setCurrent(undefined);
  }, []);

  const handlers = {
    onMouseDown: (state: MouseHandlerDataParam) => {
      const t = timeAt(state);
      if (t === undefined) return;
      setAnchor(t);
      setCurrent(t);
    },
    onMouseMove: (state: MouseHandlerDataParam) => {
      if (anchor === undefined) return;
      const t = timeAt(state);
      if (t !== undefined) setCurrent(t);
    },
    onMouseUp: () => {
      if (anchor !== undefined && current !== undefined) {
        onSelect(Math.min(anchor, current), Math.max(anchor, current));
      }
      cancel();
    },
    onMouseLeave: cancel,
  };

  /** The span being dragged, for a ReferenceArea; none for a single point. */
  const dragged =
    anchor !== undefined && current !== undefined && anchor !== current
      ? { x1: Math.min(anchor, current), x2: Math.max(anchor, current) }
      : undefined;

  return { handlers, dragged };
}
