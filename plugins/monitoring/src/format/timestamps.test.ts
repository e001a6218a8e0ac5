import {
  chartTickFormatter,
  formatChartTooltip,
  formatLogTime,
  formatTimestamp,
  formatUtc,
  fromLocalInput,
  isoUtc,
  nsToMillis,
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

describe('log line times', () => {
  it('keeps the milliseconds of a nanosecond timestamp exactly', () => {
    // 2^53 is ~9e15: the nanosecond string itself would lose digits as a number.
    expect(nsToMillis('1764234307123456789')).toBe(1764234307123);
    expect(nsToMillis('999')).toBe(0);
  });

  it('writes local 24-hour time with milliseconds and the zone offset', () => {
    const ns = `${local.getTime() + 123}000000`;
    const offsetMinutes = -local.getTimezoneOffset();
    const sign = offsetMinutes >= 0 ? '+' : '-';
    const abs = Math.abs(offsetMinutes);
    const offset = `${sign}${String(Math.floor(abs / 60)).padStart(
      2,
      '0',
    )}:${String(abs % 60).padStart(2, '0')}`;
    expect(formatLogTime(ns)).toBe(`2026-11-27 09:05:07.123 ${offset}`);
  });

  it('never writes a 12-hour clock', () => {
    const afternoon = new Date(2026, 10, 27, 21, 0, 0).getTime();
    expect(formatLogTime(`${afternoon}000000`)).toMatch(/ 21:00:00\.000 /);
  });
});
