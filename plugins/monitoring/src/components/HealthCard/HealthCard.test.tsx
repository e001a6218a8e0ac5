import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  HealthResponse,
  healthState,
  MonitoringAlert,
} from '@internal/plugin-monitoring-common';
import { screen, within } from '@testing-library/react';
import { MonitoringApi, monitoringApiRef } from '../../api';
import { alertsRouteRef, rootRouteRef } from '../../routes';
import { HealthCard } from './HealthCard';

jest.setTimeout(30_000);

const monitored: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: { 'monitoring.festivals.io/job': 'festivals-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

const noAlerts = async () => ({
  entityRef: 'component:default/festivals-api',
  alertmanager: 'local',
  matchers: [],
  alerts: [],
});

async function renderWith(
  entity: Entity,
  api: Partial<MonitoringApi>,
  withTabs = false,
  url?: string,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[monitoringApiRef, { getAlerts: noAlerts, ...api }]]}
    >
      <EntityProvider entity={entity}>
        <HealthCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      ...(url ? { routeEntries: [url] } : {}),
      ...(withTabs
        ? {
            mountedRoutes: {
              '/catalog/default/component/festivals-api/alerts': alertsRouteRef,
              '/catalog/default/component/festivals-api/metrics': rootRouteRef,
            },
          }
        : {}),
    },
  );
}

const critical: MonitoringAlert = {
  fingerprint: 'f1',
  alertname: 'FestivalsHighErrorRate',
  severity: 'critical',
  labels: { alertname: 'FestivalsHighErrorRate', severity: 'critical' },
  annotations: {},
  startsAt: new Date(Date.now() - 9 * 60_000 - 5000).toISOString(),
  updatedAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 60_000).toISOString(),
  state: 'active',
  silencedBy: [],
  inhibitedBy: [],
  receivers: [],
};
const silencedWarning: MonitoringAlert = {
  ...critical,
  fingerprint: 'f2',
  alertname: 'FestivalsHighLatency',
  severity: 'warning',
  state: 'suppressed',
  silencedBy: ['s1'],
};

const criticalAlerts = {
  critical: 1,
  warning: 0,
  other: 0,
  firing: [{ alertname: 'FestivalsHighErrorRate', severity: 'critical' }],
};

/**
 * What the shared rule (the backend's) answers when a critical alert fires while the targets
 * answer: the card shows that word as it is, with no correction of its own.
 */
const criticalWhileUp: HealthResponse = {
  ...{
    entityRef: 'component:default/festivals-api',
    time: 1_764_201_600,
    requestRate: [],
    errors: [],
  },
  ...healthState({
    targets: { total: 2, up: 2 },
    errorRatePercent: 7.25,
    latencyP95Seconds: 0.42,
    alerts: criticalAlerts,
  }),
  errorRatePercent: 7.25,
  latencyP95Seconds: 0.42,
  alerts: criticalAlerts,
};

const degraded: HealthResponse = {
  entityRef: 'component:default/festivals-api',
  time: 1_764_201_600,
  state: 'degraded',
  reasons: ['error rate ≥ 5%'],
  errorRatePercent: 7.25,
  latencyP95Seconds: 0.42,
  requestRate: [
    [1_764_201_540, 10],
    [1_764_201_600, 12],
  ],
  alerts: { critical: 0, warning: 2, other: 1 },
  errors: [],
};

describe('HealthCard', () => {
  it('shows the state, the reason, the figures with units and the alert counts', async () => {
    const getHealth = jest.fn(async () => degraded);
    await renderWith(monitored, { getHealth });
    expect(await screen.findByTestId('health-state')).toHaveTextContent(
      'degraded',
    );
    expect(screen.getByText('error rate ≥ 5%')).toBeInTheDocument();
    expect(screen.getByTestId('health-error-rate')).toHaveTextContent('7.25%');
    expect(screen.getByTestId('health-p95')).toHaveTextContent('420 ms');
    expect(screen.getByTestId('health-alerts-critical')).toHaveTextContent('0');
    expect(screen.getByTestId('health-alerts-warning')).toHaveTextContent('3');
    expect(getHealth).toHaveBeenCalledWith({
      entityRef: 'component:default/festivals-api',
    });
  });

  it('is a titled section (h2) and says "no data in this range" for an empty sparkline', async () => {
    await renderWith(monitored, {
      getHealth: async () => ({ ...degraded, requestRate: [] }),
    });
    await screen.findByTestId('health-state');
    expect(
      screen.getByRole('heading', { level: 2, name: 'Service health' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('health-sparkline')).toBeNull();
    expect(screen.getByTestId('health-sparkline-empty')).toHaveTextContent(
      'Request rate, last hour: no data in this range',
    );
  });

  it('shows a dash, not zero, when alerts are unknown, and the upstream’s words', async () => {
    await renderWith(monitored, {
      getHealth: async () => ({
        ...degraded,
        state: 'unknown',
        reasons: ['the scrape targets could not be read'],
        errorRatePercent: undefined,
        alerts: undefined,
        errors: [
          {
            upstream: 'prometheus',
            message:
              'Prometheus at http://p:9090 is unreachable (ECONNREFUSED).',
          },
        ],
      }),
    });
    expect(await screen.findByTestId('health-state')).toHaveTextContent(
      'unknown',
    );
    expect(screen.getByTestId('health-alerts-critical')).toHaveTextContent('–');
    expect(screen.getByTestId('health-error-rate')).toHaveTextContent('–');
    expect(
      screen.getByText(
        'Prometheus at http://p:9090 is unreachable (ECONNREFUSED).',
      ),
    ).toBeInTheDocument();
  });

  it('says degraded, not down, when a critical alert fires while the service answers, and names the alert', async () => {
    await renderWith(
      monitored,
      {
        getHealth: async () => criticalWhileUp,
        getAlerts: async () => ({
          ...(await noAlerts()),
          alerts: [critical, silencedWarning],
        }),
      },
      true,
    );
    expect(await screen.findByTestId('health-state')).toHaveTextContent(
      'degraded',
    );
    expect(screen.getByTestId('health-alert-words')).toHaveTextContent(
      '1 critical alert firing',
    );
    // The count reason is replaced by the list, which names the alert and how long.
    expect(screen.queryByText(/alert\(s\)/)).toBeNull();
    const row = await screen.findByTestId('health-alert-f1');
    expect(row).toHaveTextContent('critical');
    expect(row).toHaveTextContent('firing for 9m');
    expect(
      within(row).getByRole('link', { name: 'FestivalsHighErrorRate' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/festivals-api/alerts?alert=f1',
    );
    // A silenced alert is handled; it is not listed.
    expect(screen.queryByTestId('health-alert-f2')).toBeNull();
  });

  it('says down when every scrape target is down', async () => {
    await renderWith(monitored, {
      getHealth: async () => ({
        ...criticalWhileUp,
        ...healthState({
          targets: { total: 2, up: 0 },
          alerts: criticalAlerts,
        }),
      }),
    });
    expect(await screen.findByTestId('health-state')).toHaveTextContent('down');
    expect(
      screen.getByText('all 2 scrape targets are down'),
    ).toBeInTheDocument();
  });

  it('links each figure to its Metrics panel over the last hour and each count to the Alerts tab', async () => {
    await renderWith(monitored, { getHealth: async () => degraded }, true);
    const link = (testId: string) =>
      within(screen.getByTestId(testId)).getByRole('link');
    await screen.findByTestId('health-state');
    const metrics = '/catalog/default/component/festivals-api/metrics';
    expect(link('health-error-rate')).toHaveAttribute(
      'href',
      `${metrics}?range=1h&panel=error-rate#panel-error-rate`,
    );
    expect(link('health-p95')).toHaveAttribute(
      'href',
      `${metrics}?range=1h&panel=latency-p95#panel-latency-p95`,
    );
    expect(link('health-alerts-warning')).toHaveAttribute(
      'href',
      '/catalog/default/component/festivals-api/alerts?severity=warning',
    );
    expect(
      screen.getByRole('link', { name: 'Request rate, last hour' }),
    ).toHaveAttribute(
      'href',
      `${metrics}?range=1h&panel=request-rate#panel-request-rate`,
    );
  });

  it('keeps the page’s time zone (?tz=local) on every link into the tabs', async () => {
    await renderWith(
      monitored,
      {
        getHealth: async () => criticalWhileUp,
        getAlerts: async () => ({ ...(await noAlerts()), alerts: [critical] }),
      },
      true,
      '/catalog/default/component/festivals-api?tz=local',
    );
    const link = (testId: string) =>
      within(screen.getByTestId(testId)).getByRole('link');
    await screen.findByTestId('health-state');
    const metrics = '/catalog/default/component/festivals-api/metrics';
    const alerts = '/catalog/default/component/festivals-api/alerts';
    expect(link('health-error-rate')).toHaveAttribute(
      'href',
      `${metrics}?range=1h&panel=error-rate&tz=local#panel-error-rate`,
    );
    expect(link('health-alerts-critical')).toHaveAttribute(
      'href',
      `${alerts}?severity=critical&tz=local`,
    );
    expect(
      within(await screen.findByTestId('health-alert-f1')).getByRole('link', {
        name: 'FestivalsHighErrorRate',
      }),
    ).toHaveAttribute('href', `${alerts}?alert=f1&tz=local`);
  });

  it('shows plain figures when the app mounts no monitoring tabs', async () => {
    await renderWith(monitored, { getHealth: async () => degraded });
    expect(await screen.findByTestId('health-error-rate')).toHaveTextContent(
      '7.25%',
    );
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(screen.getByTestId('health-updated')).toHaveTextContent(
      /^updated \d\d:\d\d:\d\d UTC · \d+s ago$/,
    );
  });

  it('names the missing annotation and asks nothing', async () => {
    const getHealth = jest.fn();
    await renderWith(
      { ...monitored, metadata: { name: 'website' } },
      { getHealth },
    );
    expect(
      await screen.findByText('monitoring.festivals.io/job', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(getHealth).not.toHaveBeenCalled();
  });
});
