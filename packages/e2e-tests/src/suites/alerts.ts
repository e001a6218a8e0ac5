import type { RunningProduct } from '@internal/test-kit';
import { type Browser } from 'playwright-core';
import { signIn } from '../browser';
import { ALERTING_SERVICE } from '../productConfig';
import { sharedBrowser, sharedProduct } from './context';

// The Alerts tab in Debian Chromium: browser → app → monitoring-backend → real Alertmanager fed by a
// real Prometheus evaluating the seed rules (short `for`) over a workload with 30% 5xx: the
// product's alerting service (productConfig.ts).

interface UpstreamAlert {
  fingerprint: string;
  status: { state: string; silencedBy: string[] };
}

describe('Alerts tab in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  /** Alertmanager's own view of the alerting service's error-rate alert. */
  async function upstreamAlert(): Promise<UpstreamAlert | undefined> {
    const params = new URLSearchParams();
    params.append('filter', 'alertname="FestivalsHighErrorRate"');
    params.append('filter', `service="${ALERTING_SERVICE}"`);
    const res = await fetch(
      `${product.stack.alertmanager!.url}/api/v2/alerts?${params}`,
    );
    return ((await res.json()) as UpstreamAlert[])[0];
  }

  beforeAll(async () => {
    product = sharedProduct();
    browser = sharedBrowser();
    // The alert must be in Alertmanager before the page can list it.
    const deadline = Date.now() + 90_000;
    while (!(await upstreamAlert())) {
      if (Date.now() > deadline)
        throw new Error('FestivalsHighErrorRate never reached Alertmanager');
      await new Promise(r => setTimeout(r, 1000));
    }
  });

  it('lists the firing alert, silences it from the tab, and shows it suppressed', async () => {
    const page = await browser.newPage({
      viewport: { width: 1600, height: 1200 },
    });
    await page.goto(
      `${product.appUrl}/catalog/default/component/${ALERTING_SERVICE}/alerts`,
    );
    await signIn(page);
    await page
      .getByText('High error rate detected', { exact: true })
      .waitFor({ timeout: 120_000 });
    const before = await upstreamAlert();
    expect(before!.status.state).toBe('active');
    const stateCell = page.getByTestId(`alert-state-${before!.fingerprint}`);
    // Firing, and where Alertmanager routed it.
    expect(await stateCell.innerText()).toMatch(/^firing → /);
    // The seed's other rules that watch the service are listed too.
    // The firing rule is listed first; inactive ones (FestivalsHighLatency) open on demand.
    await page
      .getByTestId('rule-state-FestivalsHighErrorRate')
      .waitFor({ timeout: 30_000 });
    await page
      .getByRole('button', { name: /^Show \d+ inactive rules?$/ })
      .click();
    await page
      .getByTestId('rule-state-FestivalsHighLatency')
      .waitFor({ timeout: 30_000 });

    await page
      .getByRole('button', { name: 'Silence FestivalsHighErrorRate' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Matchers come prefilled from the alert's labels.
    expect(await dialog.getByLabel('Matcher 2 value').inputValue()).toBe(
      ALERTING_SERVICE,
    );
    expect(await dialog.getByLabel('Matcher 3 value').inputValue()).toBe(
      'FestivalsHighErrorRate',
    );
    await dialog.getByLabel(/Comment/).fill('e2e: deploying the fix');
    await dialog.getByRole('button', { name: 'Create silence' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });

    // Alertmanager itself reports the alert suppressed by the new silence...
    const deadline = Date.now() + 30_000;
    let after = await upstreamAlert();
    while (after?.status.state !== 'suppressed' && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 500));
      after = await upstreamAlert();
    }
    expect(after!.status.state).toBe('suppressed');
    const [silenceId] = after!.status.silencedBy;
    // ...and the tab shows the same once silenced rows are shown: muted, naming the silence.
    await page.getByLabel(/^Show silenced \(1\)$/).waitFor({ timeout: 60_000 });
    await page.getByLabel(/^Show silenced \(1\)$/).check();
    const mutedCell = page.getByTestId(`alert-state-${before!.fingerprint}`);
    await mutedCell
      .getByRole('link', { name: silenceId.split('-')[0] })
      .waitFor({ timeout: 30_000 });
    expect(await mutedCell.innerText()).toMatch(/^silenced until .* UTC by /);
    const silenceRes = await fetch(
      `${product.stack.alertmanager!.url}/api/v2/silence/${silenceId}`,
    );
    const silence = await silenceRes.json();
    expect(silence.createdBy).toMatch(/^user:[a-z]+\/guest$/);
    expect(silence.comment).toBe('e2e: deploying the fix');
    await page.getByTestId(`silence-state-${silenceId}`).waitFor();
    expect(
      await page.getByTestId(`silence-state-${silenceId}`).innerText(),
    ).toBe('active');
    await page.close();
  });
});
