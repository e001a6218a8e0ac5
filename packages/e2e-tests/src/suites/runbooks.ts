import { FESTIVALS_NAMESPACE } from '@internal/local-stack';
import type { RunningProduct } from '@internal/test-kit';
import { type Browser } from 'playwright-core';
import { signIn } from '../browser';
import { sharedBrowser, sharedProduct } from './context';

// The Runbooks and Kubernetes tabs in Debian Chromium: browser → app → monitoring-backend (and
// Backstage's Kubernetes backend) → the local stack's Kubernetes API stand-in, whose pods are the
// cluster stand-in's. The stand-in is also asked directly, as the reference for what the tabs show.

interface Pod {
  metadata: { name: string };
  status: {
    containerStatuses?: Array<{
      restartCount: number;
      lastState?: { terminated?: { reason?: string } };
    }>;
  };
}

describe('Runbooks and Kubernetes tabs in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  async function apiPods(): Promise<Pod[]> {
    const selector = encodeURIComponent(
      'backstage.io/kubernetes-id=festivals-api',
    );
    const res = await fetch(
      `${
        product.stack.kubernetes!.url
      }/api/v1/namespaces/${FESTIVALS_NAMESPACE}/pods?labelSelector=${selector}`,
    );
    return ((await res.json()) as { items: Pod[] }).items;
  }

  beforeAll(() => {
    product = sharedProduct();
    browser = sharedBrowser();
  });

  afterAll(() => {
    // Back to the defaults: the later suites read festivals-api as a healthy service.
    product.stack.cluster.update('festivals-api', {});
  });

  it('shows the live pods in the runbook, then their OOMKilled restarts once memory climbs', async () => {
    const pods = await apiPods();
    expect(pods.length).toBeGreaterThan(0);
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(
      `${product.appUrl}/catalog/default/component/festivals-api/runbooks#FestivalsPodRestarting`,
    );
    await signIn(page);
    const section = page.getByTestId('runbook-FestivalsPodRestarting');
    const podsStep = section.getByTestId('step-pods-status');
    // The command an on-call engineer would type, for this entity.
    await podsStep
      .getByText(`-n ${FESTIVALS_NAMESPACE}`, { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    for (const pod of pods) {
      await podsStep
        .getByText(pod.metadata.name, { exact: true })
        .waitFor({ timeout: 60_000 });
    }

    // Memory climbs past the limit: the pods are OOMKilled and restart.
    product.stack.cluster.update('festivals-api', {
      memoryRatio: 0.97,
      restartsPerMinute: 30,
    });
    const deadline = Date.now() + 90_000;
    let oom: Pod | undefined;
    while (!oom && Date.now() < deadline) {
      oom = (await apiPods()).find(p =>
        p.status.containerStatuses?.some(
          c => c.lastState?.terminated?.reason === 'OOMKilled',
        ),
      );
      if (!oom) await new Promise(r => setTimeout(r, 1000));
    }
    expect(oom).toBeDefined();
    await page.getByRole('button', { name: 'Refresh' }).first().click();
    await podsStep
      .getByText('OOMKilled', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    await page.close();
  });

  it('lists the festivals pods on the Kubernetes tab', async () => {
    const pods = await apiPods();
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(
      `${product.appUrl}/catalog/default/component/festivals-api/kubernetes`,
    );
    await signIn(page);
    // Backstage's Kubernetes plugin: the cluster from kubernetes.clusterLocatorMethods, with the
    // entity's deployment and its pods.
    await page
      .getByText('local', { exact: true })
      .first()
      .waitFor({ timeout: 90_000 });
    await page
      .getByText('festivals-api', { exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    expect(pods.length).toBeGreaterThan(0);
    await page.close();
  });
});
