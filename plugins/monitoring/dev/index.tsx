import { createDevApp } from '@backstage/dev-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider } from '@backstage/test-utils';
import {
  MonitoringAlert,
  PanelsResponse,
} from '@internal/plugin-monitoring-common';
import {
  EntityMonitoringAlertsContent,
  EntityMonitoringHealthCard,
  EntityMonitoringLogsContent,
  EntityMonitoringMetricsContent,
  EntityMonitoringRunbooksContent,
  monitoringPlugin,
} from '../src/plugin';
import { MonitoringApi, monitoringApiRef } from '../src/api';
import { fixtureDiagnostics } from './diagnosticsFixture';
import { fixtureLogs, fixtureVolume } from './logsFixture';

// Work on the UI alone: `yarn workspace @internal/plugin-monitoring start`.
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: {
      'monitoring.festivals.io/job': 'festivals-api',
      'monitoring.festivals.io/namespace': 'festivals-production',
      'backstage.io/kubernetes-id': 'festivals-api',
      'monitoring.festivals.io/runbooks':
        'https://git.example.com/festivals/runbooks/festivals-api.md',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'festivals-team' },
};

const entityRef = 'component:default/festivals-api';

/** One critical alert, firing for the last five minutes. */
function firingAlert(): MonitoringAlert {
  const labels = {
    alertname: 'FestivalsHighErrorRate',
    severity: 'critical',
    namespace: 'festivals-production',
    service: 'festivals-api',
  };
  return {
    fingerprint: 'fixture-1',
    alertname: labels.alertname,
    severity: labels.severity,
    labels,
    annotations: { summary: 'High error rate detected' },
    startsAt: new Date(Date.now() - 300_000).toISOString(),
    updatedAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 60_000).toISOString(),
    state: 'active',
    silencedBy: [],
    inhibitedBy: [],
    receivers: ['slack-critical'],
  };
}

/** Fixture data: a gently varying request rate, a degraded health, one firing alert. */
const fixtureApi: MonitoringApi = {
  async getPanels({ start, end }): Promise<PanelsResponse> {
    const step = Math.max(15, Math.round((end - start) / 300));
    const points: Array<[number, number]> = [];
    for (let t = Math.floor(start / step) * step; t <= end; t += step) {
      points.push([t, 20 + 5 * Math.sin(t / 600)]);
    }
    return {
      entityRef,
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
  async getHealth(request) {
    const end = Math.floor(Date.now() / 1000 / 60) * 60;
    return {
      entityRef: request.entityRef,
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
  async getAlerts() {
    return {
      entityRef,
      alertmanager: 'fixture',
      matchers: [],
      alerts: [firingAlert()],
    };
  },
  async getRules() {
    return {
      entityRef,
      prometheus: 'fixture',
      rules: [
        {
          group: 'festivals.availability',
          name: 'FestivalsHighErrorRate',
          state: 'firing',
          query: 'sum(rate(http_requests_total{status=~"5.."}[5m])) > 0.05',
          durationSeconds: 300,
          labels: { severity: 'critical' },
          annotations: {},
          health: 'ok',
          activeAlerts: 1,
        },
      ],
    };
  },
  async getSilences() {
    return { entityRef, alertmanager: 'fixture', silences: [] };
  },
  async createSilence() {
    return { silenceId: 'fixture-silence' };
  },
  async expireSilence() {},
  async getLogs(request) {
    return fixtureLogs(request);
  },
  async getLogVolume(request) {
    return fixtureVolume(request);
  },
  async getDiagnostics() {
    return fixtureDiagnostics(new Date().toISOString());
  },
  async getTeamRunbooks() {
    return {
      entityRef,
      url: 'https://git.example.com/festivals/runbooks/festivals-api.md',
      sections: {
        FestivalsHighMemory:
          'Take a heap dump from the admin port **before** restarting, then:\n\n1. `kubectl rollout restart deployment/festivals-api`\n2. Post the dump in #tickets-oncall.',
      },
      notes: 'Owned by the tickets team: page **#tickets-oncall** first.',
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
  .addPage({
    title: 'Alerts',
    path: '/alerts',
    element: (
      <TestApiProvider apis={[[monitoringApiRef, fixtureApi]]}>
        <EntityProvider entity={entity}>
          <EntityMonitoringAlertsContent />
        </EntityProvider>
      </TestApiProvider>
    ),
  })
  .addPage({
    title: 'Logs',
    path: '/logs',
    element: (
      <TestApiProvider apis={[[monitoringApiRef, fixtureApi]]}>
        <EntityProvider entity={entity}>
          <EntityMonitoringLogsContent />
        </EntityProvider>
      </TestApiProvider>
    ),
  })
  .addPage({
    title: 'Runbooks',
    path: '/runbooks',
    element: (
      <TestApiProvider apis={[[monitoringApiRef, fixtureApi]]}>
        <EntityProvider entity={entity}>
          <EntityMonitoringRunbooksContent />
        </EntityProvider>
      </TestApiProvider>
    ),
  })
  .render();
