import { createDevApp } from '@backstage/dev-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider } from '@backstage/test-utils';
import { PanelsResponse } from '@internal/plugin-monitoring-common';
import {
  EntityMonitoringHealthCard,
  EntityMonitoringMetricsContent,
  monitoringPlugin,
} from '../src/plugin';
import { MonitoringApi, monitoringApiRef } from '../src/api';

// Work on the UI alone: `yarn workspace @internal/plugin-monitoring start`.
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: {
      'monitoring.festivals.io/job': 'festivals-api',
      'monitoring.festivals.io/namespace': 'festivals-production',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'festivals-team' },
};

/** Fixture data: a gently varying request rate, and one failing panel. */
const fixtureApi: MonitoringApi = {
  async getPanels({ start, end }): Promise<PanelsResponse> {
    const step = Math.max(15, Math.round((end - start) / 300));
    const points: Array<[number, number]> = [];
    for (let t = Math.floor(start / step) * step; t <= end; t += step) {
      points.push([t, 20 + 5 * Math.sin(t / 600)]);
    }
    return {
      entityRef: 'component:default/festivals-api',
      prometheus: 'fixture',
      start,
      end,
      step,
      panels: [
        {
          id: 'request-rate',
          title: 'Request Rate',
          description: 'HTTP requests per second',
          kind: 'timeseries',
          unit: 'reqps',
          query:
            'sum by (service) (rate(http_requests_total{job="festivals-api"}[1m]))',
          series: [
            {
              name: 'festivals-api',
              labels: { service: 'festivals-api' },
              points,
            },
          ],
        },
      ],
    };
  },
  async getHealth({ entityRef }) {
    const end = Math.floor(Date.now() / 1000 / 60) * 60;
    return {
      entityRef,
      time: end,
      state: 'degraded',
      reasons: ['error rate ≥ 5%'],
      errorRatePercent: 6.2,
      latencyP95Seconds: 0.31,
      requestRate: Array.from({ length: 60 }, (_, i) => [
        end - 3600 + i * 60,
        20 + 5 * Math.sin(i / 6),
      ]),
      alerts: { critical: 0, warning: 1, other: 0 },
      errors: [],
    };
  },
};

createDevApp()
  .registerPlugin(monitoringPlugin)
  .addPage({
    title: 'Metrics',
    path: '/metrics',
    element: (
      <TestApiProvider apis={[[monitoringApiRef, fixtureApi]]}>
        <EntityProvider entity={entity}>
          <EntityMonitoringMetricsContent />
        </EntityProvider>
      </TestApiProvider>
    ),
  })
  .addPage({
    title: 'Health card',
    path: '/health',
    element: (
      <TestApiProvider apis={[[monitoringApiRef, fixtureApi]]}>
        <EntityProvider entity={entity}>
          <EntityMonitoringHealthCard />
        </EntityProvider>
      </TestApiProvider>
    ),
  })
  .render();
