import { formatElapsed, formatFor } from './elapsed';

describe('formatElapsed', () => {
  const now = Date.parse('2026-01-02T00:00:00Z');
  it.each([
    ['2026-01-02T00:00:00Z', '0s'],
    ['2026-01-01T23:59:48Z', '12s'],
    ['2026-01-01T23:54:57Z', '5m 3s'],
    ['2026-01-01T21:50:00Z', '2h 10m'],
    ['2025-12-28T20:00:00Z', '4d 4h'],
    ['2026-01-01T23:00:00Z', '1h'],
  ])('since %s is %s', (from, expected) => {
    expect(formatElapsed(from, now)).toBe(expected);
  });
});

describe('formatFor', () => {
  it.each([
    [0, 'immediately'],
    [60, '1m'],
    [300, '5m'],
    [1800, '30m'],
    [3600, '1h'],
    [5400, '1h 30m'],
  ])('%ss is %s', (seconds, expected) => {
    expect(formatFor(seconds)).toBe(expected);
  });
});
