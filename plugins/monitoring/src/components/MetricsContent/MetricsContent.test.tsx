import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PanelsResponse } from '@internal/plugin-monitoring-common';
import { screen } from '@testing-library/react';
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

async function renderWith(entity: Entity, api: Partial<MonitoringApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[monitoringApiRef, api]]}>
      <EntityProvider entity={entity}>
        <MetricsContent />
      </EntityProvider>
    </TestApiProvider>,
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

  it('asks the backend for the entity’s Request Rate over the last hour', async () => {
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
    expect(request.panelIds).toEqual(['request-rate']);
    expect(request.end - request.start).toBe(3600);
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

  it('says when the entity has no data', async () => {
    await renderWith(monitored, {
      getPanels: async () => response({ series: [] }),
    });
    expect(
      await screen.findByText(/No data for this entity/),
    ).toBeInTheDocument();
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
});
