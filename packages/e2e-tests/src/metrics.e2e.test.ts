import { chromium, type Browser, type Page } from 'playwright-core';
import { startProduct, type RunningProduct } from './product';

// The whole product in Debian Chromium: browser → app → monitoring-backend → real Prometheus.
jest.setTimeout(420_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function signIn(page: Page) {
  // The guest provider's sign-in page shows an "Enter" button on first visit.
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 10_000 }).catch(() => false))
    await enter.click();
}

describe('Metrics tab in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('draws the Request Rate chart of festivals-api from real Prometheus data', async () => {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(
      `${product.appUrl}/catalog/default/component/festivals-api/metrics`,
    );
    await signIn(page);
    await page
      .getByText('Request Rate', { exact: true })
      .waitFor({ timeout: 120_000 });
    // A drawn line with many points, not an empty chart.
    const line = page.locator(
      '[data-testid="panel-chart-request-rate"] path.recharts-line-curve',
    );
    await line.first().waitFor({ timeout: 60_000 });
    const d = (await line.first().getAttribute('d')) ?? '';
    expect(d.split(/[LC]/).length).toBeGreaterThan(3);
    // The latest value, with its unit, is a positive request rate.
    const latest = await page
      .getByRole('list', { name: 'Request Rate latest values' })
      .innerText();
    const match = /festivals-api: ([\d.]+) req\/s/.exec(latest);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(0);
    await page.close();
  });

  it('shows the missing-annotation state for an unmonitored entity', async () => {
    const page = await browser.newPage();
    await page.goto(
      `${product.appUrl}/catalog/default/component/festivals-website/metrics`,
    );
    await signIn(page);
    await page
      .getByText('Missing Annotation')
      .first()
      .waitFor({ timeout: 60_000 });
    expect(
      await page
        .locator('code', { hasText: 'monitoring.festivals.io/job' })
        .count(),
    ).toBeGreaterThan(0);
    await page.close();
  });

  it('says which Prometheus is unreachable when it is down, and the page still renders', async () => {
    await product.stack.prometheus.stop();
    const page = await browser.newPage();
    await page.goto(
      `${product.appUrl}/catalog/default/component/festivals-api/metrics`,
    );
    await signIn(page);
    await page
      .getByText(
        `Prometheus at ${product.stack.prometheus.url} is unreachable`,
        { exact: false },
      )
      .first()
      .waitFor({ timeout: 60_000 });
    // The entity page around the panel is intact.
    expect(await page.getByRole('tab', { name: 'Overview' }).count()).toBe(1);
    expect(await page.getByText('Request Rate', { exact: true }).count()).toBe(
      1,
    );
    expect(await page.getByText(/\n\s+at .*\.ts:\d+/).count()).toBe(0);
    await page.close();
  });
});
