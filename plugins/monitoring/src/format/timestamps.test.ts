import {
  chartTickFormatter,
  formatChartTooltip,
  formatTimestamp,
  formatUtc,
  fromLocalInput,
  isoUtc,
  parseIsoUtc,
  toLocalInput,
} from './timestamps';
import { formatRangeLine } from './rangeLine';

// Built from local wall time, so the expectations hold in any TZ the tests run in.
const local = new Date(2026, 10, 27, 9, 5, 7);
const localSeconds = local.getTime() / 1000;

describe('local timestamps', () => {
  it('writes ISO times and chart points alike, in local time', () => {
    expect(formatTimestamp(local.toISOString())).toBe('2026-11-27 09:05:07');
    expect(formatChartTooltip(localSeconds)).toBe('2026-11-27 09:05:07');
  });

  it('shows a dash when absent and the input when unreadable', () => {
    expect(formatTimestamp(undefined)).toBe('–');
    expect(formatTimestamp('soon')).toBe('soon');
  });

  it.each([
    [300, '09:05:07'],
    [3600, '09:05'],
    [2 * 86400, 'Nov 27 09:05'],
  ])('ticks of a %d s chart read %s', (span, text) => {
    expect(chartTickFormatter(span)(localSeconds)).toBe(text);
  });

  it('round-trips the custom range inputs (whole minutes)', () => {
    expect(toLocalInput(localSeconds)).toBe('2026-11-27T09:05');
    expect(fromLocalInput('2026-11-27T09:05')).toBe(localSeconds - 7);
    expect(fromLocalInput('2026-11-27')).toBeUndefined();
  });
});

describe('UTC timestamps', () => {
  const seconds = Date.UTC(2026, 10, 20, 10, 0, 0) / 1000;

  it('writes and reads the URL form', () => {
    expect(isoUtc(seconds + 0.9)).toBe('2026-11-20T10:00:00Z');
    expect(parseIsoUtc('2026-11-20T10:00:00Z')).toBe(seconds);
    expect(parseIsoUtc('2026-11-20T11:00:00+01:00')).toBe(seconds);
    expect(parseIsoUtc('yesterday')).toBeUndefined();
    expect(parseIsoUtc(null)).toBeUndefined();
  });

  it('writes the range line the Metrics tab shows', () => {
    expect(formatUtc(seconds)).toBe('2026-11-20 10:00:00');
    expect(
      formatRangeLine({
        start: seconds,
        end: seconds + 9000,
        step: 15,
        prometheus: 'local',
      }),
    ).toBe(
      '2026-11-20 10:00:00 – 2026-11-20 12:30:00 UTC, one point every 15s, from Prometheus “local”',
    );
  });
});
