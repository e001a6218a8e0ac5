import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { HealthResponse } from '@internal/plugin-monitoring-common';
import { screen } from '@testing-library/react';
import { MonitoringApi, monitoringApiRef } from '../../api';
import { HealthCard } from './HealthCard';

const monitored: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: { 'monitoring.festivals.io/job': 'festivals-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

async function renderWith(entity: Entity, api: Partial<MonitoringApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[monitoringApiRef, api]]}>
      <EntityProvider entity={entity}>
        <HealthCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

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
