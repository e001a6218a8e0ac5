import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PanelsResponse } from '@internal/plugin-monitoring-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Settings } from 'luxon';
import { cloneElement, ReactElement } from 'react';
import { useLocation } from 'react-router-dom';
import { monitoringApiRef } from '../../api';
import { axisDomain } from '../PanelCard/chartRange';
import { MetricsContent } from './MetricsContent';

// jsdom lays nothing out: give the chart the size a browser would; the rest of recharts is real.
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: ReactElement }) =>
      cloneElement(children, { width: 800, height: 260 }),
  };
});

// Issue 15's reader: a Berlin browser (UTC+1 in November).
const browserZone = Settings.defaultZone;
beforeAll(() => {
  Settings.defaultZone = 'Europe/Berlin';
});
afterAll(() => {
  Settings.defaultZone = browserZone;
});

const at = (iso: string) => Date.parse(iso) / 1000;
const FROM = at('2026-11-20T16:30:00Z');
const TO = at('2026-11-20T17:15:00Z');
const CUSTOM = '?from=2026-11-20T16:30:00Z&to=2026-11-20T17:15:00Z';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: { 'monitoring.festivals.io/job': 'festivals-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

/** The service started at 17:01: points 17:01…17:09, none at 17:05 (a scrape gap). */
function panels(request: { start: number; end: number }): PanelsResponse {
  const step = 60;
  const points: Array<[number, number]> = [];
  for (
    let t = at('2026-11-20T17:01:00Z');
    t <= at('2026-11-20T17:09:00Z');
    t += step
  ) {
    if (t !== at('2026-11-20T17:05:00Z')) points.push([t, 25]);
  }
  return {
    entityRef: 'component:default/festivals-api',
    prometheus: 'local',
    // What the backend answers: start/end aligned down to the step.
    start: Math.floor(request.start / step) * step,
    end: Math.floor(request.end / step) * step,
    step,
    panels: [
      {
        id: 'request-rate',
        title: 'Request Rate',
        description: 'HTTP requests per second',
        kind: 'timeseries',
        unit: 'reqps',
        query: 'x',
        series: [{ name: 'festivals-api', labels: {}, points }],
      },
    ],
  };
}

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

async function renderMetrics(url: string) {
  const getPanels = jest.fn(async (r: { start: number; end: number }) =>
    panels(r),
  );
  await renderInTestApp(
    <TestApiProvider apis={[[monitoringApiRef, { getPanels }]]}>
      <EntityProvider entity={entity}>
        <MetricsContent />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [url] },
  );
  await screen.findByTestId('panel-chart-request-rate');
  return getPanels;
}

/** The x axis' ticks as drawn: text and horizontal position. */
function xTicks(): Array<{ text: string; x: number }> {
  const chart = screen.getByTestId('panel-chart-request-rate');
  return [
    ...chart.querySelectorAll(
      '.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value',
    ),
  ].map(tick => ({
    text: tick.textContent!,
    x: Number(tick.getAttribute('x')),
  }));
}

const legend = () =>
  screen.getByRole('list', { name: 'Request Rate latest values' }).textContent;
const rangeLine = () => screen.getByTestId('metrics-range').textContent!;
const fromInput = () =>
  screen.getByRole('textbox', { name: /^From/ }) as HTMLInputElement;
const toInput = () =>
  screen.getByRole('textbox', { name: /^To/ }) as HTMLInputElement;

describe('the Metrics tab reads true time', () => {
  it('the axis domain is exactly the requested range', () => {
    expect(axisDomain({ start: FROM, end: TO, step: 60 })).toEqual([FROM, TO]);
  });

  it('draws a custom 16:30–17:15 range from 16:30 to 17:15, whatever the data covers', async () => {
    await renderMetrics(CUSTOM);
    const ticks = xTicks();
    expect(ticks.map(t => t.text)).toEqual([
      '16:30',
      '16:40',
      '16:50',
      '17:00',
      '17:10',
    ]);
    // Plot area: x = 88 (8 px margin + 80 px y axis) … 784 (800 − 16 px right margin). The
    // first tick sits on the left edge, 17:10 at 40/45 of the width: the domain is the range.
    const width = 784 - 88;
    expect(ticks[0].x).toBeCloseTo(88, 0);
    expect(ticks[4].x).toBeCloseTo(88 + (40 / 45) * width, 0);
    // The latest value says when it was taken.
    expect(legend()).toBe('festivals-api: 25 req/s (last, 17:09 UTC)');
    expect(rangeLine()).toMatch(
      /^2026-11-20 16:30:00 – 2026-11-20 17:15:00 UTC, one point every 1 min/,
    );
  });

  it('leaves a gap where the service sent nothing (no line across it)', async () => {
    await renderMetrics(CUSTOM);
    const path = screen
      .getByTestId('panel-chart-request-rate')
      .querySelector('.recharts-line-curve')!
      .getAttribute('d')!;
    // Two runs (17:01–17:04 and 17:06–17:09), each a straight polyline: two "M" moves.
    expect(path.match(/M/g)).toHaveLength(2);
    expect(path).not.toMatch(/C/);
  });

  it('ends "Last 24 hours" at the time of the request, not at the backend’s aligned end', async () => {
    const getPanels = await renderMetrics('/?range=24h');
    const request = getPanels.mock.calls[0][0];
    const end = new Date(request.end * 1000).toISOString();
    const endText = `${end.slice(0, 10)} ${end.slice(11, 19)} UTC`;
    expect(rangeLine()).toContain(`– ${endText},`);
  });

  it('switches every time on the page between UTC and Berlin time, kept in the URL', async () => {
    await renderMetrics(`${CUSTOM}&tz=local`);
    expect(rangeLine()).toMatch(
      /^2026-11-20 17:30:00 – 2026-11-20 18:15:00 UTC\+01:00,/,
    );
    expect(xTicks().map(t => t.text)).toEqual([
      '17:30',
      '17:40',
      '17:50',
      '18:00',
      '18:10',
    ]);
    expect(legend()).toBe('festivals-api: 25 req/s (last, 18:09 UTC+01:00)');
    expect(fromInput().value).toBe('2026-11-20 17:30');
    expect(toInput().value).toBe('2026-11-20 18:15');
    expect(
      screen.getByText('From (UTC+01:00)', { selector: 'label' }),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'UTC' }));
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).not.toContain('tz='),
    );
    expect(rangeLine()).toMatch(
      /^2026-11-20 16:30:00 – 2026-11-20 17:15:00 UTC,/,
    );
    expect(xTicks()[0].text).toBe('16:30');
    expect(legend()).toBe('festivals-api: 25 req/s (last, 17:09 UTC)');
    await waitFor(() => expect(fromInput().value).toBe('2026-11-20 16:30'));

    fireEvent.click(screen.getByRole('button', { name: /^Local/ }));
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toContain('tz=local'),
    );
    expect(document.body.textContent).not.toMatch(/\b(AM|PM)\b/);
  });

  it('takes a custom range typed as 24-hour text in the page’s zone', async () => {
    await renderMetrics(`${CUSTOM}&tz=local`);
    expect(fromInput()).not.toHaveAttribute('type', 'datetime-local');
    fireEvent.change(fromInput(), { target: { value: '2026-11-20 4:30 PM' } });
    expect(
      screen.getByText('Enter both times as YYYY-MM-DD HH:mm (24-hour)'),
    ).toBeInTheDocument();
    fireEvent.change(fromInput(), { target: { value: '2026-11-20 17:45' } });
    fireEvent.change(toInput(), { target: { value: '2026-11-20 19:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => {
      const url = new URLSearchParams(
        screen.getByTestId('location').textContent!,
      );
      // Berlin 17:45 is 16:45 UTC; the URL stays UTC and keeps the zone choice.
      expect(url.get('from')).toBe('2026-11-20T16:45:00Z');
      expect(url.get('to')).toBe('2026-11-20T18:00:00Z');
      expect(url.get('tz')).toBe('local');
    });
  });
});
