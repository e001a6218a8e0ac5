import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PanelsResponse } from '@internal/plugin-monitoring-common';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { cloneElement, ReactElement } from 'react';
import { useLocation } from 'react-router-dom';
import { monitoringApiRef } from '../../api';
import { logsTabRouteRef } from '../../routes';
import { chartStep, selectedWindow } from '../PanelCard/chartWindow';
import { logsWindowLink } from './logsPivot';
import { MetricsContent } from './MetricsContent';

// jsdom lays nothing out, so ResponsiveContainer would draw a 0×0 chart: give the chart the
// size a browser would. Everything else in recharts is the real thing.
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: ReactElement }) =>
      cloneElement(children, { width: 800, height: 260 }),
  };
});

const BASE = 1764230400; // 2025-11-27T08:00:00Z
const iso = (seconds: number) =>
  new Date(seconds * 1000).toISOString().replace('.000', '');
// The chart's axis is the requested range: ask for exactly the span of the points below, so the
// pixel positions here land on them.
const RANGE = `from=${iso(BASE)}&to=${iso(BASE + 600)}`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: { 'monitoring.festivals.io/job': 'festivals-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

function panels(): PanelsResponse {
  const points: Array<[number, number]> = Array.from({ length: 11 }, (_, i) => [
    BASE + i * 60,
    i === 5 ? 12 : 1,
  ]);
  return {
    entityRef: 'component:default/festivals-api',
    prometheus: 'local',
    start: BASE,
    end: BASE + 600,
    step: 60,
    panels: [
      {
        id: 'error-rate',
        title: 'Error Rate',
        description: '5xx share of requests',
        kind: 'timeseries',
        unit: 'percent',
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

async function renderMetrics(options: {
  url: string;
  mountedRoutes?: Record<string, any>;
}) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[monitoringApiRef, { getPanels: async () => panels() }]]}
    >
      <EntityProvider entity={entity}>
        <MetricsContent />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [options.url], mountedRoutes: options.mountedRoutes },
  );
}

// The line chart's plot spans x = 88…784 (8 px margin + 80 px y axis, 16 px right margin):
// 11 points, 69.6 px apart. Recharts takes the point under the pointer from the last move.
const xOf = (index: number) => Math.round(88 + index * 69.6);
const settle = () => act(() => new Promise(r => setTimeout(r, 50)));
async function select(fromIndex: number, toIndex: number) {
  const chart = (
    await screen.findByTestId('panel-chart-error-rate')
  ).querySelector('.recharts-wrapper')!;
  fireEvent.mouseMove(chart, { clientX: xOf(fromIndex), clientY: 100 });
  await settle();
  fireEvent.mouseDown(chart, { clientX: xOf(fromIndex), clientY: 100 });
  fireEvent.mouseMove(chart, { clientX: xOf(toIndex), clientY: 100 });
  await settle();
  fireEvent.mouseUp(chart, { clientX: xOf(toIndex), clientY: 100 });
}

function linkParams(link: HTMLElement): {
  path: string;
  params: URLSearchParams;
} {
  const url = new URL(link.getAttribute('href')!, 'http://app');
  return { path: url.pathname, params: url.searchParams };
}

describe('Metrics → Logs pivot', () => {
  it('a drag on the Error Rate chart offers its logs on that window, at error level', async () => {
    await renderMetrics({
      url: `/catalog/default/component/festivals-api/metrics?${RANGE}`,
    });
    await select(2, 8);
    const link = await screen.findByRole('link', {
      name: /^Error Rate: logs for this window/,
    });
    expect(link).toHaveTextContent('Logs for this window');
    const { path, params } = linkParams(link);
    expect(path).toBe('/catalog/default/component/festivals-api/logs');
    expect(params.get('from')).toBe(iso(BASE + 120));
    expect(params.get('to')).toBe(iso(BASE + 480));
    expect(params.get('view')).toBe('level');
    expect(params.get('level')).toBe('error');
  });

  it('a click on a point takes five steps either side of it, and can zoom the Metrics range', async () => {
    await renderMetrics({
      url: `/catalog/default/component/festivals-api/metrics?${RANGE}`,
    });
    await select(5, 5);
    const { params } = linkParams(
      await screen.findByRole('link', { name: /logs for this window/ }),
    );
    expect(params.get('from')).toBe(iso(BASE));
    expect(params.get('to')).toBe(iso(BASE + 600));
    fireEvent.click(
      screen.getByRole('button', { name: 'Zoom to this window' }),
    );
    await waitFor(() => {
      const url = new URLSearchParams(
        screen.getByTestId('location').textContent!,
      );
      expect(url.get('from')).toBe(iso(BASE));
      expect(url.get('to')).toBe(iso(BASE + 600));
    });
  });

  it('links to the Logs tab where the app bound it', async () => {
    await renderMetrics({
      url: `/metrics?${RANGE}`,
      mountedRoutes: { '/somewhere/entity-logs': logsTabRouteRef },
    });
    await select(2, 8);
    const { path } = linkParams(
      await screen.findByRole('link', { name: /logs for this window/ }),
    );
    expect(path).toBe('/somewhere/entity-logs');
  });
});

describe('pivot maths', () => {
  it('reads the step off the points and widens a clicked point by five steps', () => {
    expect(chartStep([100, 115, 130])).toBe(15);
    expect(chartStep([100])).toBe(60);
    expect(selectedWindow(1000, 1000, 15)).toEqual({ start: 925, end: 1075 });
    expect(selectedWindow(1300, 1000, 15)).toEqual({ start: 1000, end: 1300 });
  });

  it('opens error panels on error lines and others on all lines', () => {
    const window = { start: 100.4, end: 200.2 };
    const errors = new URL(
      logsWindowLink('/e/logs', window, 'error-rate'),
      'http://app',
    ).searchParams;
    expect(Object.fromEntries(errors)).toEqual({
      from: iso(100),
      to: iso(201),
      view: 'level',
      level: 'error',
    });
    const requests = new URL(
      logsWindowLink('/e/logs', window, 'request-rate'),
      'http://app',
    ).searchParams;
    expect(Object.fromEntries(requests)).toEqual({
      from: iso(100),
      to: iso(201),
    });
  });
});
