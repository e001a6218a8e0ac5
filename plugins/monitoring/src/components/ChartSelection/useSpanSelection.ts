import { RefObject, useCallback, useState } from 'react';
import type { MouseHandlerDataParam } from 'recharts';

/** Where the plot lies inside the chart's container: its left and right margins, px. */
export interface PlotInsets {
  left: number;
  right: number;
}

/** The time of the data row nearest to `t`. */
function nearest(times: number[], t: number): number | undefined {
  let best: number | undefined;
  for (const time of times) {
    if (best === undefined || Math.abs(time - t) < Math.abs(best - t))
      best = time;
  }
  return best;
}

/**
 * Press, drag and release across a chart to pick a span of its data points (a press and release
 * on one point picks that point). The pointer's own x position is read against the chart's
 * container and its time axis (`domain`): recharts reports the point under the pointer by index
 * only after an animation frame, so a quick drag released before the frame would read as a
 * click on its first point. Where nothing is laid out (jsdom), recharts' index is used.
 */
export function useSpanSelection(
  times: number[],
  onSelect: (first: number, last: number) => void,
  layout?: {
    container: RefObject<HTMLElement>;
    domain: [number, number];
    insets: PlotInsets;
  },
) {
  const [anchor, setAnchor] = useState<number>();
  const [current, setCurrent] = useState<number>();

  const timeAt = useCallback(
    (state: MouseHandlerDataParam, event?: unknown): number | undefined => {
      const clientX = (event as { clientX?: unknown } | undefined)?.clientX;
      const rect = layout?.container.current?.getBoundingClientRect();
      if (layout && rect && rect.width > 0 && typeof clientX === 'number') {
        const { left, right } = layout.insets;
        const width = rect.width - left - right;
        const share = Math.min(
          1,
          Math.max(0, (clientX - rect.left - left) / width),
        );
        const [start, end] = layout.domain;
        return nearest(times, start + share * (end - start));
      }
      const index = Number(state.activeTooltipIndex ?? state.activeIndex);
      return Number.isInteger(index) ? times[index] : undefined;
    },
    [times, layout],
  );

  const cancel = useCallback(() => {
    setAnchor(undefined);
    setCurrent(undefined);
  }, []);

  const handlers = {
    onMouseDown: (state: MouseHandlerDataParam, event?: unknown) => {
      const t = timeAt(state, event);
      if (t === undefined) return;
      setAnchor(t);
      setCurrent(t);
    },
    onMouseMove: (state: MouseHandlerDataParam, event?: unknown) => {
      if (anchor === undefined) return;
      const t = timeAt(state, event);
      if (t !== undefined) setCurrent(t);
    },
    onMouseUp: (state: MouseHandlerDataParam, event?: unknown) => {
      // The release point itself, not only the last move seen (moves arrive a frame late).
      const last = timeAt(state, event) ?? current;
      if (anchor !== undefined && last !== undefined) {
        onSelect(Math.min(anchor, last), Math.max(anchor, last));
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
