import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startStack, type RunningStack } from '@internal/local-stack';
import {
  MonitoringAlert,
  silenceMatchersFromAlert,
} from '@internal/plugin-monitoring-common';
import {
  AlertmanagerClient,
  UpstreamRequestError as AlertmanagerRequestError,
} from '@internal/plugin-monitoring-node';
import {
  closedPort,
  fastFestivalsRulesFile,
  monitoredComponent,
} from '@internal/test-kit';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { monitoringPlugin } from './plugin';

// A real Prometheus evaluating the seed rules (short `for`/windows) against the synthetic
// workload, a real Alertmanager with the seed's routing, and the backend in between.
jest.setTimeout(180_000);

const namespace = 'festivals-production';
const apiEntity = monitoredComponent({
  name: 'festivals-api',
  job: 'festivals-api',
  namespace,
});
const workerEntity = monitoredComponent({
  name: 'festivals-worker',
  job: 'festivals-worker',
  namespace,
});
// Same service, but its annotation picks an Alertmanager that is down.
const downEntity = monitoredComponent({
  name: 'festivals-api-down',
  job: 'festivals-api',
  namespace,
  alertmanager: 'down',
});
const apiRef = 'component:default/festivals-api';
// Rules over the services' own metrics that the workloads' knobs fire, by service.
const APP_ALERTS: Record<string, Array<[string, string]>> = {
  'festivals-api': [
    ['FestivalsHighLatency', 'warning'],
    ['FestivalsDatabaseSlowQueries', 'warning'],
    ['FestivalsDatabaseConnectionHigh', 'warning'],
    ['FestivalsPaymentFailureHigh', 'critical'],
    ['FestivalsNoTicketSales', 'warning'],
  ],
  'festivals-worker': [
    ['FestivalsQueueBacklog', 'warning'],
    ['FestivalsQueueStuck', 'critical'],
  ],
};
// The seed's resource rules, whose pod series reach their service through kube_pod_labels.
const RESOURCE_ALERTS = [
  'FestivalsHighCPU',
  'FestivalsHighMemory',
  'FestivalsPodRestarting',
];
const workerRef = 'component:default/festivals-worker';
const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

describe('alerts and silences against a real Prometheus and Alertmanager', () => {
  let stack: RunningStack;
  let server: any;
  let tmp: string;
  let downUrl: string;

  /** Alertmanager's own view of an alert, straight from its API. */
  async function upstreamAlert(alertname: string, service: string) {
    return (await upstreamAlerts(alertname, service))[0];
  }

  async function upstreamAlerts(alertname: string, service: string) {
    const params = new URLSearchParams();
    params.append('filter', `alertname="${alertname}"`);
    params.append('filter', `service="${service}"`);
    const res = await fetch(
      `${stack.alertmanager!.url}/api/v2/alerts?${params}`,
    );
    const alerts = (await res.json()) as Array<{
      fingerprint: string;
      status: { state: string; silencedBy: string[] };
    }>;
    return alerts;
  }

  async function upstreamSilences() {
    const res = await fetch(`${stack.alertmanager!.url}/api/v2/silences`);
    return (await res.json()) as Array<{
      id: string;
      createdBy: string;
      comment: string;
      status: { state: string };
    }>;
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alerts-it-'));
    stack = await startStack({
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      // 30% 5xx on the API: FestivalsHighErrorRate (> 5%) must fire for it, not the worker.
      // Its pods (the stack's kube-state-metrics/cAdvisor stand-in) also run at 97% of their
      // CPU and memory limits and restart every second: the three resource rules (> 90%, > 3
      // restarts) must fire for it too; the worker's pods keep the quiet defaults.
      // Its latencies are 25 times the usual (a slow dependency): p95 well above 2 s, queries
      // above 1 s, the DB pool full: HighLatency, DatabaseSlowQueries, DatabaseConnectionHigh.
      // Every ticket payment fails, so no ticket sells: PaymentFailureHigh and NoTicketSales.
      // The worker's consumer is stuck with 1500 jobs in each queue: QueueBacklog, QueueStuck.
      workloads: [
        {
          service: 'festivals-api',
          role: 'api',
          errorRatio: 0.3,
          latencyFactor: 25,
          paymentFailureRatio: 1,
          cpuRatio: 0.97,
          memoryRatio: 0.97,
          restartsPerMinute: 60,
        },
        {
          service: 'festivals-worker',
          role: 'worker',
          queuesStalled: true,
          queueBacklog: 1500,
        },
      ],
      ruleFiles: [fastFestivalsRulesFile({ dir: tmp })],
    });
    downUrl = `http://127.0.0.1:${await closedPort()}`;
    const backend = await startTestBackend({
      features: [
        monitoringPlugin,
        catalogServiceMock.factory({
          entities: [apiEntity, workerEntity, downEntity],
        }),
        // The policy: bob may read but not silence; everyone else may.
        mockServices.permissions.mock({
          authorize: async (requests, options) =>
            requests.map(r => ({
              result:
                (options?.credentials.principal as any)?.userEntityRef ===
                  'user:default/bob' &&
                r.permission.name.startsWith('monitoring.')
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            monitoring: {
              prometheus: {
                instances: [
                  {
                    name: 'local',
                    baseUrl: stack.prometheus.url,
                    scrapeInterval: '1s',
                  },
                ],
              },
              alertmanager: {
                instances: [
                  { name: 'local', baseUrl: stack.alertmanager!.url },
                  { name: 'down', baseUrl: downUrl, timeout: '3s' },
                ],
                default: 'local',
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    await waitFor('FestivalsHighErrorRate in Alertmanager', () =>
      upstreamAlert('FestivalsHighErrorRate', 'festivals-api'),
    );
    for (const [service, alerts] of Object.entries(APP_ALERTS))
      for (const [alertname] of alerts)
        await waitFor(`${alertname} for ${service} in Alertmanager`, () =>
          upstreamAlert(alertname, service),
        );
    // One per pod: all of them in before the tests compare counts.
    for (const alertname of RESOURCE_ALERTS)
      await waitFor(
        `${alertname} for both API pods in Alertmanager`,
        async () =>
          (await upstreamAlerts(alertname, 'festivals-api')).length === 2
            ? true
            : undefined,
      );
  });

  afterAll(async () => {
    await stack?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function alertsOf(entityRef: string): Promise<MonitoringAlert[]> {
    const res = await request(server)
      .get('/api/monitoring/alerts')
      .query({ entityRef });
    expect(res.status).toBe(200);
    return res.body.alerts;
  }

  it('lists the firing alert for festivals-api, as Alertmanager has it, and not for the worker', async () => {
    const upstream = await upstreamAlert(
      'FestivalsHighErrorRate',
      'festivals-api',
    );
    const apiAlerts = await alertsOf(apiRef);
    const alert = apiAlerts.find(a => a.alertname === 'FestivalsHighErrorRate');
    expect(alert).toBeDefined();
    expect(alert!.fingerprint).toBe(upstream.fingerprint);
    expect(alert!.severity).toBe('critical');
    expect(alert!.labels).toEqual({
      alertname: 'FestivalsHighErrorRate',
      severity: 'critical',
      namespace: 'festivals-production',
      service: 'festivals-api',
    });
    expect(alert!.annotations.summary).toBe('High error rate detected');
    expect(alert!.state).toBe('active');
    // The seed routes critical alerts to PagerDuty and the critical Slack channel.
    expect(alert!.receivers.sort()).toEqual([
      'pagerduty-critical',
      'slack-critical',
    ]);
    // The link back to the rule's expression in that Prometheus.
    const link = new URL(alert!.generatorURL!);
    expect(link.origin).toBe(stack.prometheus.url);
    expect(link.searchParams.get('g0.expr')).toMatch(
      /status=~"5\.\."}\[20s\]\)\) \/ .* > 0\.05$/,
    );
    // Every alert listed for an entity carries its scope.
    for (const a of apiAlerts) expect(a.labels.service).toBe('festivals-api');

    const workerAlerts = await alertsOf(workerRef);
    expect(
      workerAlerts.filter(a => a.alertname === 'FestivalsHighErrorRate'),
    ).toEqual([]);
    for (const a of workerAlerts)
      expect(a.labels.service).toBe('festivals-worker');
  });

  it('counts the same active alerts on the health card, and a critical one makes it down', async () => {
    await upstreamAlert('FestivalsHighErrorRate', 'festivals-api');
    const params = new URLSearchParams({
      active: 'true',
      silenced: 'false',
      inhibited: 'false',
    });
    params.append('filter', 'namespace="festivals-production"');
    params.append('filter', 'service="festivals-api"');
    const active = (await (
      await fetch(`${stack.alertmanager!.url}/api/v2/alerts?${params}`)
    ).json()) as Array<{ labels: Record<string, string> }>;
    const bySeverity = (severity: string) =>
      active.filter(a => a.labels.severity === severity).length;

    const res = await request(server)
      .get('/api/monitoring/health')
      .query({ entityRef: apiRef });
    expect(res.status).toBe(200);
    expect(res.body.alerts).toEqual({
      critical: bySeverity('critical'),
      warning: bySeverity('warning'),
      other: active.length - bySeverity('critical') - bySeverity('warning'),
    });
    expect(res.body.alerts.critical).toBeGreaterThan(0);
    // The API answers (its targets are up): a critical alert makes it degraded, not down.
    expect(res.body.state).toBe('degraded');
    // The firing alerts are the first reason, by name.
    expect(res.body.reasons[0]).toMatch(
      new RegExp(
        `^${res.body.alerts.critical} critical alerts? firing: .*FestivalsHighErrorRate`,
      ),
    );
  });

  it('lists all twelve seed rules for festivals-api with the error-rate rule firing for it only', async () => {
    const api = await request(server)
      .get('/api/monitoring/rules')
      .query({ entityRef: apiRef });
    expect(api.status).toBe(200);
    expect(api.body.rules).toHaveLength(12);
    const errorRate = api.body.rules.find(
      (r: any) => r.name === 'FestivalsHighErrorRate',
    );
    expect(errorRate).toMatchObject({
      group: 'festivals.availability',
      state: 'firing',
      durationSeconds: 2,
      health: 'ok',
      activeAlerts: 1,
    });
    expect(errorRate.query).toContain('> 0.05');

    const worker = await request(server)
      .get('/api/monitoring/rules')
      .query({ entityRef: workerRef });
    expect(worker.status).toBe(200);
    const names = worker.body.rules.map((r: any) => r.name);
    expect(names).toHaveLength(11);
    expect(names).not.toContain('FestivalsAPIDown');
    expect(
      worker.body.rules.find((r: any) => r.name === 'FestivalsHighErrorRate')
        .state,
    ).toBe('inactive');
  });

  it('shows the three resource alerts on festivals-api’s Alerts tab, health card and Rules table, not on the worker’s', async () => {
    const apiPods = stack.cluster.pods
      .filter(p => p.service === 'festivals-api')
      .map(p => p.pod)
      .sort();
    expect(apiPods).toHaveLength(2);
    const apiAlerts = await alertsOf(apiRef);
    for (const alertname of RESOURCE_ALERTS) {
      const alerts = apiAlerts.filter(a => a.alertname === alertname);
      // One per pod of the service, each with the labels the entity is matched by.
      expect([alertname, alerts.map(a => a.labels.pod).sort()]).toEqual([
        alertname,
        apiPods,
      ]);
      for (const a of alerts) {
        expect(a.labels).toMatchObject({
          alertname,
          severity: 'warning',
          namespace: 'festivals-production',
          service: 'festivals-api',
        });
        expect(a.annotations.description).toContain(`Pod ${a.labels.pod} `);
        expect(a.receivers).toEqual(['slack-warnings']);
      }
    }

    const health = await request(server)
      .get('/api/monitoring/health')
      .query({ entityRef: apiRef });
    expect(health.status).toBe(200);
    expect(health.body.alerts.warning).toBeGreaterThanOrEqual(
      RESOURCE_ALERTS.length * apiPods.length,
    );

    const rules = await request(server)
      .get('/api/monitoring/rules')
      .query({ entityRef: apiRef });
    expect(rules.status).toBe(200);
    for (const alertname of RESOURCE_ALERTS)
      expect(
        rules.body.rules.find((r: any) => r.name === alertname),
      ).toMatchObject({
        group: 'festivals.resources',
        state: 'firing',
        activeAlerts: apiPods.length,
      });

    // The worker's pods run at the stack's quiet defaults: nothing for it.
    expect(
      (await alertsOf(workerRef)).filter(a =>
        RESOURCE_ALERTS.includes(a.alertname),
      ),
    ).toEqual([]);
    const workerRules = await request(server)
      .get('/api/monitoring/rules')
      .query({ entityRef: workerRef });
    for (const alertname of RESOURCE_ALERTS)
      expect(
        workerRules.body.rules.find((r: any) => r.name === alertname).state,
      ).toBe('inactive');
  });

  it.each([
    ['festivals-api', apiRef, workerRef],
    ['festivals-worker', workerRef, apiRef],
  ])(
    'shows the alerts of %s’s own metrics on its entity with its scope, firing in its Rules table, not the other’s',
    async (service, ownRef, otherRef) => {
      const own = await alertsOf(ownRef);
      const other = await alertsOf(otherRef);
      const rulesOf = async (entityRef: string) => {
        const res = await request(server)
          .get('/api/monitoring/rules')
          .query({ entityRef });
        expect(res.status).toBe(200);
        return res.body.rules as Array<{ name: string; state: string }>;
      };
      const ownRules = await rulesOf(ownRef);
      const otherRules = await rulesOf(otherRef);
      for (const [alertname, severity] of APP_ALERTS[service]) {
        const alert = own.find(a => a.alertname === alertname);
        expect([alertname, alert?.labels]).toEqual([
          alertname,
          expect.objectContaining({
            severity,
            namespace: 'festivals-production',
            service,
          }),
        ]);
        expect([
          alertname,
          ownRules.find(r => r.name === alertname)?.state,
          otherRules.find(r => r.name === alertname)?.state ?? 'not listed',
          other.some(a => a.alertname === alertname),
        ]).toEqual([
          alertname,
          'firing',
          expect.stringMatching(/^(inactive|not listed)$/),
          false,
        ]);
      }
    },
  );

  it('refuses a silence to a user without the permission (403) and creates nothing', async () => {
    const before = await upstreamSilences();
    const alert = (await alertsOf(apiRef)).find(
      a => a.alertname === 'FestivalsHighErrorRate',
    )!;
    const res = await request(server)
      .post('/api/monitoring/silences')
      .set('Authorization', bob)
      .send({
        entityRef: apiRef,
        matchers: silenceMatchersFromAlert(apiEntity, alert.labels),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        comment: 'bob tries',
      });
    expect(res.status).toBe(403);
    expect(await upstreamSilences()).toEqual(before);
  });

  it('passes Alertmanager’s 400 message through (a matcher regex it cannot compile)', async () => {
    const res = await request(server)
      .post('/api/monitoring/silences')
      .set('Authorization', alice)
      .send({
        entityRef: apiRef,
        matchers: [
          ...silenceMatchersFromAlert(apiEntity, {}),
          { name: 'alertname', value: '(', isRegex: true, isEqual: true },
        ],
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        comment: 'bad regex',
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `Alertmanager at ${
        stack.alertmanager!.url
      } rejected the request (400): silence invalid: invalid label matcher 2: invalid regular expression "(": error parsing regexp: missing closing ): \`(\``,
    );
  });

  it('refuses a silence that ends before it starts itself, naming endsAt', async () => {
    const res = await request(server)
      .post('/api/monitoring/silences')
      .set('Authorization', alice)
      .send({
        entityRef: apiRef,
        matchers: silenceMatchersFromAlert(apiEntity, {
          alertname: 'FestivalsHighErrorRate',
        }),
        startsAt: new Date(Date.now() + 7200_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        comment: 'backwards',
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid request: endsAt: must be in the future and after startsAt/,
    );
  });

  it('silences the alert (Alertmanager reports it suppressed), then expiring makes it active again', async () => {
    const alert = (await alertsOf(apiRef)).find(
      a => a.alertname === 'FestivalsHighErrorRate',
    )!;
    const created = await request(server)
      .post('/api/monitoring/silences')
      .set('Authorization', alice)
      .send({
        entityRef: apiRef,
        matchers: silenceMatchersFromAlert(apiEntity, alert.labels),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        comment: 'deploying the fix',
      });
    expect(created.status).toBe(201);
    const silenceId: string = created.body.silenceId;

    const stored = (await upstreamSilences()).find(s => s.id === silenceId);
    expect(stored).toMatchObject({
      createdBy: 'user:default/alice',
      comment: 'deploying the fix',
      status: { state: 'active' },
    });
    const suppressed = await waitFor('the alert to be suppressed', async () => {
      const a = await upstreamAlert('FestivalsHighErrorRate', 'festivals-api');
      return a?.status.state === 'suppressed' ? a : undefined;
    });
    expect(suppressed.status.silencedBy).toEqual([silenceId]);
    // The backend shows the same.
    const viaBackend = (await alertsOf(apiRef)).find(
      a => a.alertname === 'FestivalsHighErrorRate',
    )!;
    expect(viaBackend.state).toBe('suppressed');
    expect(viaBackend.silencedBy).toEqual([silenceId]);

    // Listed for the API, not for the worker.
    const apiSilences = await request(server)
      .get('/api/monitoring/silences')
      .query({ entityRef: apiRef });
    expect(apiSilences.body.silences.map((s: any) => s.id)).toContain(
      silenceId,
    );
    const workerSilences = await request(server)
      .get('/api/monitoring/silences')
      .query({ entityRef: workerRef });
    expect(workerSilences.body.silences.map((s: any) => s.id)).not.toContain(
      silenceId,
    );

    // Expiring it from the worker's page is refused: it is not the worker's silence.
    const wrongEntity = await request(server)
      .delete(`/api/monitoring/silences/${silenceId}`)
      .set('Authorization', alice)
      .query({ entityRef: workerRef });
    expect(wrongEntity.status).toBe(404);

    const expired = await request(server)
      .delete(`/api/monitoring/silences/${silenceId}`)
      .set('Authorization', alice)
      .query({ entityRef: apiRef });
    expect(expired.status).toBe(204);
    await waitFor('the alert to be active again', async () => {
      const a = await upstreamAlert('FestivalsHighErrorRate', 'festivals-api');
      return a?.status.state === 'active' ? a : undefined;
    });
    expect(
      (await upstreamSilences()).find(s => s.id === silenceId)?.status.state,
    ).toBe('expired');

    const again = await request(server)
      .delete(`/api/monitoring/silences/${silenceId}`)
      .set('Authorization', alice)
      .query({ entityRef: apiRef });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/has already expired/);
  });

  it('says an unknown silence is unknown', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const res = await request(server)
      .delete(`/api/monitoring/silences/${id}`)
      .set('Authorization', alice)
      .query({ entityRef: apiRef });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      `Alertmanager local has no silence ${id} for ${apiRef}`,
    );
  });

  it('says when a baseUrl is not an Alertmanager', async () => {
    // Prometheus answers 404 for Alertmanager's /api/v2 paths: a mis-set baseUrl.
    const client = AlertmanagerClient.create({
      config: mockServices.rootConfig({
        data: {
          monitoring: {
            alertmanager: {
              instances: [{ name: 'x', baseUrl: stack.prometheus.url }],
            },
          },
        },
      }),
    });
    const error = await client
      .getAlerts(client.getInstance()!, [])
      .catch(e => e);
    expect(error).toBeInstanceOf(AlertmanagerRequestError);
    expect(error.message).toBe(
      `Alertmanager at ${stack.prometheus.url} answered 404 for GET /api/v2/alerts. Check that baseUrl points at Alertmanager (without /api/v2).`,
    );
  });

  it('says which Alertmanager is down for an entity routed to it, while its metrics keep working', async () => {
    const res = await request(server)
      .get('/api/monitoring/alerts')
      .query({ entityRef: 'component:default/festivals-api-down' });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      `Alertmanager at ${downUrl} is unreachable (ECONNREFUSED). Check that it is running and that monitoring.alertmanager.instances has the right baseUrl.`,
    );
    const end = Math.floor(Date.now() / 1000) - 3;
    const panels = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/festivals-api-down',
        panels: 'request-rate',
        start: end - 60,
        end,
      });
    expect(panels.status).toBe(200);
    expect(panels.body.panels[0].error).toBeUndefined();
  });

  // Last: it stops the API process.
  it('shows FestivalsAPIDown on festivals-api once its process stops, and not on the worker', async () => {
    const api = stack.workloads.find(w => w.service === 'festivals-api')!;
    await api.stop();
    await waitFor('FestivalsAPIDown in Alertmanager', () =>
      upstreamAlert('FestivalsAPIDown', 'festivals-api'),
    );
    const alert = (await alertsOf(apiRef)).find(
      a => a.alertname === 'FestivalsAPIDown',
    );
    expect(alert?.labels).toEqual({
      alertname: 'FestivalsAPIDown',
      severity: 'critical',
      job: 'festivals-api',
      instance: new URL(api.url).host,
      namespace: 'festivals-production',
      service: 'festivals-api',
    });
    const rules = await request(server)
      .get('/api/monitoring/rules')
      .query({ entityRef: apiRef });
    expect(
      rules.body.rules.find((r: any) => r.name === 'FestivalsAPIDown'),
    ).toMatchObject({ state: 'firing', activeAlerts: 1 });
    expect(
      (await alertsOf(workerRef)).filter(
        a => a.alertname === 'FestivalsAPIDown',
      ),
    ).toEqual([]);
  });
});
