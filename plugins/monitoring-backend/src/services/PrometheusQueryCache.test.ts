import { cacheTtlMs } from './PrometheusQueryCache';

describe('cacheTtlMs', () => {
  const end = 1_764_201_600; // aligned to 15 s and 60 s

  it('keeps a live answer until the next step boundary', () => {
    // 5 s after the aligned end of a 15 s step: the next range appears in 10 s.
    expect(cacheTtlMs(end, 15, (end + 5) * 1000)).toBe(10_000);
    expect(cacheTtlMs(end, 60, (end + 20) * 1000)).toBe(40_000);
  });

  it('never goes below one second, even at the boundary', () => {
    expect(cacheTtlMs(end, 15, (end + 15) * 1000)).toBe(1_000);
    expect(cacheTtlMs(end, 1, (end + 30) * 1000)).toBe(1_000);
  });

  it('keeps a settled past range five minutes, a huge step no longer than that', () => {
    expect(cacheTtlMs(end, 15, (end + 3600) * 1000)).toBe(300_000);
    expect(cacheTtlMs(end, 3600, (end + 10) * 1000)).toBe(300_000);
  });

  it('treats a range ending in the future as live', () => {
    expect(cacheTtlMs(end, 15, (end - 5) * 1000)).toBe(20_000);
  });
});
