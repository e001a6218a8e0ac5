import { formatStepWords } from './stepWords';
import { formatDateTime } from './timestamps';
import { TimeZoneChoice, zoneLabel } from './zone';

/**
 * What the Metrics tab shows, under the picker: the range the reader asked for (the chart's
 * axis), in the page's zone, and the step the backend queried at, in words
 * ("one point every 30 min").
 */
export function formatRangeLine(
  range: { start: number; end: number; step: number; prometheus: string },
  zone: TimeZoneChoice = 'utc',
): string {
  const startZone = zoneLabel(zone, range.start * 1000);
  const endZone = zoneLabel(zone, range.end * 1000);
  const start =
    startZone === endZone
      ? formatDateTime(range.start, zone)
      : `${formatDateTime(range.start, zone)} ${startZone}`;
  return `${start} – ${formatDateTime(
    range.end,
    zone,
  )} ${endZone}, one point every ${formatStepWords(
    range.step,
  )}, from Prometheus “${range.prometheus}”`;
}
