import type { RunningProduct } from '@internal/test-kit';
import { type Browser, type Page } from 'playwright-core';
import { signIn } from '../browser';
import { ALERTING_SERVICE } from '../productConfig';
import { sharedBrowser, sharedProduct } from './context';

// The whole product in Debian Chromium: browser → app → monitoring-backend → real Prometheus.
// The product has the broken panel configured (productConfig.ts). The last test stops the
// product's Prometheus: this suite runs last.

/** The seed's nine panels, by the ids the page marks them with. */
const SEED_PANELS = [
  'request-rate',
  'error-rate',
  'latency-p95',
  'db-connections-active',
  'queue-depth',
  'tickets-sold-today',
  'requests-by-endpoint',
  'slowest-endpoints-p99',
  'error-rate-by-endpoint',
];

const metricsPath = (name: string) =>
  `/catalog/default/component/${name}/metrics`;

/** The step the range line states in words ("one point every 30 min,"), in seconds. */
function stepOf(text: string): number {
  const words = /one point every ([^,]+),/.exec(text)?.[1] ?? '';
  const unit: Record<string, number> = {
    s: 1,
    min: 60,
    h: 3600,
    day: 86400,
    days: 86400,
  };
  const parts = [...words.matchAll(/(\d+) (s|min|h|days?)\b/g)];
  return parts.length
    ? parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0)
    : NaN;
}

describe('Metrics tab in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(() => {
    product = sharedProduct();
    browser = sharedBrowser();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(`${product.appUrl}${path}`);
    await signIn(page);
    return page;
  }

  it('shows all nine seed panels of festivals-api with real data, and one failing panel alone', async () => {
    const page = await open(metricsPath('festivals-api'));
    await page
      .locator(
        '[data-testid="panel-chart-request-rate"] path.recharts-line-curve',
      )
      .first()
      .waitFor({ timeout: 120_000 });
    // The API has no queues: Queue Depth is listed once as not exported, not drawn as a card.
    for (const id of SEED_PANELS) {
      expect({
        id,
        count: await page.getByTestId(`panel-${id}`).count(),
      }).toEqual({ id, count: id === 'queue-depth' ? 0 : 1 });
    }
    expect(await page.getByTestId('metrics-not-exported').innerText()).toBe(
      'Not exported by this service: Queue Depth',
    );
    // Charts with drawn lines.
    for (const id of [
      'request-rate',
      'error-rate',
      'latency-p95',
      'db-connections-active',
    ]) {
      const d =
        (await page
          .locator(`[data-testid="panel-chart-${id}"] path.recharts-line-curve`)
          .first()
          .getAttribute('d')) ?? '';
      expect({ id, segments: d.split(/[LC]/).length > 3 }).toEqual({
        id,
        segments: true,
      });
    }
    // The seed's thresholds are drawn on the charts they belong to.
    expect(
      await page
        .getByTestId('panel-chart-error-rate')
        .getByText('FestivalsHighErrorRate (5%)')
        .count(),
    ).toBe(1);
    expect(
      await page
        .getByTestId('panel-chart-latency-p95')
        .getByText('FestivalsHighLatency (2 s)')
        .count(),
    ).toBe(1);
    // Latest request rate, with its unit, is positive.
    const latest = await page
      .getByRole('list', { name: 'Request Rate latest values' })
      .innerText();
    const match = /festivals-api: ([\d.]+) req\/s/.exec(latest);
    expect(Number(match?.[1])).toBeGreaterThan(0);
    // The stat is a number of tickets; the tables list the workload's endpoints.
    const tickets = await page
      .getByTestId('panel-stat-tickets-sold-today')
      .innerText();
    expect(Number(tickets.replace(/,/g, ''))).toBeGreaterThan(0);
    for (const id of [
      'requests-by-endpoint',
      'slowest-endpoints-p99',
      'error-rate-by-endpoint',
    ]) {
      const text = await page.getByTestId(`panel-table-${id}`).innerText();
      expect({ id, hasEndpoint: text.includes('/api/') }).toEqual({
        id,
        hasEndpoint: true,
      });
    }
    // The configured broken panel shows Prometheus' own error; the others still render.
    const broken = await page.getByTestId('panel-broken-regex').innerText();
    expect(broken).toContain(
      `Prometheus at ${product.stack.prometheus.url} rejected the query`,
    );
    // Deep link to Prometheus with the panel's query.
    const href = await page
      .getByRole('link', { name: /^Request Rate: open in Prometheus/ })
      .getAttribute('href');
    const link = new URL(href!);
    expect(link.origin).toBe(product.stack.prometheus.url);
    expect(link.searchParams.get('g0.expr')).toContain('job="festivals-api"');
    await page.close();
  });

  it('shows the error budget and burn rate of festivals-api’s objectives (examples/entities.yaml), from its data', async () => {
    const page = await open(metricsPath('festivals-api'));
    await page
      .getByRole('heading', { level: 2, name: 'Service level objectives' })
      .waitFor({ timeout: 120_000 });
    for (const [kind, objective] of [
      [
        'availability',
        'Objective: 97 % of requests answered without a 5xx, over 30 days',
      ],
      [
        'latency',
        'Objective: 95 % of requests faster than 500ms, over 30 days',
      ],
    ]) {
      const budget = page.getByTestId(`slo-budget-${kind}`);
      await budget.waitFor({ timeout: 60_000 });
      // A number from the workload's own requests, in words.
      expect(await budget.innerText()).toMatch(
        /^(-?[\d.]+ % of the 30-day error budget left|No error budget left: [\d.]+ % of the 30-day error budget spent)$/,
      );
      expect(await page.getByTestId(`panel-slo-${kind}-budget`).count()).toBe(
        1,
      );
      expect(await page.getByText(objective, { exact: true }).count()).toBe(1);
      // The product's Prometheus is minutes old, not 30 days: the page says so.
      expect(
        await page.getByTestId(`slo-coverage-${kind}`).innerText(),
      ).toMatch(
        /^Measured over the \d+ (minute|hour)s?.* of data Prometheus holds, not the full 30 days\.$/,
      );
      // The burn rate is drawn, with the workbook's fast and slow thresholds.
      const chart = page.getByTestId(`panel-chart-slo-${kind}-burn-rate`);
      const d =
        (await chart
          .locator('path.recharts-line-curve')
          .first()
          .getAttribute('d', { timeout: 60_000 })) ?? '';
      expect({ kind, segments: d.split(/[LC]/).length > 3 }).toEqual({
        kind,
        segments: true,
      });
      expect(
        await chart
          .getByText('Fast burn 14.4× (2 % of the budget in 1 h)')
          .count(),
      ).toBe(1);
      expect(
        await chart
          .getByText('Slow burn 6× (5 % of the budget in 6 h)')
          .count(),
      ).toBe(1);
    }
    await page.close();
  });

  it('draws the worker’s queue depth per queue', async () => {
    const page = await open(metricsPath('festivals-worker'));
    await page
      .locator(
        '[data-testid="panel-chart-queue-depth"] path.recharts-line-curve',
      )
      .first()
      .waitFor({ timeout: 60_000 });
    const latest = await page
      .getByRole('list', { name: 'Queue Depth latest values' })
      .innerText();
    for (const queue of ['emails', 'ticket-pdf', 'payouts']) {
      expect(latest).toContain(queue);
    }
    await page.close();
  });

  it('keeps the range in the URL: a change updates URL and charts, a pasted URL restores the view', async () => {
    const page = await open(metricsPath('festivals-api'));
    const caption = page.getByTestId('metrics-range');
    await caption.waitFor({ timeout: 60_000 });
    const before = await caption.innerText();

    await page.getByLabel('Time range').click();
    await page.getByRole('option', { name: 'Last 6 hours' }).click();
    await page.waitForURL(/[?&]range=6h/);
    await page.waitForFunction(
      old =>
        document.querySelector('[data-testid="metrics-range"]')?.textContent !==
        old,
      before,
    );
    // Six hours at the chart width: a coarser step than the one-hour default.
    expect(stepOf(await caption.innerText())).toBeGreaterThan(stepOf(before));

    // An absolute range pasted from the incident channel opens the same minutes. It ends now
    // (the product's data may be younger than a few minutes), on a 10 s boundary so the
    // backend's step alignment (5 s here) keeps it as written.
    const to = new Date(Math.floor(Date.now() / 10_000) * 10_000);
    const from = new Date(to.getTime() - 10 * 60_000);
    const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
    const pasted = await open(
      `${metricsPath('festivals-api')}?from=${iso(from)}&to=${iso(to)}`,
    );
    const pastedCaption = pasted.getByTestId('metrics-range');
    await pastedCaption.waitFor({ timeout: 60_000 });
    const shown = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
    expect(await pastedCaption.innerText()).toContain(
      `${shown(from)} – ${shown(to)} UTC`,
    );
    await pasted
      .locator(
        '[data-testid="panel-chart-request-rate"] path.recharts-line-curve',
      )
      .first()
      .waitFor({ timeout: 60_000 });
    await pasted.close();
    await page.close();
  });

  /** The plot's left and right edges (px) and a line's points, read off the drawn SVG. */
  async function plotGeometry(page: Page, panelId: string) {
    return page.evaluate(id => {
      const chart = document.querySelector(
        `[data-testid="panel-chart-${id}"]`,
      )!;
      const line = chart.querySelector(
        '.recharts-cartesian-grid-horizontal line',
      )!;
      // Segments of the line, and the dot of a point with no neighbour (a young service's
      // only point on a 7-day range).
      const xs = [
        ...[...chart.querySelectorAll('path.recharts-line-curve')].flatMap(p =>
          [
            ...(p.getAttribute('d') ?? '').matchAll(/[ML]\s*([-\d.]+)[ ,]/g),
          ].map(m => Number(m[1])),
        ),
        ...[...chart.querySelectorAll('circle.monitoring-isolated-point')].map(
          c => Number(c.getAttribute('cx')),
        ),
      ];
      const ticks = [
        ...chart.querySelectorAll('.recharts-xAxis-tick-labels text'),
      ].map(t => ({ x: Number(t.getAttribute('x')), text: t.textContent }));
      return {
        left: Number(line.getAttribute('x1')),
        right: Number(line.getAttribute('x2')),
        lastX: Math.max(...xs),
        ticks,
      };
    }, panelId);
  }

  it.each([1400, 900])(
    'at %i px, ends "Last 7 days" within one step of now with the newest point, and draws a custom range exactly from/to',
    async width => {
      const page = await browser.newPage({ viewport: { width, height: 1000 } });
      const openedAt = Date.now() / 1000;
      await page.goto(
        `${product.appUrl}${metricsPath('festivals-api')}?range=7d`,
      );
      await signIn(page);
      await page
        .locator(
          '[data-testid="panel-chart-request-rate"] :is(path.recharts-line-curve, circle.monitoring-isolated-point)',
        )
        .first()
        .waitFor({ timeout: 120_000 });
      const caption = await page.getByTestId('metrics-range').innerText();
      const step = stepOf(caption);
      expect(step).toBeGreaterThanOrEqual(1200);
      // The product is minutes old: rounded down, the 7-day grid had no point at all ("No
      // series"); now its last point holds the newest samples and lies at the axis' end (now).
      const geometry = await plotGeometry(page, 'request-rate');
      const span = 7 * 86400;
      const secondsBeforeEnd =
        ((geometry.right - geometry.lastX) / (geometry.right - geometry.left)) *
        span;
      expect(secondsBeforeEnd).toBeGreaterThanOrEqual(-1);
      expect(secondsBeforeEnd).toBeLessThan(step);
      const latest = await page
        .getByRole('list', { name: 'Request Rate latest values' })
        .innerText();
      const taken = /last, (\d\d):(\d\d) UTC/.exec(latest);
      expect(taken).not.toBeNull();
      const takenAt = new Date(openedAt * 1000);
      takenAt.setUTCHours(Number(taken![1]), Number(taken![2]), 0, 0);
      expect(Math.abs(takenAt.getTime() / 1000 - openedAt)).toBeLessThan(step);

      // A custom range on 2-minute ticks: the axis starts and ends exactly on from and to.
      const to = Math.floor(Date.now() / 120_000) * 120;
      const from = to - 600;
      const iso = (s: number) =>
        new Date(s * 1000).toISOString().replace('.000Z', 'Z');
      await page.goto(
        `${product.appUrl}${metricsPath('festivals-api')}?from=${iso(
          from,
        )}&to=${iso(to)}`,
      );
      await page
        .locator(
          '[data-testid="panel-chart-request-rate"] path.recharts-line-curve',
        )
        .first()
        .waitFor({ timeout: 60_000 });
      const custom = await plotGeometry(page, 'request-rate');
      const hhmm = (s: number) =>
        new Date(s * 1000).toISOString().slice(11, 16);
      const first = custom.ticks[0];
      const last = custom.ticks[custom.ticks.length - 1];
      expect(first.text).toBe(hhmm(from));
      expect(last.text).toBe(hhmm(to));
      expect(Math.abs(first.x - custom.left)).toBeLessThan(1);
      expect(Math.abs(last.x - custom.right)).toBeLessThan(1);
      await page.close();
    },
  );

  it('shades when FestivalsHighErrorRate fired on festivals-checkout’s Error Rate, and only there', async () => {
    const page = await open(`${metricsPath(ALERTING_SERVICE)}?range=15m`);
    const shaded = page.locator(
      '[data-testid="panel-chart-error-rate"] .recharts-reference-area',
    );
    // The alert fires within seconds of the product's start (shortened rules); reload until
    // Prometheus' ALERTS series has a firing step in the range.
    const deadline = Date.now() + 90_000;
    for (;;) {
      await page
        .getByTestId('panel-chart-error-rate')
        .waitFor({ timeout: 60_000 });
      if ((await shaded.count()) > 0) break;
      expect(Date.now()).toBeLessThan(deadline);
      await page.waitForTimeout(3000);
      await page.reload();
    }
    expect(
      await page.getByTestId('panel-alert-periods-error-rate').innerText(),
    ).toContain('FestivalsHighErrorRate');
    expect(
      await page
        .locator(
          '[data-testid="panel-chart-request-rate"] .recharts-reference-area',
        )
        .count(),
    ).toBe(0);
    await page.close();
  });

  it('shows the health card on the Overview tab', async () => {
    const page = await open('/catalog/default/component/festivals-api');
    const state = page.getByTestId('health-state');
    await state.waitFor({ timeout: 60_000 });
    expect(await state.innerText()).toBe('healthy');
    expect(await page.getByTestId('health-sparkline').count()).toBe(1);
    await page.close();
  });

  it('leads an unmonitored entity to setting monitoring up instead of empty tabs', async () => {
    // A link to its Metrics tab lands on the Overview: the tab is hidden, the set-up card says
    // which annotations to add.
    const page = await open(metricsPath('festivals-website'));
    await page
      .getByRole('heading', { name: 'Set up monitoring' })
      .waitFor({ timeout: 60_000 });
    expect(
      await page.getByTestId('monitoring-setup-snippet').innerText(),
    ).toContain('monitoring.festivals.io/job: festivals-website');
    for (const tab of ['Metrics', 'Alerts', 'Logs', 'Runbooks'])
      expect({
        tab,
        count: await page.getByRole('tab', { name: tab }).count(),
      }).toEqual({ tab, count: 0 });
    await page.close();
  });

  it('says which Prometheus is unreachable when it is down, and the page still renders', async () => {
    await product.stack.prometheus.stop();
    const page = await open(metricsPath('festivals-api'));
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
