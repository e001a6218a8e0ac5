import {
  formatDuration,
  parseDuration,
  PROMETHEUS_DURATION_PATTERN,
} from './durations';

describe('parseDuration', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['1m30s', 90],
    ['2w', 1_209_600],
    ['1y', 31_536_000],
    ['1d2h3m4s5ms', 93_784.005],
  ])('%s = %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  // Prometheus' own grammar: each unit once, largest first, no spaces, no bare numbers.
  it.each(['', '5', 'm5', '5x', '1h 30m', '30m1h', '5m5m', '-5m', '1.5h'])(
    'rejects %j',
    text => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.5, '500ms'],
    [30, '30s'],
    [90, '1m30s'],
    [5400, '1h30m'],
    [86400, '1d'],
    [90 * 86400, '90d'],
    [14 * 86400, '2w'],
    [365 * 86400, '1y'],
    [93_784.005, '1d2h3m4s5ms'],
  ])('%d s = %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('refuses negative and non-finite amounts', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
    expect(() => formatDuration(Infinity)).toThrow(RangeError);
  });

  it('round-trips with parseDuration', () => {
    const seconds = [
      0.001,
      1,
      59,
      60,
      61,
      3599,
      3600,
      3661.25,
      86399,
      86400,
      604800,
      1_000_000,
      31_536_000,
      31_536_000 + 604800 + 1,
      400 * 86400,
    ];
    for (const s of seconds) {
      const text = formatDuration(s);
      expect(PROMETHEUS_DURATION_PATTERN.test(text)).toBe(true);
      expect(parseDuration(text)).toBeCloseTo(s, 6);
    }
    for (const text of ['1h30m', '2w', '1y', '90d', '10m', '500ms']) {
      expect(formatDuration(parseDuration(text)!)).toBe(text);
    }
  });
});
