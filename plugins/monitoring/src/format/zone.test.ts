import { Settings } from 'luxon';
import {
  formatClock,
  formatStarted,
  formatUpdated,
  fromTimeInput,
  toTimeInput,
} from './clock';
import { formatRangeLine } from './rangeLine';
import { timeTicks } from './ticks';
import {
  chartTickFormatter,
  formatChartTooltip,
  formatLogTime,
} from './timestamps';
import { parseTimeZone, zoneLabel } from './zone';

// The reader of issue 15 sat in Berlin: the browser zone here is Europe/Berlin (UTC+1 in
// November, UTC+2 in summer). The plugin's 'local' is luxon's default zone, the browser's.
const browserZone = Settings.defaultZone;
beforeAll(() => {
  Settings.defaultZone = 'Europe/Berlin';
});
afterAll(() => {
  Settings.defaultZone = browserZone;
});

const now = Date.parse('2026-11-20T17:09:54Z');
const HH_MM = /\d{2}:\d{2}/;

describe('one zone per page, Berlin browser', () => {
  it('reads ?tz=, UTC unless it says local', () => {
    expect(parseTimeZone('local')).toBe('local');
    expect(parseTimeZone('utc')).toBe('utc');
    expect(parseTimeZone(null)).toBe('utc');
    expect(parseTimeZone('Europe/Paris')).toBe('utc');
  });

  it('names the zone: UTC, or the local offset at that instant', () => {
    expect(zoneLabel('utc', now)).toBe('UTC');
    expect(zoneLabel('local', now)).toBe('UTC+01:00');
    expect(zoneLabel('local', Date.parse('2026-07-01T12:00:00Z'))).toBe(
      'UTC+02:00',
    );
  });

  it('writes every kind of time in the chosen zone, 24-hour, zone named', () => {
    const evening = Date.parse('2026-11-20T21:30:00Z');
    expect(formatClock(evening, evening, false, 'utc')).toBe('21:30 UTC');
    expect(formatClock(evening, evening, false, 'local')).toBe(
      '22:30 UTC+01:00',
    );
    expect(formatStarted('2026-11-20T17:00:30Z', now, 'local')).toBe(
      '9m ago (18:00 UTC+01:00)',
    );
    expect(formatUpdated(now - 12_000, now, 'local')).toBe(
      'updated 18:09:42 UTC+01:00 · 12s ago',
    );
    const seconds = evening / 1000;
    expect(formatChartTooltip(seconds, 'utc')).toBe('2026-11-20 21:30:00 UTC');
    expect(formatChartTooltip(seconds, 'local')).toBe(
      '2026-11-20 22:30:00 UTC+01:00',
    );
    expect(chartTickFormatter(3600, 'local')(seconds)).toBe('22:30');
    expect(chartTickFormatter(3600, 'utc')(seconds)).toBe('21:30');
    expect(formatLogTime(`${evening + 5}000000`, 'local')).toBe(
      '2026-11-20 22:30:00.005 UTC+01:00',
    );
    expect(
      formatRangeLine(
        { start: seconds - 2700, end: seconds, step: 15, prometheus: 'p' },
        'local',
      ),
    ).toBe(
      '2026-11-20 21:45:00 – 2026-11-20 22:30:00 UTC+01:00, one point every 15 s, from Prometheus “p”',
    );
  });

  it('never writes AM/PM', () => {
    for (const zone of ['utc', 'local'] as const) {
      for (let hour = 0; hour < 24; hour++) {
        const t = Date.UTC(2026, 10, 20, hour, 7);
        const texts = [
          formatClock(t, t, true, zone),
          formatChartTooltip(t / 1000, zone),
          toTimeInput(t, zone),
        ];
        for (const text of texts) {
          expect(text).toMatch(HH_MM);
          expect(text).not.toMatch(/AM|PM/i);
        }
      }
    }
  });

  it('reads and writes the custom time inputs in the chosen zone', () => {
    const t = Date.parse('2026-11-20T15:30:00Z');
    expect(toTimeInput(t, 'utc')).toBe('2026-11-20 15:30');
    expect(toTimeInput(t, 'local')).toBe('2026-11-20 16:30');
    expect(fromTimeInput('2026-11-20 16:30', 'local')).toBe(t);
    expect(fromTimeInput('2026-11-20 15:30', 'utc')).toBe(t);
    expect(fromTimeInput('2026-11-20 4:30 PM', 'local')).toBeUndefined();
    expect(fromTimeInput('2026-11-20', 'local')).toBeUndefined();
  });
});

describe('round time ticks', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;

  it('ticks a 16:30–17:15 range at round 10 minutes, inside the range', () => {
    const ticks = timeTicks(
      at('2026-11-20T16:30:00Z'),
      at('2026-11-20T17:15:00Z'),
      'utc',
    );
    expect(
      ticks.map(t => new Date(t * 1000).toISOString().slice(11, 16)),
    ).toEqual(['16:30', '16:40', '16:50', '17:00', '17:10']);
  });

  it('ticks "Last 24 hours" ending at an odd second at whole hours', () => {
    const end = at('2026-11-20T17:09:54Z');
    const ticks = timeTicks(end - 86400, end, 'utc');
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t % 3600).toBe(0);
    expect(ticks[0]).toBeGreaterThanOrEqual(end - 86400);
    expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(end);
  });

  it('ticks 7 days at local midnight in Berlin', () => {
    const end = at('2026-11-20T17:09:54Z');
    const ticks = timeTicks(end - 7 * 86400, end, 'local');
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) {
      expect(chartTickFormatter(7 * 86400, 'local')(t)).toMatch(/ 00:00$/);
    }
  });
});
