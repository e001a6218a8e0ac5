import {
  formatGoDuration,
  formatModelDuration,
  parseLokiTime,
  parseModelDuration,
} from './params.ts';

// Expected values follow Loki's loghttp.parseTimestamp, Go's time.Duration.String and Prometheus'
// model.Duration, as documented by those projects.
describe('Loki time parameters', () => {
  const ns = 1_700_000_000_000_000_000n;

  it('reads every documented format of one instant alike', () => {
    for (const value of [
      '1700000000', // <= 10 digits: seconds
      '1700000000000000000', // nanoseconds
      '1700000000.0', // float seconds
      '2023-11-14T22:13:20Z', // RFC3339
      '2023-11-14T23:13:20+01:00',
      '2023-11-14T22:13:20.000000000Z', // RFC3339Nano
    ])
      expect([value, parseLokiTime(value, 'start')]).toEqual([value, ns]);
  });

  it('keeps nanoseconds of RFC3339Nano and rounds float seconds to milliseconds', () => {
    expect(parseLokiTime('2023-11-14T22:13:20.123456789Z', 'end')).toBe(
      ns + 123_456_789n,
    );
    expect(parseLokiTime('1700000000.1234', 'end')).toBe(ns + 123_000_000n);
  });

  it("rejects anything else with loghttp's message naming the parameter", () => {
    expect(() => parseLokiTime('yesterday', 'start')).toThrow(
      `could not parse 'start' parameter: strconv.ParseInt: parsing "yesterday": invalid syntax`,
    );
    // Go's RFC3339 needs the T and a zone.
    expect(() => parseLokiTime('2023-11-14 22:13:20', 'end')).toThrow(
      /could not parse 'end' parameter/,
    );
  });
});

describe('durations', () => {
  it("formats as Go's time.Duration.String", () => {
    expect(formatGoDuration(722n * 3_600_000_000_000n)).toBe('722h0m0s');
    expect(formatGoDuration(90_000_000_000n)).toBe('1m30s');
    expect(formatGoDuration(1_500_000_000n)).toBe('1.5s');
    expect(formatGoDuration(250_000_000n)).toBe('250ms');
    expect(formatGoDuration(0n)).toBe('0s');
  });

  it("formats and parses as Prometheus' model.Duration", () => {
    expect(formatModelDuration(721 * 3_600_000)).toBe('30d1h');
    expect(formatModelDuration(14 * 86_400_000)).toBe('2w');
    expect(formatModelDuration(90 * 86_400_000)).toBe('90d');
    expect(formatModelDuration(0)).toBe('0s');
    expect(parseModelDuration('30d1h')).toBe(721 * 3_600_000);
    expect(parseModelDuration('1h30m')).toBe(5_400_000);
    expect(() => parseModelDuration('30m1h')).toThrow(
      'not a valid duration string: "30m1h"',
    );
  });
});
