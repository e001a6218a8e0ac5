import { PanelsResponse } from '@internal/plugin-monitoring-common';
import { formatUtc } from './timestamps';

/** What the Metrics tab shows, under the picker, of the range the backend actually queried. */
export function formatRangeLine(
  range: Pick<PanelsResponse, 'start' | 'end' | 'step' | 'prometheus'>,
): string {
  return `${formatUtc(range.start)} – ${formatUtc(
    range.end,
  )} UTC, one point every ${range.step}s, from Prometheus “${
    range.prometheus
  }”`;
}
