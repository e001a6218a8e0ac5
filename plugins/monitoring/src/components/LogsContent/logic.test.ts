import { LogLine } from '@internal/plugin-monitoring-common';
import {
  addFieldFilter,
  filtersFromParams,
  filtersToParams,
  LogFilters,
  toLogsRequest,
} from './logFilters';
import { contrastRatio } from '../AlertsContent/contrast';
import { levelColor, levelTextColor } from './levels';
import { appendOlder } from './logPages';
import { traceUrl } from './traceLink';
import { barsToRange } from './volumeRange';

const line = (id: string): LogLine => ({
  id,
  timestampNs: '1',
  labels: {},
  message: id,
  fields: {},
  line: id,
});

describe('log filters in the URL', () => {
  const tricky = [
    'say "hi"',
    'back\\slash',
    'pipe | and } brace',
    '`tick` .*+?[a](b)',
    'a&b=c%20#frag',
    'line\nbreak',
    '  spaced  ',
  ];

  it('round-trips every view and filter exactly, keeping the range parameters', () => {
    const filters: LogFilters = {
      view: 'slow',
      contains: tricky,
      notContains: ['health|check', '"quoted"'],
      level: 'warn',
      fields: { request_id: 'r&1', user_id: 'u 1', path: '/api?x=1' },
      minDurationMs: 2500,
    };
    const params = filtersToParams(
      filters,
      new URLSearchParams('range=6h&refresh=1m&view=all&contains=old'),
    );
    const reread = new URLSearchParams(params.toString());
    expect(filtersFromParams(reread)).toEqual(filters);
    expect(reread.get('range')).toBe('6h');
    expect(reread.get('refresh')).toBe('1m');
    expect(reread.getAll('contains')).toEqual(tricky);
  });

  it('reads an unknown view as "all" and ignores a bad threshold', () => {
    const f = filtersFromParams(
      new URLSearchParams('view=toString&minDurationMs=-5'),
    );
    expect(f.view).toBe('all');
    expect(f.minDurationMs).toBeUndefined();
  });

  it('makes each view’s defaults explicit in the request', () => {
    const range = { start: 100, end: 200 };
    const base = filtersFromParams(new URLSearchParams());
    const ref = 'component:default/a';
    expect(toLogsRequest(ref, { ...base, view: 'level' }, range)?.level).toBe(
      'error',
    );
    expect(
      toLogsRequest(ref, { ...base, view: 'slow' }, range)?.minDurationMs,
    ).toBe(1000);
    // The threshold belongs to the slow view only.
    expect(
      toLogsRequest(ref, { ...base, minDurationMs: 5 }, range)?.minDurationMs,
    ).toBeUndefined();
    // The user view waits for a user.
    expect(
      toLogsRequest(ref, { ...base, view: 'user' }, range),
    ).toBeUndefined();
    expect(
      toLogsRequest(
        ref,
        { ...base, view: 'user', fields: { user_id: 'u-1' } },
        range,
      ),
    ).toEqual({
      entityRef: ref,
      view: 'user',
      start: 100,
      end: 200,
      fields: { user_id: 'u-1' },
    });
  });

  it('adds level as its own filter and the others as JSON fields', () => {
    const base = filtersFromParams(new URLSearchParams());
    expect(addFieldFilter(base, 'level', 'warn').level).toBe('warn');
    expect(addFieldFilter(base, 'trace_id', 't').fields).toEqual({
      trace_id: 't',
    });
  });
});

describe('load older', () => {
  it('appends older lines without repeating a line already shown', () => {
    const { lines, capped } = appendOlder(
      [line('a'), line('b'), line('c')],
      [line('c'), line('d'), line('d'), line('e')],
    );
    expect(lines.map(l => l.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(capped).toBe(false);
  });

  it('keeps the newest lines up to the cap and says it is capped', () => {
    const { lines, capped } = appendOlder(
      [line('a'), line('b')],
      [line('c'), line('d')],
      3,
    );
    expect(lines.map(l => l.id)).toEqual(['a', 'b', 'c']);
    expect(capped).toBe(true);
  });
});

describe('volume chart range', () => {
  it('narrows to one bar: the step that ends at the bar', () => {
    expect(barsToRange(1000, 1000, 60)).toEqual({
      kind: 'absolute',
      start: 940,
      end: 1000,
    });
  });

  it('narrows to a dragged span in either direction', () => {
    const expected = { kind: 'absolute', start: 940, end: 1300 };
    expect(barsToRange(1000, 1300, 60)).toEqual(expected);
    expect(barsToRange(1300, 1000, 60)).toEqual(expected);
  });
});

describe('trace links', () => {
  it('replaces every {traceId} with the URL-encoded id', () => {
    expect(
      traceUrl('https://jaeger/trace/{traceId}?q={traceId}', 'a/b c&d'),
    ).toBe('https://jaeger/trace/a%2Fb%20c%26d?q=a%2Fb%20c%26d');
  });
});

describe('level colours', () => {
  it('writes every level, and a missing one, in a colour that reads on the white row (WCAG AA)', () => {
    const levels = [
      'fatal',
      'critical',
      'error',
      'warn',
      'warning',
      'info',
      'debug',
      'trace',
      'something-else',
      undefined,
    ];
    const weak = levels
      .map(level => ({
        level,
        ratio: contrastRatio(levelTextColor(level), '#ffffff'),
      }))
      .filter(({ ratio }) => ratio < 4.5);
    expect(weak).toEqual([]);
    // The bars keep the level's own colour.
    expect(levelColor('warn')).toBe('#f57c00');
  });
});
