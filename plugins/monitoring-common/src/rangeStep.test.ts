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
  it('aligns both ends down to a multiple of the step', () => {
    const r = alignRange(1_700_000_007, 1_700_003_607, 600, 1);
    expect(r.step).toBe(10);
    expect(r.start % r.step).toBe(0);
    expect(r.end % r.step).toBe(0);
    expect(r.start).toBeLessThanOrEqual(1_700_000_007);
    expect(1_700_000_007 - r.start).toBeLessThan(r.step);
  });

  it('maps views a few seconds apart to the same query', () => {
    const a = alignRange(1_700_000_001, 1_700_003_601, 600, 1);
    const b = alignRange(1_700_000_004, 1_700_003_604, 600, 1);
    expect(a).toEqual(b);
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
