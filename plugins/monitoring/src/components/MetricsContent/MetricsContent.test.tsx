import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PanelsResponse } from '@internal/plugin-monitoring-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { MonitoringApi, monitoringApiRef } from '../../api';
import { MetricsContent } from './MetricsContent';

const monitored: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: { 'monitoring.festivals.io/job': 'festivals-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

function response(panel: Partial<PanelsResponse['panels'][0]>): PanelsResponse {
  return {
    entityRef: 'component:default/festivals-api',
    prometheus: 'local',
    start: 0,
    end: 60,
    step: 15,
    panels: [
      {
        id: 'request-rate',
        title: 'Request Rate',
        description: 'HTTP requests per second',
        kind: 'timeseries',
        unit: 'reqps',
        query: 'sum(rate(x[1m]))',
        ...panel,
      },
    ],
  };
}

/** Shows the current URL's query string, so tests can read what the page wrote there. */
const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

async function renderWith(
  entity: Entity,
  api: Partial<MonitoringApi>,
  url = '/',
) {
  await renderInTestApp(
    <TestApiProvider apis={[[monitoringApiRef, api]]}>
      <EntityProvider entity={entity}>
        <MetricsContent />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [url] },
  );
}

describe('MetricsContent', () => {
  it('shows the missing-annotation state, naming the annotation, and asks nothing', async () => {
    const getPanels = jest.fn();
    await renderWith(
      { ...monitored, metadata: { name: 'website' } },
      { getPanels },
    );
    expect(
      await screen.findByText('monitoring.festivals.io/job', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(getPanels).not.toHaveBeenCalled();
  });

  it('asks the backend for all of the entity’s panels over the last hour by default', async () => {
    const getPanels = jest.fn(async () =>
      response({
        series: [
          {
            name: 'festivals-api',
            labels: { service: 'festivals-api' },
            points: [
              [0, 10.5],
              [15, 12.5],
            ],
          },
        ],
      }),
    );
    await renderWith(monitored, { getPanels });
    expect(await screen.findByText('Request Rate')).toBeInTheDocument();
    // The latest value with its unit.
    expect(screen.getByText('12.5 req/s')).toBeInTheDocument();
    const request = (getPanels.mock.calls[0] as any)[0];
    expect(request.entityRef).toBe('component:default/festivals-api');
    // All panels (the seed's and the configured ones) come in one request.
    expect(request.panelIds).toBeUndefined();
    expect(request.end - request.start).toBe(3600);
  });

  it('brings the panel named by ?panel= into view (the health card links there)', async () => {
    const scrolled: string[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
      scrolled.push(this.id);
    };
    try {
      await renderWith(
        monitored,
        { getPanels: jest.fn(async () => response({})) },
        '/?range=1h&panel=request-rate',
      );
      expect(await screen.findByText('Request Rate')).toBeInTheDocument();
      await waitFor(() => expect(scrolled).toEqual(['panel-request-rate']));
      expect(
        document.getElementById('panel-request-rate')?.dataset.focused,
      ).toBe('true');
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });

  it('shows a panel’s own upstream error', async () => {
    await renderWith(monitored, {
      getPanels: async () =>
        response({
          error: {
            upstream: 'prometheus',
            message:
              'Prometheus at http://127.0.0.1:9090 is unreachable (ECONNREFUSED).',
          },
        }),
    });
    expect(
      await screen.findByText(
        'Prometheus at http://127.0.0.1:9090 is unreachable (ECONNREFUSED).',
        { exact: false },
      ),
    ).toBeInTheDocument();
  });

  it('says "No data in this range" when the range is empty, without blaming the entity', async () => {
    await renderWith(monitored, {
      getPanels: async () => response({ series: [] }),
    });
    expect(
      await screen.findByTestId('panel-no-data-request-rate'),
    ).toHaveTextContent('No data in this range.');
    expect(screen.queryByText(/No series/)).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('metrics-not-exported'),
    ).not.toBeInTheDocument();
  });

  it('shows a failed request as an error panel', async () => {
    const error = Object.assign(
      new Error('No entity component:default/festivals-api'),
      {
        name: 'NotFoundError',
      },
    );
    await renderWith(monitored, {
      getPanels: async () => Promise.reject(error),
    });
    expect(
      await screen.findByText('Could not load metrics', { exact: false }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/No entity component:default\/festivals-api/).length,
    ).toBeGreaterThan(0);
  });

  it('reads a preset range from the URL', async () => {
    const getPanels = jest.fn(async () => response({ series: [] }));
    await renderWith(monitored, { getPanels }, '/?range=6h');
    await waitFor(() => expect(getPanels).toHaveBeenCalled());
    const request = (getPanels.mock.calls[0] as any)[0];
    expect(request.end - request.start).toBe(6 * 3600);
  });

  it('restores an absolute range pasted from another user’s URL', async () => {
    const getPanels = jest.fn(async () => response({ series: [] }));
    await renderWith(
      monitored,
      { getPanels },
      '/?from=2026-11-20T10:00:00Z&to=2026-11-20T12:30:00Z',
    );
    await waitFor(() => expect(getPanels).toHaveBeenCalled());
    const request = (getPanels.mock.calls[0] as any)[0];
    expect(request.start).toBe(Date.UTC(2026, 10, 20, 10, 0, 0) / 1000);
    expect(request.end).toBe(Date.UTC(2026, 10, 20, 12, 30, 0) / 1000);
  });

  it('writes a chosen preset into the URL and asks again for that range', async () => {
    const getPanels = jest.fn(async () => response({ series: [] }));
    await renderWith(monitored, { getPanels });
    await waitFor(() => expect(getPanels).toHaveBeenCalledTimes(1));
    fireEvent.mouseDown(screen.getByLabelText('Time range'));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Last 24 hours'),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe('?range=24h'),
    );
    await waitFor(() => expect(getPanels).toHaveBeenCalledTimes(2));
    const request = (getPanels.mock.calls[1] as any)[0];
    expect(request.end - request.start).toBe(86400);
  });

  it('refreshes on the chosen interval only while the page is visible', async () => {
    jest.useFakeTimers();
    try {
      const getPanels = jest.fn(async () => response({ series: [] }));
      await renderWith(monitored, { getPanels }, '/?refresh=30s');
      await waitFor(() => expect(getPanels).toHaveBeenCalledTimes(1));
      await act(async () => {
        jest.advanceTimersByTime(30_000);
      });
      await waitFor(() => expect(getPanels).toHaveBeenCalledTimes(2));

      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
      await act(async () => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await act(async () => {
        jest.advanceTimersByTime(120_000);
      });
      expect(getPanels).toHaveBeenCalledTimes(2);
    } finally {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'visible',
      });
      jest.useRealTimers();
    }
  });

  it('draws tables, stats and deep links for the API Performance panels', async () => {
    const base = response({});
    const panels: PanelsResponse = {
      ...base,
      panels: [
        {
          id: 'slowest-endpoints-p99',
          title: 'Slowest Endpoints (P99)',
          description: 'Top 10 paths by 99th percentile duration',
          kind: 'table',
          unit: 'seconds',
          query: 'topk(10, x)',
          links: { prometheus: 'http://prom.example/graph?g0.expr=x' },
          series: [
            {
              name: '/api/a',
              labels: { path: '/api/a' },
              points: [[60, 0.25]],
            },
            { name: '/api/b', labels: { path: '/api/b' }, points: [[60, 1.5]] },
          ],
        },
        {
          id: 'tickets-sold-today',
          title: 'Tickets Sold Today',
          description: 'Tickets sold in the last 24 hours',
          kind: 'stat',
          unit: 'count',
          query: 'sum(increase(x[24h]))',
          series: [
            { name: 'Tickets Sold Today', labels: {}, points: [[60, 1234.4]] },
          ],
        },
      ],
    };
    await renderWith(monitored, { getPanels: async () => panels });
    const table = await screen.findByTestId(
      'panel-table-slowest-endpoints-p99',
    );
    const rows = within(table).getAllByRole('row').slice(1);
    // Slowest first, with units.
    expect(rows.map(r => r.textContent)).toEqual([
      '/api/b1.5 s',
      '/api/a250 ms',
    ]);
    expect(
      screen.getByTestId('panel-stat-tickets-sold-today').textContent,
    ).toBe('1,234');
    expect(
      screen.getByRole('link', {
        name: /^Slowest Endpoints \(P99\): open in Prometheus/,
      }),
    ).toHaveAttribute('href', 'http://prom.example/graph?g0.expr=x');
  });
});
