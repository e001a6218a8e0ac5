import {
  chartTickFormatter,
  formatChartTooltip,
  formatDateTime,
  formatLogTime,
  isoUtc,
  nsToMillis,
  parseIsoUtc,
} from './timestamps';
import { formatRangeLine } from './rangeLine';

// The local zone is exercised in zone.test.ts (Berlin); these are UTC, the default.
const seconds = Date.UTC(2026, 10, 27, 9, 5, 7) / 1000;

describe('UTC timestamps', () => {
  it('writes chart points with the zone named', () => {
    expect(formatChartTooltip(seconds)).toBe('2026-11-27 09:05:07 UTC');
    expect(formatDateTime(seconds)).toBe('2026-11-27 09:05:07');
  });

  it.each([
    [300, '09:05:07'],
    [3600, '09:05'],
    [2 * 86400, 'Nov 27 09:05'],
  ])('ticks of a %d s chart read %s', (span, text) => {
    expect(chartTickFormatter(span)(seconds)).toBe(text);
  });

  it('writes and reads the URL form', () => {
    const ten = Date.UTC(2026, 10, 20, 10, 0, 0) / 1000;
    expect(isoUtc(ten + 0.9)).toBe('2026-11-20T10:00:00Z');
    expect(parseIsoUtc('2026-11-20T10:00:00Z')).toBe(ten);
    expect(parseIsoUtc('2026-11-20T11:00:00+01:00')).toBe(ten);
    expect(parseIsoUtc('yesterday')).toBeUndefined();
    expect(parseIsoUtc(null)).toBeUndefined();
  });

  it('writes the range line the Metrics tab shows', () => {
    const ten = Date.UTC(2026, 10, 20, 10, 0, 0) / 1000;
    expect(
      formatRangeLine({
        start: ten,
        end: ten + 9000,
        step: 15,
        prometheus: 'local',
      }),
    ).toBe(
      '2026-11-20 10:00:00 – 2026-11-20 12:30:00 UTC, one point every 15 s, from Prometheus “local”',
    );
  });
});

describe('log line times', () => {
  it('keeps the milliseconds of a nanosecond timestamp exactly', () => {
    // 2^53 is ~9e15: the nanosecond string itself would lose digits as a number.
    expect(nsToMillis('1764234307123456789')).toBe(1764234307123);
    expect(nsToMillis('999')).toBe(0);
  });

  it('writes 24-hour time with milliseconds and the zone', () => {
    expect(formatLogTime(`${seconds * 1000 + 123}000000`)).toBe(
      '2026-11-27 09:05:07.123 UTC',
    );
    const evening = Date.UTC(2026, 10, 27, 21, 0, 0);
    expect(formatLogTime(`${evening}000000`)).toMatch(/ 21:00:00\.000 UTC$/);
  });
});
