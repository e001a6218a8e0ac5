import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  PanelResult,
  PanelsResponse,
  SloObjective,
} from '@internal/plugin-monitoring-common';
import { screen, within } from '@testing-library/react';
import { cloneElement, ReactElement } from 'react';
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
const METRICS = `/catalog/default/component/festivals-api/metrics?from=${iso(
  BASE,
)}&to=${iso(BASE + 600)}`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: { 'monitoring.festivals.io/job': 'festivals-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

const availability: SloObjective = {
  kind: 'availability',
  objectivePercent: 99.5,
  windowDays: 30,
};

function budget(
  objective: SloObjective,
  left: number | undefined,
  coverageSeconds: number,
): PanelResult {
  const kind = objective.kind;
  return {
    id: `slo-${kind}-budget`,
    title: `${kind} error budget`,
    description: '',
    kind: 'stat',
    unit: 'percent',
    query: 'x',
    slo: { objective, role: 'budget' },
    series: [
      ...(left === undefined
        ? []
        : [
            {
              name: 'budget left',
              labels: { series: 'budget left' },
              points: [[BASE + 600, left]] as Array<[number, number]>,
            },
          ]),
      {
        name: 'data seconds',
        labels: { series: 'data seconds' },
        points: [[BASE + 600, coverageSeconds]],
      },
    ],
  };
}

function burn(objective: SloObjective): PanelResult {
  return {
    id: `slo-${objective.kind}-burn-rate`,
    title: `${
      objective.kind === 'latency' ? 'Latency' : 'Availability'
    } burn rate`,
    description: '',
    kind: 'timeseries',
    unit: 'burn-rate',
    query: 'x',
    thresholds: [
      { value: 14.4, label: 'Fast burn 14.4×' },
      { value: 6, label: 'Slow burn 6×' },
    ],
    slo: { objective, role: 'burn-rate' },
    series: [
      {
        name: 'Availability burn rate',
        labels: {},
        points: Array.from(
          { length: 11 },
          (_, i) => [BASE + i * 60, 0.5 + i / 10] as [number, number],
        ),
      },
    ],
  };
}

const requestRate: PanelResult = {
  id: 'request-rate',
  title: 'Request Rate',
  description: '',
  kind: 'timeseries',
  unit: 'reqps',
  query: 'x',
  series: [{ name: 'festivals-api', labels: {}, points: [[BASE + 60, 3]] }],
};

async function renderMetrics(
  panels: PanelResult[],
  extra: Partial<PanelsResponse> = {},
) {
  const getPanels = async (): Promise<PanelsResponse> => ({
    entityRef: 'component:default/festivals-api',
    prometheus: 'local',
    start: BASE,
    end: BASE + 600,
    step: 60,
    panels,
    ...extra,
  });
  await renderInTestApp(
    <TestApiProvider apis={[[monitoringApiRef, { getPanels }]]}>
      <EntityProvider entity={entity}>
        <MetricsContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [METRICS] },
  );
}

describe('Service level objectives on the Metrics tab', () => {
  it('states the budget left in words with its objective, and draws the burn rate against the alert thresholds', async () => {
    await renderMetrics([
      requestRate,
      budget(availability, 83.24, 3 * 3600 + 20 * 60),
      burn(availability),
    ]);
    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: 'Service level objectives',
      }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('slo-budget-availability')).toHaveTextContent(
      '83.2 % of the 30-day error budget left',
    );
    expect(
      screen.getByText(
        'Objective: 99.5 % of requests answered without a 5xx, over 30 days',
      ),
    ).toBeInTheDocument();
    // A young stack: Prometheus holds 3 h 20 min of the 30 days, and the page says so.
    expect(screen.getByTestId('slo-coverage-availability')).toHaveTextContent(
      'Measured over the 3 hours 20 minutes of data Prometheus holds, not the full 30 days.',
    );
    expect(
      screen.getByRole('heading', {
        level: 3,
        name: 'Availability error budget',
      }),
    ).toBeInTheDocument();
    const burnCard = screen.getByTestId('panel-slo-availability-burn-rate');
    expect(
      screen.getByRole('heading', { level: 3, name: 'Availability burn rate' }),
    ).toBeInTheDocument();
    expect(within(burnCard).getByText('Fast burn 14.4×')).toBeInTheDocument();
    expect(within(burnCard).getByText('Slow burn 6×')).toBeInTheDocument();
    // The latest burn rate, in its unit.
    expect(within(burnCard).getByText('1.5×')).toBeInTheDocument();
    // The SLO panels are not repeated in the dashboard grid.
    expect(screen.getAllByTestId('panel-slo-availability-budget')).toHaveLength(
      1,
    );
    expect(screen.getByTestId('panel-request-rate')).toBeInTheDocument();
  });

  it('says an overspent budget is spent, and says nothing about coverage over a full window', async () => {
    await renderMetrics([
      budget(availability, -30, 30 * 86400),
      burn(availability),
    ]);
    expect(
      await screen.findByTestId('slo-budget-availability'),
    ).toHaveTextContent(
      'No error budget left: 130 % of the 30-day error budget spent',
    );
    expect(
      screen.queryByTestId('slo-coverage-availability'),
    ).not.toBeInTheDocument();
  });

  it('says so when there were no requests to measure against', async () => {
    await renderMetrics([budget(availability, undefined, 3600)]);
    expect(
      await screen.findByText(/No requests in the last 30 days/),
    ).toBeInTheDocument();
  });

  it('shows one message naming an annotation that does not parse, and the rest of the page', async () => {
    const error =
      'Annotation monitoring.festivals.io/slo-latency: the threshold must be a bucket of http_request_duration_seconds (got "95% under 300ms over 30d"; expected …)';
    await renderMetrics([requestRate], { sloErrors: [error] });
    expect(
      await screen.findByText(/A service level objective could not be read/),
    ).toBeInTheDocument();
    expect(screen.getByText(error)).toBeInTheDocument();
    expect(screen.getByTestId('panel-request-rate')).toBeInTheDocument();
  });

  it('shows no section for an entity without objectives', async () => {
    await renderMetrics([requestRate]);
    await screen.findByTestId('panel-request-rate');
    expect(
      screen.queryByRole('heading', { name: 'Service level objectives' }),
    ).not.toBeInTheDocument();
  });
});
