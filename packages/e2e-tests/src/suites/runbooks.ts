import { FESTIVALS_NAMESPACE } from '@internal/local-stack';
import type { RunningProduct } from '@internal/test-kit';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { signIn } from '../browser';
import { OOM_ALERTS } from '../productConfig';
import { sharedBrowser, sharedProduct } from './context';

// The Runbooks and Kubernetes tabs in Debian Chromium: browser → app → monitoring-backend (and
// Backstage's Kubernetes backend) → the local stack's Kubernetes API stand-in, Loki stand-in and
// real Prometheus/Alertmanager. The `oom` incident is replayed through the incident control, as
// `./scripts/incident oom` does; the stand-ins and Alertmanager are also asked directly, as the
// reference for what the tabs show.

const SERVICE = 'festivals-api';

interface Pod {
  metadata: { name: string };
  status: {
    containerStatuses?: Array<{
      restartCount: number;
      lastState?: { terminated?: { reason?: string } };
    }>;
  };
}

/** Polls `read` until it returns something, or fails naming `what`. */
async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Not within ${timeoutMs / 1000} s: ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

const restartsOf = (pod: Pod) =>
  (pod.status.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
const oomKilled = (pod: Pod) =>
  (pod.status.containerStatuses ?? []).some(
    c => c.lastState?.terminated?.reason === 'OOMKilled',
  );

/** A guest user's Backstage token, as the app gets it on sign-in. */
async function guestToken(backendUrl: string): Promise<string> {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { backstageIdentity: { token: string } })
    .backstageIdentity.token;
}

/** Runs `fn` on a new page; on failure keeps a screenshot next to the product's logs. */
async function onPage(
  browser: Browser,
  product: RunningProduct,
  name: string,
  fn: (page: Page) => Promise<void>,
) {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  try {
    await fn(page);
  } catch (e) {
    const file = path.join(product.logDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    throw new Error(`${(e as Error).message}\n(screenshot: ${file})`);
  } finally {
    await page.close();
  }
}

describe('Runbooks and Kubernetes tabs in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  async function apiPods(): Promise<Pod[]> {
    const selector = encodeURIComponent(
      `backstage.io/kubernetes-id=${SERVICE}`,
    );
    const res = await fetch(
      `${
        product.stack.kubernetes!.url
      }/api/v1/namespaces/${FESTIVALS_NAMESPACE}/pods?labelSelector=${selector}`,
    );
    return ((await res.json()) as { items: Pod[] }).items;
  }

  /** Alertmanager's active alerts of festivals-api named `alertname` (all of the OOM ones when absent). */
  async function activeAlerts(alertname?: string): Promise<unknown[]> {
    const params = new URLSearchParams();
    params.append(
      'filter',
      alertname
        ? `alertname="${alertname}"`
        : `alertname=~"${OOM_ALERTS.join('|')}"`,
    );
    params.append('filter', `service="${SERVICE}"`);
    params.append('active', 'true');
    const res = await fetch(
      `${product.stack.alertmanager!.url}/api/v2/alerts?${params}`,
    );
    if (!res.ok) throw new Error(`Alertmanager answered ${res.status}`);
    return (await res.json()) as unknown[];
  }

  async function incident(name: string) {
    const res = await fetch(`${product.incidents!.url}/incident/${name}`, {
      method: 'POST',
    });
    const body = await res.json();
    expect({ status: res.status, body }).toMatchObject({ status: 200 });
    return body;
  }

  beforeAll(() => {
    product = sharedProduct();
    browser = sharedBrowser();
  });

  afterAll(async () => {
    // Back to the defaults, and the memory alerts resolved, so the later suites (Logs, Metrics,
    // the health card) read festivals-api as a healthy service.
    if (!product?.incidents) return;
    await incident('recover');
    await until(
      'the OOM alerts of festivals-api resolved in Alertmanager after recover',
      async () => ((await activeAlerts()).length === 0 ? true : undefined),
      120_000,
    );
  }, 180_000);

  it('from the firing OOM alert, one click opens the runbook with OOMKilled pods, their restarts and the OOM log lines', async () => {
    const started = await incident('oom');
    expect(started).toMatchObject({
      alert: 'FestivalsHighMemory',
      service: SERVICE,
      fast: true,
    });
    // The stand-in's pods are OOMKilled and restart; Alertmanager has the alert; Loki has the
    // OutOfMemoryError lines. Each is waited for, so the page is opened on the incident as an
    // on-call engineer would find it.
    await until(
      'a festivals-api pod OOMKilled in the Kubernetes API stand-in',
      async () => ((await apiPods()).some(oomKilled) ? true : undefined),
      120_000,
    );
    await until(
      'FestivalsHighMemory firing for festivals-api in Alertmanager',
      async () =>
        (await activeAlerts('FestivalsHighMemory')).length > 0
          ? true
          : undefined,
      180_000,
    );
    const lokiQuery = new URLSearchParams({
      query: `{namespace="${FESTIVALS_NAMESPACE}",app="${SERVICE}"} |= "OutOfMemoryError"`,
      start: String((Date.now() - 600_000) * 1e6),
      limit: '1',
    });
    await until(
      'an OutOfMemoryError line of festivals-api in the Loki stand-in',
      async () => {
        const res = await fetch(
          `${product.stack.loki!.url}/loki/api/v1/query_range?${lokiQuery}`,
        );
        const body = await res.json();
        return body.data?.result?.length > 0 ? true : undefined;
      },
      120_000,
    );
    const before = await apiPods();

    await onPage(browser, product, 'runbooks-oom', async page => {
      await page.goto(
        `${product.appUrl}/catalog/default/component/${SERVICE}/alerts`,
      );
      await signIn(page);
      // Click 1: the firing alert's Runbook link.
      const runbookLink = page
        .getByRole('link', { name: 'Runbook of FestivalsHighMemory' })
        .first();
      await runbookLink.waitFor({ timeout: 120_000 });
      await runbookLink.click();
      await page.waitForURL(/\/runbooks#FestivalsHighMemory$/, {
        timeout: 30_000,
      });

      // The runbook's section is open and marked firing, with the live evidence: no more clicks.
      const section = page.getByTestId('runbook-FestivalsHighMemory');
      await section.getByText('firing now').waitFor({ timeout: 60_000 });
      const podsStep = section.getByTestId('step-pods-status');
      const oomRow = podsStep.locator('tr[data-oomkilled="true"]').first();
      await oomRow.waitFor({ timeout: 60_000 });
      expect(await oomRow.innerText()).toContain('OOMKilled');
      // The restart count is the stand-in's for that pod, read around the page's own read.
      const cells = await oomRow.locator('td').allInnerTexts();
      const [podName, , , restartsText] = cells;
      const after = await apiPods();
      const shown = Number(restartsText);
      const beforePod = before.find(p => p.metadata.name === podName);
      const afterPod = after.find(p => p.metadata.name === podName);
      expect(afterPod).toBeDefined();
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeGreaterThanOrEqual(
        beforePod ? restartsOf(beforePod) : 0,
      );
      expect(shown).toBeLessThanOrEqual(restartsOf(afterPod!));

      const logs = section
        .getByTestId('step-memory-oom-logs')
        .getByLabel('Log lines');
      await logs
        .getByText('java.lang.OutOfMemoryError', { exact: false })
        .first()
        .waitFor({ timeout: 60_000 });
      for (const line of (await logs.innerText()).split('\n'))
        expect(line).toMatch(/memory|oom/i);
    });
  });

  it("serves the festivals pods from Backstage's Kubernetes backend, the same the runbook reads", async () => {
    const token = await guestToken(product.backendUrl);
    const headers = {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    };
    const entityRes = await fetch(
      `${product.backendUrl}/api/catalog/entities/by-name/component/default/${SERVICE}`,
      { headers },
    );
    expect(entityRes.status).toBe(200);
    const entity = await entityRes.json();
    // What the Kubernetes tab's frontend asks (KubernetesBackendClient.getObjectsByEntity).
    const res = await fetch(
      `${product.backendUrl}/api/kubernetes/services/${SERVICE}`,
      { method: 'POST', headers, body: JSON.stringify({ entity, auth: {} }) },
    );
    const body = await res.json();
    expect({ status: res.status, body }).toMatchObject({ status: 200 });
    const clusters = body.items as Array<{
      cluster: { name: string };
      errors: unknown[];
      resources: Array<{
        type: string;
        resources: Array<{ metadata: { name: string; namespace: string } }>;
      }>;
    }>;
    expect(clusters.map(c => c.cluster.name)).toEqual(['local']);
    expect(clusters[0].errors).toEqual([]);
    const ofType = (type: string) =>
      clusters[0].resources.find(r => r.type === type)?.resources ?? [];
    const tabPods = ofType('pods')
      .map(p => p.metadata.name)
      .sort();
    const standInPods = (await apiPods()).map(p => p.metadata.name).sort();
    expect(tabPods).toEqual(standInPods);
    expect(tabPods.length).toBeGreaterThan(0);
    expect(
      ofType('pods').every(p => p.metadata.namespace === FESTIVALS_NAMESPACE),
    ).toBe(true);
    expect(ofType('deployments').map(d => d.metadata.name)).toEqual([SERVICE]);

    // The runbook's pods step reads the same kubernetes.clusterLocatorMethods.
    const diag = await fetch(
      `${product.backendUrl}/api/monitoring/diagnostics?${new URLSearchParams({
        entityRef: `component:default/${SERVICE}`,
        step: 'pods',
      })}`,
      { headers },
    );
    expect(diag.status).toBe(200);
    const [pods] = (await diag.json()).results;
    expect(pods).toMatchObject({ kind: 'pods', status: 'ok' });
    expect(
      (pods.data.pods as Array<{ name: string }>).map(p => p.name).sort(),
    ).toEqual(tabPods);
  });

  it('lists the festivals pods on the Kubernetes tab', async () => {
    const pods = await apiPods();
    await onPage(browser, product, 'kubernetes-tab', async page => {
      await page.goto(
        `${product.appUrl}/catalog/default/component/${SERVICE}/kubernetes`,
      );
      await signIn(page);
      // Backstage's Kubernetes plugin: the cluster from kubernetes.clusterLocatorMethods, with the
      // entity's deployment and its pods.
      await page
        .getByText('local', { exact: true })
        .first()
        .waitFor({ timeout: 90_000 });
      await page
        .getByText(SERVICE, { exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
      expect(pods.length).toBeGreaterThan(0);
    });
  });
});
