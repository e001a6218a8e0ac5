import { healthState } from './health';

const allUp = { total: 2, up: 2 };
const quiet = { critical: 0, warning: 0, other: 0 };

describe('healthState', () => {
  it('turns degraded above the seed rules’ thresholds (> 5% errors, > 2 s P95)', () => {
    const at = (signals: object) =>
      healthState({ targets: allUp, alerts: quiet, ...signals }).state;
    expect(at({ errorRatePercent: 5 })).toBe('healthy');
    expect(at({ errorRatePercent: 5.01 })).toBe('degraded');
    expect(at({ latencyP95Seconds: 2 })).toBe('healthy');
    expect(at({ latencyP95Seconds: 2.01 })).toBe('degraded');
  });

  it('says a threshold crossing is not an alert yet while its alert is not firing', () => {
    expect(
      healthState({ targets: allUp, alerts: quiet, errorRatePercent: 7 }),
    ).toEqual({
      state: 'degraded',
      reasons: [
        'error rate > 5% over 5m (threshold crossing, not an alert yet: FestivalsHighErrorRate fires after 5m above it)',
      ],
    });
    // Without an Alertmanager the card cannot know whether it fired.
    expect(
      healthState({ targets: allUp, latencyP95Seconds: 3 }).reasons,
    ).toEqual([
      'P95 latency > 2 s over 5m (threshold crossing, FestivalsHighLatency fires after 5m above it)',
    ]);
  });

  it('names the firing alerts as the reason, instead of the crossing they fired for', () => {
    expect(
      healthState({
        targets: allUp,
        latencyP95Seconds: 3,
        alerts: {
          ...quiet,
          warning: 1,
          firing: [{ alertname: 'FestivalsHighLatency', severity: 'warning' }],
        },
      }),
    ).toEqual({
      state: 'degraded',
      reasons: ['1 non-critical alert firing: FestivalsHighLatency'],
    });
    expect(
      healthState({
        targets: allUp,
        errorRatePercent: 9,
        alerts: {
          ...quiet,
          critical: 1,
          firing: [
            { alertname: 'FestivalsHighErrorRate', severity: 'critical' },
          ],
        },
      }),
    ).toEqual({
      state: 'degraded',
      reasons: ['1 critical alert firing: FestivalsHighErrorRate'],
    });
  });

  it('is unknown without scrape targets, whatever else is known', () => {
    expect(healthState({ alerts: { ...quiet, critical: 3 } }).state).toBe(
      'unknown',
    );
    expect(healthState({ targets: { total: 0, up: 0 } })).toEqual({
      state: 'unknown',
      reasons: ['Prometheus has no scrape target for this entity'],
    });
  });

  it('is down only when every target is down; a critical alert while it answers is degraded', () => {
    expect(healthState({ targets: { total: 2, up: 0 } }).state).toBe('down');
    expect(
      healthState({
        targets: { total: 2, up: 0 },
        alerts: { ...quiet, critical: 2 },
      }),
    ).toEqual({
      state: 'down',
      reasons: ['all 2 scrape targets are down', '2 critical alerts firing'],
    });
    expect(
      healthState({ targets: allUp, alerts: { ...quiet, critical: 1 } }),
    ).toEqual({ state: 'degraded', reasons: ['1 critical alert firing'] });
  });

  it('is degraded above the thresholds, not at them', () => {
    expect(
      healthState({ targets: allUp, errorRatePercent: 5, alerts: quiet }).state,
    ).toBe('healthy');
    expect(healthState({ targets: allUp, errorRatePercent: 5.5 }).state).toBe(
      'degraded',
    );
    expect(healthState({ targets: allUp, latencyP95Seconds: 2 }).state).toBe(
      'healthy',
    );
    expect(healthState({ targets: allUp, latencyP95Seconds: 2.5 }).state).toBe(
      'degraded',
    );
  });

  it('is degraded with some targets down or a warning firing, and says why', () => {
    expect(
      healthState({
        targets: { total: 3, up: 2 },
        alerts: { ...quiet, warning: 2 },
      }),
    ).toEqual({
      state: 'degraded',
      reasons: [
        '1 of 3 scrape targets are down',
        '2 non-critical alerts firing',
      ],
    });
  });
});
