import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  PanelResult,
  PanelsResponse,
} from '@internal/plugin-monitoring-common';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { cloneElement, ReactElement } from 'react';
import { useLocation } from 'react-router-dom';
import { monitoringApiRef } from '../../api';
import { MetricsContent } from './MetricsContent';

// jsdom lays nothing out: give each chart the size a browser would. The rest is real recharts.
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
const RANGE = `from=${iso(BASE)}&to=${iso(BASE + 600)}`;
const METRICS = `/catalog/default/component/festivals-api/metrics?${RANGE}`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: { 'monitoring.festivals.io/job': 'festivals-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

const points = (value: (i: number) => number, count = 11) =>
  Array.from(
    { length: count },
    (_, i) => [BASE + i * 60, value(i)] as [number, number],
  );

function chart(id: string, title: string, extra: Partial<PanelResult> = {}) {
  return {
    id,
    title,
    description: '',
    kind: 'timeseries' as const,
    unit: 'count' as const,
    query: 'x',
    series: [{ name: 'festivals-api', labels: {}, points: points(() => 3) }],
    ...extra,
  };
}

function response(panels: PanelResult[]): PanelsResponse {
  return {
    entityRef: 'component:default/festivals-api',
    prometheus: 'local',
    start: BASE,
    end: BASE + 600,
    step: 60,
    panels,
  };
}

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

async function renderMetrics(
  panels: PanelResult[],
  url = METRICS,
  later?: PanelResult[],
) {
  let calls = 0;
  const getPanels = async () => response(later && calls++ > 0 ? later : panels);
  await renderInTestApp(
    <TestApiProvider apis={[[monitoringApiRef, { getPanels }]]}>
      <EntityProvider entity={entity}>
        <MetricsContent />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [url] },
  );
}

// The plot spans x = 88…784 (8 px margin + 80 px y axis, 16 px right margin): 11 points,
// 69.6 px apart.
const xOf = (index: number) => Math.round(88 + index * 69.6);
const settle = () => act(() => new Promise(r => setTimeout(r, 50)));
const wrapperOf = async (id: string) =>
  (await screen.findByTestId(`panel-chart-${id}`)).querySelector(
    '.recharts-wrapper',
  )!;

describe('Metrics charts', () => {
  it('share one crosshair: hovering one chart shows the cursor on the others', async () => {
    await renderMetrics([
      chart('request-rate', 'Request Rate'),
      chart('error-rate', 'Error Rate'),
    ]);
    const requestRate = await screen.findByTestId('panel-chart-request-rate');
    const errorRate = await wrapperOf('error-rate');
    expect(
      requestRate.querySelector('.recharts-tooltip-cursor'),
    ).not.toBeInTheDocument();
    fireEvent.mouseMove(errorRate, { clientX: xOf(4), clientY: 100 });
    await settle();
    await waitFor(() =>
      expect(
        requestRate.querySelector('.recharts-tooltip-cursor'),
      ).toBeInTheDocument(),
    );
  });

  it('zooms the page to a span dragged across a chart, writing from/to to the URL', async () => {
    await renderMetrics([chart('request-rate', 'Request Rate')]);
    const wrapper = await wrapperOf('request-rate');
    fireEvent.mouseMove(wrapper, { clientX: xOf(2), clientY: 100 });
    await settle();
    fireEvent.mouseDown(wrapper, { clientX: xOf(2), clientY: 100 });
    fireEvent.mouseMove(wrapper, { clientX: xOf(6), clientY: 100 });
    await settle();
    fireEvent.mouseUp(wrapper, { clientX: xOf(6), clientY: 100 });
    await waitFor(() => {
      const params = new URLSearchParams(
        screen.getByTestId('location').textContent!,
      );
      expect(params.get('from')).toBe(iso(BASE + 120));
      expect(params.get('to')).toBe(iso(BASE + 360));
    });
    // Already zoomed: the span offers its logs and a way back out, not a second zoom.
    expect(
      await screen.findByRole('button', { name: 'Zoom out' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Zoom to this window' }),
    ).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    await waitFor(() => {
      const params = new URLSearchParams(
        screen.getByTestId('location').textContent!,
      );
      // Twice the span, around its middle.
      expect(params.get('from')).toBe(iso(BASE));
      expect(params.get('to')).toBe(iso(BASE + 480));
    });
  });

  it('reads a quick drag from the pointer itself, over minutes without data too', async () => {
    // A young service: data in the last two minutes of the range only.
    await renderMetrics([
      chart('request-rate', 'Request Rate', {
        series: [
          {
            name: 'festivals-api',
            labels: {},
            points: [
              [BASE + 540, 3],
              [BASE + 600, 4],
            ],
          },
        ],
      }),
    ]);
    const container = await screen.findByTestId('panel-chart-request-rate');
    // Laid out as a browser would: 800 px wide at the page's left edge.
    container.getBoundingClientRect = () =>
      ({
        left: 0,
        top: 0,
        width: 800,
        height: 260,
        right: 800,
        bottom: 260,
      } as DOMRect);
    const wrapper = container.querySelector('.recharts-wrapper')!;
    // Press at 08:01 and release at 08:07 with no move in between that recharts processed:
    // the span dragged, not the nearest data points.
    fireEvent.mouseDown(wrapper, { clientX: xOf(1), clientY: 100 });
    fireEvent.mouseUp(wrapper, { clientX: xOf(7), clientY: 100 });
    await waitFor(() => {
      const params = new URLSearchParams(
        screen.getByTestId('location').textContent!,
      );
      expect(params.get('from')).toBe(iso(BASE + 60));
      expect(params.get('to')).toBe(iso(BASE + 420));
    });
  });

  it('keeps the zoomed span’s actions when the zoomed range holds no data', async () => {
    await renderMetrics([chart('request-rate', 'Request Rate')], METRICS, [
      chart('request-rate', 'Request Rate', { series: [] }),
    ]);
    const wrapper = await wrapperOf('request-rate');
    fireEvent.mouseMove(wrapper, { clientX: xOf(2), clientY: 100 });
    await settle();
    fireEvent.mouseDown(wrapper, { clientX: xOf(2), clientY: 100 });
    fireEvent.mouseMove(wrapper, { clientX: xOf(6), clientY: 100 });
    await settle();
    fireEvent.mouseUp(wrapper, { clientX: xOf(6), clientY: 100 });
    expect(
      await screen.findByTestId('panel-no-data-request-rate'),
    ).toBeInTheDocument();
    const group = await screen.findByRole('group', {
      name: 'Request Rate selected window',
    });
    expect(group).toHaveTextContent('Logs for this window');
    expect(
      screen.getByRole('button', { name: 'Zoom out' }),
    ).toBeInTheDocument();
  });

  it('shades the periods the panel’s alerts fired, and names them', async () => {
    await renderMetrics([
      chart('error-rate', 'Error Rate', {
        alertPeriods: [
          {
            alertname: 'FestivalsHighErrorRate',
            severity: 'critical',
            start: BASE + 120,
            end: BASE + 300,
          },
        ],
      }),
      chart('request-rate', 'Request Rate'),
    ]);
    const errorRate = await screen.findByTestId('panel-chart-error-rate');
    const areas = errorRate.querySelectorAll(
      '.monitoring-alert-period, .recharts-reference-area',
    );
    expect(areas.length).toBeGreaterThan(0);
    const rect = errorRate.querySelector('.recharts-reference-area-rect')!;
    // From 08:02 to 08:05 on an axis of 08:00–08:10 over 696 px.
    expect(Number(rect.getAttribute('x'))).toBeCloseTo(88 + 2 * 69.6, 0);
    expect(Number(rect.getAttribute('width'))).toBeCloseTo(3 * 69.6, 0);
    expect(rect.getAttribute('fill')).toBe('#d32f2f');
    expect(errorRate).toHaveTextContent('FestivalsHighErrorRate');
    expect(
      screen.getByTestId('panel-alert-periods-error-rate'),
    ).toHaveTextContent('Shaded: when FestivalsHighErrorRate fired');
    // Panels no alert is about stay unshaded.
    const requestRate = screen.getByTestId('panel-chart-request-rate');
    expect(
      requestRate.querySelector('.recharts-reference-area-rect'),
    ).not.toBeInTheDocument();
  });

  it('collapses panels the service does not export into one line', async () => {
    await renderMetrics([
      chart('request-rate', 'Request Rate', { series: [], exported: false }),
      chart('error-rate', 'Error Rate', { series: [], exported: false }),
      chart('queue-depth', 'Queue Depth'),
      // The metric exists but this range is empty (e.g. an outage): a card that says so.
      chart('db-connections-active', 'Active DB Connections', { series: [] }),
    ]);
    expect(await screen.findByTestId('metrics-not-exported')).toHaveTextContent(
      'Not exported by this service: Request Rate, Error Rate',
    );
    expect(screen.queryByTestId('panel-request-rate')).not.toBeInTheDocument();
    expect(screen.queryByTestId('panel-error-rate')).not.toBeInTheDocument();
    expect(screen.getByTestId('panel-queue-depth')).toBeInTheDocument();
    expect(
      screen.getByTestId('panel-no-data-db-connections-active'),
    ).toHaveTextContent('No data in this range.');
  });

  it('draws the pool size as a dashed limit line next to the connections in use', async () => {
    await renderMetrics([
      chart('db-connections-active', 'Active DB Connections', {
        limitSeries: 'pool size',
        series: [
          { name: 'in use', labels: {}, points: points(i => 5 + i) },
          { name: 'pool size', labels: {}, points: points(() => 20) },
        ],
      }),
    ]);
    const panel = await screen.findByTestId(
      'panel-chart-db-connections-active',
    );
    await waitFor(() =>
      expect(panel.querySelectorAll('path.recharts-line-curve')).toHaveLength(
        2,
      ),
    );
    const [inUse, pool] = Array.from(
      panel.querySelectorAll('path.recharts-line-curve'),
    );
    expect(inUse.getAttribute('stroke-dasharray')).toBeNull();
    expect(pool.getAttribute('stroke-dasharray')).toBe('8 4');
    expect(
      screen.getByRole('list', { name: 'Active DB Connections latest values' }),
    ).toHaveTextContent('pool size: 20');
  });

  it('draws straight segments and round value ticks', async () => {
    await renderMetrics([
      chart('request-rate', 'Request Rate', {
        unit: 'reqps',
        series: [
          {
            name: 'festivals-api',
            labels: {},
            points: points(i => [1.3, 7.9, 2.2, 12.37][i % 4]),
          },
        ],
      }),
    ]);
    const panel = await screen.findByTestId('panel-chart-request-rate');
    await waitFor(() =>
      expect(panel.querySelector('path.recharts-line-curve')).not.toBeNull(),
    );
    const d = panel
      .querySelector('path.recharts-line-curve')!
      .getAttribute('d')!;
    // Linear: move and line-to commands only, no Bézier curves.
    expect(d).not.toMatch(/C/);
    expect(d.match(/L/g)!.length).toBe(10);
    const ticks = () =>
      Array.from(
        panel.querySelectorAll('.recharts-yAxis-tick-labels text'),
      ).map(t => t.textContent);
    // Up to 12.37 req/s: recharts alone ended the axis on "12.4 req/s".
    await waitFor(() =>
      expect(ticks()).toEqual(['0 req/s', '5 req/s', '10 req/s', '15 req/s']),
    );
  });

  it('marks a point with no neighbour, which a line alone would not draw', async () => {
    await renderMetrics([
      chart('request-rate', 'Request Rate', {
        series: [
          {
            name: 'festivals-api',
            labels: {},
            // A young service on a long range: one point, at the end.
            points: [[BASE + 600, 3]],
          },
        ],
      }),
    ]);
    const panel = await screen.findByTestId('panel-chart-request-rate');
    await waitFor(() =>
      expect(
        panel.querySelectorAll('circle.monitoring-isolated-point'),
      ).toHaveLength(1),
    );
  });

  it('draws a last point past the requested end at the end, and says when it was taken', async () => {
    await renderMetrics(
      [
        chart('request-rate', 'Request Rate', {
          series: [
            {
              name: 'festivals-api',
              labels: {},
              // The grid's last point lies 40 s after the requested end (08:11, less than a step late).
              points: [
                [BASE + 540, 2],
                [BASE + 600, 3],
                [BASE + 660, 4],
              ],
            },
          ],
        }),
      ],
      `/catalog/default/component/festivals-api/metrics?from=${iso(
        BASE,
      )}&to=${iso(BASE + 620)}`,
    );
    const list = await screen.findByRole('list', {
      name: 'Request Rate latest values',
    });
    // Unclamped, the value would read as taken at 08:11, after the range.
    expect(list).toHaveTextContent('festivals-api: 4 (last, 08:10 UTC)');
    // ... and be drawn past the plot's right edge (x = 784).
    const panel = screen.getByTestId('panel-chart-request-rate');
    await waitFor(() =>
      expect(panel.querySelector('path.recharts-line-curve')).not.toBeNull(),
    );
    const d = panel
      .querySelector('path.recharts-line-curve')!
      .getAttribute('d')!;
    const xs = [...d.matchAll(/[ML]([\d.]+),/g)].map(m => Number(m[1]));
    expect(Math.max(...xs)).toBeCloseTo(784, 0);
  });
});
