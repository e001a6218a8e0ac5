import {
  alignRange,
  computeStep,
  MAX_POINTS,
  panelRateWindow,
  rateInterval,
} from './rangeStep';

describe('computeStep', () => {
  it('gives about one point per pixel, rounded up to a nice interval', () => {
    // 1h over 600 px = 6 s raw → 10 s
    expect(computeStep(3600, 600, 1)).toBe(10);
  });

  it('never goes below the minimum step (scrape interval)', () => {
    expect(computeStep(300, 2000, 15)).toBe(15);
  });

  it('never exceeds the Prometheus point limit', () => {
    for (const range of [3600, 86400, 7 * 86400, 90 * 86400, 400 * 86400]) {
      const step = computeStep(range, 1_000_000, 1);
      expect(range / step).toBeLessThanOrEqual(MAX_POINTS);
    }
  });
});

describe('alignRange', () => {
  it('aligns the start down and the end up to a multiple of the step', () => {
    const r = alignRange(1_700_000_007, 1_700_003_607, 600, 1);
    expect(r.step).toBe(10);
    expect(r.start % r.step).toBe(0);
    expect(r.end % r.step).toBe(0);
    expect(r.start).toBeLessThanOrEqual(1_700_000_007);
    expect(1_700_000_007 - r.start).toBeLessThan(r.step);
    expect(r).toEqual({ start: 1_700_000_000, end: 1_700_003_610, step: 10 });
  });

  it('ends a relative 7-day range at or after now, within one step, so the newest samples are in the last point', () => {
    // "Last 7 days" at 17:09:54 UTC on 600 px: a 20-minute step. Rounding the end down gave
    // 17:00, so the newest ten minutes were missing (and a younger service had no series).
    const now = Date.UTC(2026, 10, 27, 17, 9, 54) / 1000;
    const r = alignRange(now - 7 * 86400, now, 600, 15);
    expect(r.step).toBe(1200);
    expect(r.end).toBeGreaterThanOrEqual(now);
    expect(r.end - now).toBeLessThan(r.step);
    expect(new Date(r.end * 1000).toISOString()).toBe(
      '2026-11-27T17:20:00.000Z',
    );
    expect(r.start).toBeLessThanOrEqual(now - 7 * 86400);
  });

  it('keeps an end that already lies on the step', () => {
    const r = alignRange(1_700_000_000, 1_700_003_600, 600, 1);
    expect(r).toEqual({ start: 1_700_000_000, end: 1_700_003_600, step: 10 });
  });

  it('maps views a few seconds apart to the same query', () => {
    const a = alignRange(1_700_000_001, 1_700_003_601, 600, 1);
    const b = alignRange(1_700_000_004, 1_700_003_604, 600, 1);
    expect(a).toEqual(b);
  });

  it('moves to a coarser step when alignment would exceed the Prometheus point limit', () => {
    const r = alignRange(0.5, MAX_POINTS + 0.5, 1_000_000, 1);
    expect((r.end - r.start) / r.step).toBeLessThanOrEqual(MAX_POINTS);
    expect(r.start).toBeLessThanOrEqual(0.5);
    expect(r.end).toBeGreaterThanOrEqual(MAX_POINTS + 0.5);
  });
});

describe('rateInterval', () => {
  it('is at least four scrape intervals', () => {
    expect(rateInterval(1, 15)).toBe('60s');
  });
  it('covers step plus one scrape for wide steps', () => {
    expect(rateInterval(300, 15)).toBe('315s');
  });
});

describe('panelRateWindow', () => {
  const window = (
    mode: 'guide' | 'grafana',
    stepSeconds: number,
    instant = false,
  ) => panelRateWindow({ mode, stepSeconds, scrapeSeconds: 15, instant });

  it("is the guide's 5m while the step is shorter", () => {
    expect(window('guide', 10)).toBe('5m');
    expect(window('guide', 300)).toBe('5m');
  });
  it('widens to the step when the step is longer, so no sample is skipped', () => {
    expect(window('guide', 1200)).toBe('20m');
  });
  it("stays the guide's 5m for instant panels, whatever the step", () => {
    expect(window('guide', 1200, true)).toBe('5m');
  });
  it("follows Grafana's $__rate_interval when opted in", () => {
    expect(window('grafana', 10)).toBe('60s');
    expect(window('grafana', 1200, true)).toBe('1215s');
  });
});
