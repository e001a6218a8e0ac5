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

/** Less than this many pixels between press and release is a click, not a drag. */
const CLICK_PIXELS = 4;

/** Where the pointer is: a time on the axis, and its x in px when laid out. */
interface Pointer {
  t: number;
  x?: number;
}

/**
 * Press, drag and release across a chart to pick a span (a press and release on one spot picks
 * the data point there). With a `layout`, the pointer's own x position is read against the
 * chart's container and its time axis (`domain`): recharts reports the point under the pointer
 * by index only after an animation frame, so a quick drag released before the frame read as a
 * click on its first point, and a span over minutes without data snapped to the nearest point.
 * Where nothing is laid out (jsdom), recharts' index is used.
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
  const [anchor, setAnchor] = useState<Pointer>();
  const [current, setCurrent] = useState<Pointer>();

  const pointerAt = useCallback(
    (state: MouseHandlerDataParam, event?: unknown): Pointer | undefined => {
      const clientX = (event as { clientX?: unknown } | undefined)?.clientX;
      const rect = layout?.container.current?.getBoundingClientRect();
      if (layout && rect && rect.width > 0 && typeof clientX === 'number') {
        const { left, right } = layout.insets;
        const x = clientX - rect.left;
        const share = Math.min(
          1,
          Math.max(0, (x - left) / (rect.width - left - right)),
        );
        const [start, end] = layout.domain;
        return { t: start + share * (end - start), x };
      }
      const index = Number(state.activeTooltipIndex ?? state.activeIndex);
      return Number.isInteger(index) && times[index] !== undefined
        ? { t: times[index] }
        : undefined;
    },
    [times, layout],
  );

  const cancel = useCallback(() => {
    setAnchor(undefined);
    setCurrent(undefined);
  }, []);

  const handlers = {
    onMouseDown: (state: MouseHandlerDataParam, event?: unknown) => {
      const p = pointerAt(state, event);
      if (p === undefined) return;
      setAnchor(p);
      setCurrent(p);
    },
    onMouseMove: (state: MouseHandlerDataParam, event?: unknown) => {
      if (anchor === undefined) return;
      const p = pointerAt(state, event);
      if (p !== undefined) setCurrent(p);
    },
    onMouseUp: (state: MouseHandlerDataParam, event?: unknown) => {
      // The release point itself, not only the last move seen (moves arrive a frame late).
      const last = pointerAt(state, event) ?? current;
      if (anchor !== undefined && last !== undefined) {
        const click =
          anchor.x !== undefined && last.x !== undefined
            ? Math.abs(last.x - anchor.x) < CLICK_PIXELS
            : anchor.t === last.t;
        if (click) {
          const point = nearest(times, anchor.t);
          if (point !== undefined) onSelect(point, point);
        } else {
          onSelect(Math.min(anchor.t, last.t), Math.max(anchor.t, last.t));
        }
      }
      cancel();
    },
    onMouseLeave: cancel,
  };

  /** The span being dragged, for a ReferenceArea; none for a single point. */
  const dragged =
    anchor !== undefined && current !== undefined && anchor.t !== current.t
      ? {
          x1: Math.min(anchor.t, current.t),
          x2: Math.max(anchor.t, current.t),
        }
      : undefined;

  return { handlers, dragged };
}
