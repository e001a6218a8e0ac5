import {
  ANNOTATION_SLO_AVAILABILITY,
  ANNOTATION_SLO_LATENCY,
} from './annotations';
import {
  describeSloObjective,
  parseAvailabilityObjective,
  parseLatencyObjective,
  readSloObjectives,
  sloBurnRateThresholds,
} from './slo';

describe('SLO annotations', () => {
  it('read the availability format the scaffolder writes', () => {
    expect(parseAvailabilityObjective('99.9% over 30d')).toEqual({
      objective: {
        kind: 'availability',
        objectivePercent: 99.9,
        windowDays: 30,
      },
    });
    expect(parseAvailabilityObjective(' 99.5 % over 7d ')).toEqual({
      objective: {
        kind: 'availability',
        objectivePercent: 99.5,
        windowDays: 7,
      },
    });
  });

  it.each([
    ['5ms', 0.005],
    ['250ms', 0.25],
    ['500ms', 0.5],
    ['1s', 1],
    ['2.5s', 2.5],
    ['2500ms', 2.5],
    ['10s', 10],
  ])('read a latency threshold of %s as %s seconds', (text, seconds) => {
    expect(parseLatencyObjective(`95% under ${text} over 30d`)).toEqual({
      objective: {
        kind: 'latency',
        objectivePercent: 95,
        windowDays: 30,
        thresholdSeconds: seconds,
      },
    });
  });

  it.each([
    ['99.9%', 'not understood'],
    ['99.9% over 30 days', 'not understood'],
    ['99.9% over 30d; drop', 'not understood'],
    ['100% over 30d', 'below 100 %'],
    ['0% over 30d', 'above 0 %'],
    ['99% over 0d', '1 to 90 days'],
    ['99% over 365d', '1 to 90 days'],
  ])(
    'refuse availability %j, naming the annotation and the format',
    (value, why) => {
      const result = parseAvailabilityObjective(value);
      expect('error' in result && result.error).toContain(
        ANNOTATION_SLO_AVAILABILITY,
      );
      expect('error' in result && result.error).toContain(why);
      expect('error' in result && result.error).toContain(
        '"<percent>% over <days>d"',
      );
    },
  );

  it.each([
    ['95% under 300ms over 30d', 'bucket of http_request_duration_seconds'],
    ['95% under 0.3s over 30d', 'bucket'],
    ['95% under 250 over 30d', 'not understood'],
    ['95% under 250ms', 'not understood'],
    ['95% under 1.5ms over 30d', 'not understood'],
  ])('refuse latency %j', (value, why) => {
    const result = parseLatencyObjective(value);
    expect('error' in result && result.error).toContain(ANNOTATION_SLO_LATENCY);
    expect('error' in result && result.error).toContain(why);
    expect('error' in result && result.error).toContain(
      '"<percent>% under <threshold> over <days>d"',
    );
  });

  it('read both from an entity; an absent one is no objective, a bad one an error', () => {
    expect(readSloObjectives(undefined)).toEqual({
      objectives: [],
      errors: [],
    });
    const read = readSloObjectives({
      [ANNOTATION_SLO_AVAILABILITY]: '99.5% over 30d',
      [ANNOTATION_SLO_LATENCY]: '95% under fast over 30d',
    });
    expect(read.objectives).toEqual([
      { kind: 'availability', objectivePercent: 99.5, windowDays: 30 },
    ]);
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0]).toContain(ANNOTATION_SLO_LATENCY);
  });

  it('say the objective in words', () => {
    expect(
      describeSloObjective({
        kind: 'latency',
        objectivePercent: 95,
        windowDays: 30,
        thresholdSeconds: 0.25,
      }),
    ).toBe('95 % of requests faster than 250ms, over 30 days');
  });
});

describe('burn-rate thresholds', () => {
  it('are the SRE workbook’s 14.4× and 6× over 30 days', () => {
    expect(sloBurnRateThresholds(30).map(t => t.factor)).toEqual([14.4, 6]);
  });

  it('keep meaning 2 % of the budget in 1 h and 5 % in 6 h for other windows', () => {
    // 28 days = 672 h: 0.02 × 672 = 13.44; 0.05 × 672 / 6 = 5.6.
    expect(sloBurnRateThresholds(28).map(t => t.factor)).toEqual([13.44, 5.6]);
    expect(sloBurnRateThresholds(7).map(t => t.factor)).toEqual([3.36, 1.4]);
  });
});
