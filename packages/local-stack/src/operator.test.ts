import { startStack, type RunningStack } from './stack.ts';

// A whole local stack (workload processes, real Prometheus): slow on a loaded 2-core machine.
jest.setTimeout(180_000);

async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`,
      );
    await new Promise(r => setTimeout(r, 500));
  }
}

const NS = 'festivals-production';
const base = `/apis/monitoring.coreos.com/v1/namespaces/${NS}`;

describe('the local stack plays the prometheus-operator', () => {
  let stack: RunningStack;
  beforeAll(async () => {
    stack = await startStack({ withAlertmanager: false, withLoki: false });
  });
  afterAll(() => stack?.stop());

  const apply = async (path: string, body: object) => {
    const res = await fetch(
      `${stack.kubernetes!.url}${base}/${path}?fieldManager=test`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
        body: JSON.stringify(body),
      },
    );
    if (!res.ok) throw new Error(`apply ${path}: ${await res.text()}`);
  };
  const prometheus = async (path: string) =>
    (await fetch(`${stack.prometheus.url}${path}`)).json();

  it('scrapes a service once its ServiceMonitor is applied, and loads its PrometheusRule', async () => {
    await apply('servicemonitors/ticket-api', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'ticket-api', namespace: NS },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'ticket-api' } },
        namespaceSelector: { matchNames: [NS] },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '2s' }],
      },
    });
    await apply('prometheusrules/ticket-api', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'ticket-api', namespace: NS },
      spec: {
        groups: [
          {
            name: 'ticket-api.availability',
            rules: [
              {
                alert: 'TicketApiDown',
                expr: 'up{job="ticket-api"} == 0',
                for: '1m',
                labels: { severity: 'critical' },
              },
            ],
          },
        ],
      },
    });
    await stack.operator!.whenIdle();

    // The new service's own series, under its job, namespace and service labels.
    const series = await until('ticket-api request series', async () => {
      const body = await prometheus(
        `/api/v1/query?query=${encodeURIComponent(
          'sum by (job, namespace, service) (http_requests_total{job="ticket-api"})',
        )}`,
      );
      return body.data.result.length ? body.data.result : undefined;
    });
    expect(series[0].metric).toEqual({
      job: 'ticket-api',
      namespace: NS,
      service: 'ticket-api',
    });
    const rules = await prometheus('/api/v1/rules');
    const group = rules.data.groups.find(
      (g: { name: string }) => g.name === 'ticket-api.availability',
    );
    expect(group.rules.map((r: { name: string }) => r.name)).toEqual([
      'TicketApiDown',
    ]);
    // The stack's own jobs are still scraped.
    const targets = await prometheus('/api/v1/targets');
    const jobs = new Set(
      targets.data.activeTargets.map(
        (t: { labels: { job: string } }) => t.labels.job,
      ),
    );
    expect([...jobs]).toEqual(
      expect.arrayContaining([
        'festivals-api',
        'festivals-worker',
        'ticket-api',
      ]),
    );
  });

  it('drops the rules of a deleted PrometheusRule', async () => {
    const res = await fetch(
      `${stack.kubernetes!.url}${base}/prometheusrules/ticket-api`,
      { method: 'DELETE' },
    );
    expect(res.status).toBe(200);
    await stack.operator!.whenIdle();
    const rules = await prometheus('/api/v1/rules');
    expect(
      rules.data.groups.map((g: { name: string }) => g.name),
    ).not.toContain('ticket-api.availability');
  });
});
