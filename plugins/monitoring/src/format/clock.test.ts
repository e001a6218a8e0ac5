import {
  formatClock,
  formatDuration,
  formatStarted,
  formatUpdated,
  fromTimeInput,
  toTimeInput,
} from './clock';

const now = Date.parse('2026-11-20T17:09:54Z');

describe('UTC clock of the Alerts tab and health card', () => {
  it('writes a start as "9m ago (17:04 UTC)", 24-hour with the zone', () => {
    expect(formatStarted('2026-11-20T17:00:30Z', now)).toBe(
      '9m ago (17:00 UTC)',
    );
    expect(formatStarted('2026-11-20T15:00:00Z', now)).toBe(
      '2h 9m ago (15:00 UTC)',
    );
    // Another UTC day carries its date.
    expect(formatStarted('2026-11-16T13:00:00Z', now)).toBe(
      '4d 4h ago (2026-11-16 13:00 UTC)',
    );
    expect(formatStarted('garbage', now)).toBe('garbage');
  });

  it('counts durations with seconds only under a minute', () => {
    expect(formatDuration(now - 12_000, now)).toBe('12s');
    expect(formatDuration(now - 540_000, now)).toBe('9m');
    expect(formatDuration(now - 3600_000, now)).toBe('1h');
    expect(formatDuration(now + 5000, now)).toBe('0s');
  });

  it('says when data was last updated', () => {
    expect(formatUpdated(now - 12_000, now)).toBe(
      'updated 17:09:42 UTC · 12s ago',
    );
    expect(formatUpdated(undefined, now)).toBe('not loaded yet');
  });

  it('writes 18:12 UTC for a later time the same day', () => {
    expect(formatClock('2026-11-20T18:12:00Z', now)).toBe('18:12 UTC');
  });

  it('round-trips the custom end input in UTC whatever the browser zone', () => {
    const ms = Date.parse('2026-11-20T18:12:00Z');
    expect(toTimeInput(ms + 30_000)).toBe('2026-11-20 18:12');
    expect(fromTimeInput('2026-11-20 18:12')).toBe(ms);
    expect(fromTimeInput('2026-11-20')).toBeUndefined();
  });
});
