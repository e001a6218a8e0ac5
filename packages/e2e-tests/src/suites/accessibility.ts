import fs from 'node:fs';
import { FESTIVALS_NAMESPACE } from '@internal/local-stack';
import type { RunningProduct } from '@internal/test-kit';
import { type Browser, type Page } from 'playwright-core';
import { signIn } from '../browser';
import { ALERTING_SERVICE } from '../productConfig';
import { sharedBrowser, sharedProduct } from './context';

// Accessibility of the entity page in Debian Chromium, at a wide (1400 px) and a narrow (900 px)
// window: axe-core (the engine behind Lighthouse and the axe browser extension) on the Overview,
// Metrics, Alerts, Logs and Runbooks tabs, the heading outline, and the Alerts tab's actions at
// 900 px.

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), {
  encoding: 'utf8',
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe's serious and critical findings on the page as it is now. */
async function axeViolations(page: Page): Promise<Violation[]> {
  // Check the settled page, not a card still loading (e.g. the relations graph's spinner, which
  // can come back for a second request): no spinner, no request in flight, still no spinner.
  const settled = () =>
    page.waitForFunction(
      () => !document.querySelector('[role="progressbar"]'),
      null,
      { timeout: 60_000 },
    );
  await settled();
  await page.waitForLoadState('networkidle');
  await settled();
  await scrolledToTopAndStaying(page);
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ content: AXE_SOURCE });
  const violations: Violation[] = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n: any) => `${n.target.join(' ')}: ${n.html.slice(0, 160)}`),
    }));
  });
  return violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
}

/**
 * Every scrolled box back at the top, and still there a second later: the Runbooks tab scrolls
 * to its anchor again when the alerts arrive, which on a busy machine can be after the network
 * went quiet.
 */
async function scrolledToTopAndStaying(page: Page) {
  const deadline = Date.now() + 30_000;
  const scrolled = () =>
    page.evaluate(() => {
      let moved = 0;
      for (const el of [
        document.scrollingElement,
        ...document.querySelectorAll('*'),
      ])
        if (el && el.scrollTop > 0) {
          el.scrollTop = 0;
          moved += 1;
        }
      return moved;
    });
  await scrolled();
  for (;;) {
    await page.waitForTimeout(1000);
    if ((await scrolled()) === 0) return;
    if (Date.now() > deadline)
      throw new Error('the page kept scrolling away from the top for 30 s');
  }
}

interface Heading {
  level: number;
  text: string;
}

/** The visible headings in document order. */
const headings = (page: Page): Promise<Heading[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter(h => (h as HTMLElement).offsetParent !== null)
      .map(h => ({
        level: Number(h.tagName.slice(1)),
        text: (h.textContent ?? '').slice(0, 60),
      })),
  );

/** Headings more than one level deeper than the one before (h2 → h4), and the h1 count. */
function outlineProblems(list: Heading[]) {
  const skips = list
    .map((h, i) => ({ before: i === 0 ? 0 : list[i - 1].level, h }))
    .filter(({ before, h }) => h.level > before + 1)
    .map(({ before, h }) => `h${before} → h${h.level} "${h.text}"`);
  return { h1: list.filter(h => h.level === 1).length, skips };
}

describe('Accessibility in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(() => {
    product = sharedProduct();
    browser = sharedBrowser();
  });

  async function open(path: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 1000 } });
    await page.goto(`${product.appUrl}${path}`);
    await signIn(page);
    return page;
  }

  // What each tab shows once it has loaded, so axe checks the real page, not a spinner.
  const tabs: Array<[tab: string, path: string, ready: (p: Page) => unknown]> =
    [
      [
        'Overview',
        '',
        p => p.getByTestId('health-state').waitFor({ timeout: 120_000 }),
      ],
      [
        'Metrics',
        '/metrics',
        p =>
          p
            .locator(
              '[data-testid="panel-chart-request-rate"] path.recharts-line-curve',
            )
            .first()
            .waitFor({ timeout: 120_000 }),
      ],
      [
        'Alerts',
        '/alerts',
        p =>
          p
            .getByRole('heading', { name: /rules/i, level: 2 })
            .first()
            .waitFor({ timeout: 120_000 }),
      ],
      [
        'Logs',
        '/logs',
        async p => {
          await p
            .locator('[data-testid="log-lines"] [role="listitem"]')
            .first()
            .waitFor({ timeout: 120_000 });
          await p.getByTestId('logs-volume').waitFor({ timeout: 60_000 });
        },
      ],
      [
        // One runbook opened by its anchor (as the Alerts tab links), so its text, commands
        // and live results are on the page too, not only the closed list.
        'Runbooks',
        '/runbooks#FestivalsHighMemory',
        async p => {
          await p
            .locator(
              '[data-testid="runbook-FestivalsHighMemory"] [data-testid^="step-"]',
            )
            .first()
            .waitFor({ timeout: 120_000 });
          // The anchor scrolled the page's content box (again once the alerts arrived); axe
          // then judges the header's tab labels, scrolled out of view, against what lies under
          // them. axeViolations checks it at the top, as the other tabs are.
          await p.waitForLoadState('networkidle');
        },
      ],
    ];

  describe.each([1400, 900])('at %i px', width => {
    it.each(tabs)(
      'festivals-api %s: no serious or critical axe violations, one h1, no skipped heading level',
      async (_tab, path, ready) => {
        const page = await open(
          `/catalog/default/component/festivals-api${path}`,
          width,
        );
        await ready(page);
        expect(await axeViolations(page)).toEqual([]);
        const list = await headings(page);
        expect(outlineProblems(list)).toEqual({ h1: 1, skips: [] });
        // The tab's own content has headings below the page title.
        expect(list.filter(h => h.level === 2).length).toBeGreaterThan(0);
        await page.close();
      },
    );

    it('festivals-website Overview (no monitoring yet): the set-up card passes axe too', async () => {
      const page = await open(
        '/catalog/default/component/festivals-website',
        width,
      );
      await page
        .getByRole('heading', { level: 2, name: 'Set up monitoring' })
        .waitFor({ timeout: 120_000 });
      expect(await axeViolations(page)).toEqual([]);
      expect(outlineProblems(await headings(page))).toEqual({
        h1: 1,
        skips: [],
      });
      await page.close();
    });
  });

  it('at 900 px the Alerts tab of a service with a firing alert does not scroll sideways, and its actions are in view', async () => {
    const page = await open(
      `/catalog/default/component/${ALERTING_SERVICE}/alerts`,
      900,
    );
    const silence = page.getByRole('button', {
      name: 'Silence FestivalsHighErrorRate',
    });
    const showSilenced = page.getByLabel(/^Show silenced/);
    // Either the alert is firing (a Silence action) or an earlier suite silenced it.
    await silence.or(showSilenced).first().waitFor({ timeout: 120_000 });
    if (await showSilenced.isVisible()) await showSilenced.check();
    const action = page
      .getByRole('button', { name: /^(Silence|Expire)/ })
      .first();
    await action.waitFor({ timeout: 30_000 });

    const overflow = await page.evaluate(() => ({
      page:
        document.documentElement.scrollWidth -
        document.documentElement.clientWidth,
      // Any scroll container inside the tab that is wider than its box (a table scrolling sideways).
      containers: [...document.querySelectorAll('[data-testid="alerts-tab"] *')]
        .filter(el => {
          const style = getComputedStyle(el);
          return (
            /(auto|scroll)/.test(style.overflowX) &&
            el.scrollWidth > el.clientWidth + 1
          );
        })
        .map(
          el =>
            `${el.scrollWidth - el.clientWidth}px too wide in "${
              el.closest('.MuiPaper-root')?.querySelector('h2')?.textContent
            }"`,
        ),
    }));
    expect(overflow).toEqual({ page: 0, containers: [] });

    // The action is inside the window without scrolling sideways, and keyboard-reachable.
    const box = (await action.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(900);
    // Reached with the keyboard (Tab away and back), as :focus-visible expects.
    await action.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          tag: el.tagName,
          outline: style.outlineStyle !== 'none' && style.outlineWidth,
        };
      }),
    ).toEqual({ tag: 'BUTTON', outline: expect.stringMatching(/^[1-9]/) });
    await page.close();
  });

  it('asks before expiring a silence, and Cancel keeps it', async () => {
    // A silence of the alerting service, straight in Alertmanager (the Alerts suite makes one
    // through the tab; this test must not depend on it running first).
    const startsAt = new Date().toISOString();
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await fetch(
      `${product.stack.alertmanager!.url}/api/v2/silences`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          matchers: [
            {
              name: 'namespace',
              value: FESTIVALS_NAMESPACE,
              isRegex: false,
              isEqual: true,
            },
            {
              name: 'service',
              value: ALERTING_SERVICE,
              isRegex: false,
              isEqual: true,
            },
            {
              name: 'alertname',
              value: 'FestivalsA11yCheck',
              isRegex: false,
              isEqual: true,
            },
          ],
          startsAt,
          endsAt,
          createdBy: 'e2e',
          comment: 'e2e: accessibility suite',
        }),
      },
    );
    expect(created.status).toBe(200);
    const { silenceID } = await created.json();

    const page = await open(
      `/catalog/default/component/${ALERTING_SERVICE}/alerts`,
      900,
    );
    const state = page.getByTestId(`silence-state-${silenceID}`);
    await state.waitFor({ timeout: 120_000 });
    const row = page.locator('tr', { has: state });
    await row.getByRole('button', { name: /^Expire/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 30_000 });
    expect(await dialog.innerText()).toMatch(/expire/i);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    // Nothing was expired by opening and cancelling the confirmation.
    const upstream = await (
      await fetch(
        `${product.stack.alertmanager!.url}/api/v2/silence/${silenceID}`,
      )
    ).json();
    expect(upstream.status.state).toBe('active');
    expect(await state.innerText()).toBe('active');
    await page.close();
  });
});

describe('The monitored-service template form in the browser', () => {
  it('explains a bad name in words, stops a scrape timeout longer than the interval before Review, and reviews Yes/No', async () => {
    const product = sharedProduct();
    const page = await sharedBrowser().newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(
      `${product.appUrl}/create/templates/default/festivals-monitored-service`,
    );
    await signIn(page);
    const next = page.getByRole('button', { name: 'Next' });
    const name = page.getByRole('textbox', { name: /^Name/ });
    await name.waitFor({ timeout: 120_000 });

    await name.fill('Ticket_API');
    await page.getByRole('textbox', { name: /^Owner/ }).fill('festivals-team');
    await page.keyboard.press('Escape');
    await next.click();
    const nameError = page.getByText(/does not follow the rule: Lower-case/);
    await nameError.first().waitFor({ timeout: 30_000 });
    expect(await page.getByText(/must match pattern/).count()).toBe(0);

    await name.fill('ticket-api');
    await next.click();
    const timeout = page.getByRole('textbox', { name: /^Scrape timeout/ });
    await timeout.waitFor({ timeout: 30_000 });
    await timeout.fill('1m');
    await next.click();
    await page
      .getByText(
        'The scrape timeout (1m) must not be longer than the scrape interval (30s)',
      )
      .first()
      .waitFor({ timeout: 30_000 });
    // Still on the Metrics step.
    expect(await timeout.isVisible()).toBe(true);

    await timeout.fill('10s');
    await next.click(); // → Alerts
    await page
      .getByRole('spinbutton', { name: /^Error rate above/ })
      .waitFor({ timeout: 30_000 });
    await next.click(); // → Objectives
    // A latency objective needs its threshold: Next stays on the page and marks it required.
    const latency = page.getByRole('spinbutton', {
      name: /^Latency objective/,
    });
    await latency.waitFor({ timeout: 30_000 });
    await latency.fill('95');
    await next.click();
    await page
      .getByText(/^Latency threshold \(with a latency objective\)\s*\*/)
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await latency.isVisible()).toBe(true);
    // Cleared again: no objective, nothing missing.
    await latency.fill('');
    await next.click(); // → Repository
    await page.getByText('Where to publish').first().waitFor({
      timeout: 30_000,
    });
    await next.click(); // → Deploy
    // The yes/no choices are still checkboxes on the form (enumNames only changes Review).
    const apply = page.getByRole('checkbox', {
      name: /Apply the monitoring manifests/,
    });
    await apply.waitFor({ timeout: 30_000 });
    expect(await apply.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Review' }).click();
    const applyRow = page.locator('tr', {
      hasText: 'Apply the monitoring manifests to the cluster',
    });
    await applyRow.waitFor({ timeout: 30_000 });
    expect((await applyRow.innerText()).trim()).toMatch(/Yes$/);
    const verifyRow = page.locator('tr', {
      hasText: 'Wait until Prometheus scrapes the service',
    });
    expect((await verifyRow.innerText()).trim()).toMatch(/No$/);
    // A latency objective typed and cleared again leaves no objective and no threshold on Review.
    const review = await page.locator('table').first().innerText();
    expect(review).not.toMatch(/threshold/i);
    expect(review).not.toMatch(/Latency objective[^\n]*\d/);
    expect(await page.getByText(/[✓✗✔✘✅❌]/).count()).toBe(0);
    await page.close();
  });
});
