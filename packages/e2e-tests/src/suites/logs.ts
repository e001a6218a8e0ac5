import { FESTIVALS_NAMESPACE } from '@internal/local-stack';
import type { RunningProduct } from '@internal/test-kit';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { signIn } from '../browser';
import { ALERTING_SERVICE, TRACING_URL } from '../productConfig';
import { sharedBrowser, sharedProduct } from './context';

// The Logs tab in Debian Chromium: browser → app → monitoring-backend → the local stack's
// Loki-API stand-in, fed by the workloads' JSON lines as promtail would ship them. The stand-in
// is also asked directly, as the reference for what the tab must show.

const logsPath = (name: string) => `/catalog/default/component/${name}/logs`;

/** One rendered row of the virtualized list; `top` is its place in the list (index × height). */
interface Row {
  top: number;
  id: string;
  level: string;
  /** The `name=value` fields shown on the row. */
  fields: Record<string, string>;
  text: string;
}

/**
 * The rows of the list: with `scrollAll`, every row, scrolled through from top to bottom (only a
 * window of rows is ever in the DOM); else the rows in the DOM now. Also the most rows that were
 * in the DOM at once. Runs in Chromium.
 */
function readList(
  scrollAll: boolean,
): Promise<{ rows: Row[]; maxInDom: number }> {
  const items = () => [
    ...document.querySelectorAll<HTMLElement>(
      '[data-testid="log-lines"] [role="listitem"]',
    ),
  ];
  // The row's first line: expand button, time, level, message, one `name=value` span per field.
  const readRow = (el: HTMLElement): Row => {
    const fields: Record<string, string> = {};
    for (const span of el.firstElementChild?.children ?? []) {
      const m = /^([a-z_]+)=([^]*)$/.exec(span.textContent ?? '');
      // A linked value (trace_id) carries Backstage's hidden ", Opens in a new window".
      if (span.tagName === 'SPAN' && m)
        fields[m[1]] = m[2].replace(/, Opens in a new window$/, '');
    }
    return {
      top: parseFloat(el.style.top),
      id: (el.dataset.testid ?? '').replace(/^log-line-/, ''),
      level:
        el.querySelector('[aria-label^="Filter by level"]')?.textContent ?? '',
      fields,
      text: el.textContent ?? '',
    };
  };
  const byTop = new Map<number, Row>();
  let maxInDom = 0;
  const collect = () => {
    const els = items();
    maxInDom = Math.max(maxInDom, els.length);
    for (const el of els) {
      const row = readRow(el);
      byTop.set(row.top, row);
    }
  };
  const result = () => ({
    rows: [...byTop.values()].sort((x, y) => x.top - y.top),
    maxInDom,
  });
  if (!scrollAll) {
    collect();
    return Promise.resolve(result());
  }
  return (async () => {
    const scroller = document.querySelector<HTMLElement>(
      '[data-testid="log-lines"] > div',
    )!;
    const frame = () => new Promise(r => requestAnimationFrame(r));
    const step = Math.max(64, Math.floor(scroller.clientHeight / 2));
    for (let y = 0; ; y += step) {
      scroller.scrollTop = y;
      const target = scroller.scrollTop;
      // Until react-window has rendered the rows from the top of the viewport to its bottom:
      // stale overscan rows never reach it.
      const bottom = Math.min(
        target + scroller.clientHeight,
        scroller.scrollHeight,
      );
      for (let i = 0; i < 120; i++) {
        await frame();
        const tops = items().map(el => parseFloat(el.style.top));
        if (tops.some(t => t <= target) && tops.some(t => t >= bottom - 40))
          break;
      }
      collect();
      if (target + scroller.clientHeight >= scroller.scrollHeight) break;
    }
    scroller.scrollTop = 0;
    return result();
  })();
}

/** The rows react-window has in the DOM right now. */
async function renderedRows(page: Page): Promise<Row[]> {
  return (await page.evaluate(readList, false)).rows;
}

/** Every row of the list, and the most rows in the DOM at once. */
async function allRows(page: Page): Promise<{ rows: Row[]; maxInDom: number }> {
  return page.evaluate(readList, true);
}

/** A field shown on a row. */
const field = (row: Row, name: string): string | undefined => row.fields[name];

/** Fields the row shows apart (time, level, message), not as `name=value`. */
const NOT_FIELDS = new Set(['level', 'msg', 'message']);

/** A raw JSON line's fields as the row shows them (strings; nested values as JSON). */
function lineFields(line: string): Record<string, string> {
  const parsed = JSON.parse(line) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(parsed).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

/**
 * What tells one line from another: all its fields. Not one field such as request_id, which a
 * job's or an OOM report's line does not have.
 */
const lineKey = (fields: Record<string, string>): string =>
  JSON.stringify(
    Object.entries(fields)
      .filter(([name]) => !NOT_FIELDS.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/** The row's shown time (`yyyy-LL-dd HH:mm:ss.SSS UTC`, the page's default zone) in unix ms. */
function rowTimeMs(row: Row): number {
  const m = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) UTC/.exec(row.text);
  if (!m) throw new Error(`no time in row: ${row.text}`);
  return Date.parse(`${m[1]}T${m[2]}Z`);
}

/** "1,000 lines, newest first." */
async function shownCount(page: Page): Promise<number> {
  const caption = await page
    .getByText(/^[\d,]+ lines, newest first\.$/)
    .innerText();
  return Number(caption.split(' ')[0].replace(/,/g, ''));
}

describe('Logs tab in the browser', () => {
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(() => {
    product = sharedProduct();
    browser = sharedBrowser();
  });

  async function open(path: string, width = 1400): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width, height: 1000 },
      timezoneId: 'UTC',
    });
    await page.goto(`${product.appUrl}${path}`);
    await signIn(page);
    return page;
  }

  const query = (page: Page) => page.getByTestId('logs-query');
  const rowsLocator = (page: Page) =>
    page.locator('[data-testid="log-lines"] [role="listitem"]');

  /** Waits until the LogQL shown matches `pattern`, then for its lines (or its chart). */
  async function waitForQuery(page: Page, pattern: RegExp): Promise<string> {
    await page.waitForFunction(
      source =>
        new RegExp(source).test(
          document.querySelector('[data-testid="logs-query"]')?.textContent ??
            '',
        ) && !document.querySelector('[role="progressbar"]'),
      pattern.source,
      { timeout: 90_000 },
    );
    return query(page).innerText();
  }

  /** The entity's selector, as the guide's promtail labels it, in the shown LogQL. */
  function expectSelector(logql: string, app: string) {
    expect(logql).toContain(`namespace="${FESTIVALS_NAMESPACE}"`);
    expect(logql).toContain(`app="${app}"`);
    // One selector only: filters never widen or add streams.
    expect(logql.match(/\{/g)?.length).toBe(1);
  }

  const view = (page: Page, title: string): Locator =>
    page
      .getByRole('group', { name: 'Log views' })
      .getByText(title, { exact: true });

  it('shows each of the guide’s six views for festivals-api, with the entity’s selector', async () => {
    const page = await open(logsPath('festivals-api'));

    // All logs.
    const all = await waitForQuery(page, /festivals-api/);
    expectSelector(all, 'festivals-api');
    await rowsLocator(page).first().waitFor({ timeout: 90_000 });
    await page.getByTestId('logs-volume').waitFor({ timeout: 60_000 });
    // A request's line: not every line has a user_id (a job's, an OOM report's).
    const withUser = (await renderedRows(page)).find(
      r => field(r, 'user_id') !== undefined,
    );
    const userId = withUser && field(withUser, 'user_id');
    expect(userId).toMatch(/^\d+$/);

    // Lines containing "error": every one has it.
    await view(page, 'Lines containing "error"').click();
    const errors = await waitForQuery(page, /\|= "error"/);
    expectSelector(errors, 'festivals-api');
    await rowsLocator(page).first().waitFor({ timeout: 60_000 });
    for (const row of await renderedRows(page))
      expect({ row: row.text, hasError: row.text.includes('error') }).toEqual({
        row: row.text,
        hasError: true,
      });

    // By level: error by default.
    await view(page, 'By level (JSON)').click();
    const level = await waitForQuery(page, /level="error"/);
    expectSelector(level, 'festivals-api');
    await rowsLocator(page).first().waitFor({ timeout: 60_000 });
    expect(new Set((await renderedRows(page)).map(r => r.level))).toEqual(
      new Set(['error']),
    );

    // Error count over time by app: a chart, not lines.
    await view(page, 'Error count over time by app').click();
    const count = await waitForQuery(page, /count_over_time/);
    expectSelector(count, 'festivals-api');
    expect(count).toMatch(/by\s*\(app\)/);
    await page
      .locator(
        '[data-testid="panel-chart-logs-error-count"] path.recharts-line-curve',
      )
      .first()
      .waitFor({ timeout: 60_000 });

    // Slow requests, above a threshold the api's purchases cross every few seconds.
    await view(page, 'Slow requests (duration_ms)').click();
    await waitForQuery(page, /duration_ms\s*>\s*1000/);
    await page
      .getByRole('spinbutton', { name: 'duration_ms above' })
      .fill('300');
    await page
      .getByRole('form', { name: 'duration_ms above' })
      .getByRole('button', { name: 'Apply' })
      .click();
    const slow = await waitForQuery(page, /duration_ms\s*>\s*300\b/);
    expectSelector(slow, 'festivals-api');
    await rowsLocator(page).first().waitFor({ timeout: 60_000 });
    for (const row of await renderedRows(page))
      expect(Number(field(row, 'duration_ms'))).toBeGreaterThan(300);

    // One user (last: its user_id stays a filter across views): a user seen under All logs.
    await view(page, 'One user').click();
    await page.getByRole('textbox', { name: 'user_id' }).fill(userId!);
    await page
      .getByRole('form', { name: 'user_id' })
      .getByRole('button', { name: 'Apply' })
      .click();
    const user = await waitForQuery(page, new RegExp(`"${userId}"`));
    expectSelector(user, 'festivals-api');
    expect(user).toContain('user_id');
    await rowsLocator(page).first().waitFor({ timeout: 60_000 });
    for (const row of await renderedRows(page))
      expect(field(row, 'user_id')).toBe(userId);

    expect(
      await page
        .getByRole('list', { name: 'Active filters' })
        .getByText(`user_id = ${userId}`)
        .count(),
    ).toBe(1);
    await page.close();
  });

  it('expands a line to all its fields, filters by a clicked request_id, and links its trace', async () => {
    const page = await open(logsPath('festivals-api'));
    await waitForQuery(page, /festivals-api/);
    await rowsLocator(page).first().waitFor({ timeout: 90_000 });
    // A request's line, with a request_id and a trace_id to click (not every line has them).
    const row = (await renderedRows(page)).find(
      r =>
        field(r, 'request_id') !== undefined &&
        field(r, 'trace_id') !== undefined,
    );
    if (!row) throw new Error('no line with a request_id and a trace_id shown');

    // Expanded: every field of the raw JSON line, and the stream labels.
    await page
      .getByTestId(`log-line-${row.id}`)
      .getByRole('button', { name: 'Expand line' })
      .click();
    const detail = page.getByTestId(`log-detail-${row.id}`);
    await detail.waitFor();
    const detailText = await detail.innerText();
    const raw = /line: (\{.*\})/.exec(detailText)?.[1];
    const parsed = JSON.parse(raw!) as Record<string, unknown>;
    expect(Object.keys(parsed).length).toBeGreaterThanOrEqual(8);
    for (const [name, value] of Object.entries(parsed))
      expect(detailText).toContain(`${name}=${String(value)}`);
    expect(detailText).toContain('label app=festivals-api');
    expect(detailText).toContain(`label namespace=${FESTIVALS_NAMESPACE}`);

    // The trace link is the configured template with this line's trace id (not followed:
    // no tracing UI runs here).
    const traceId = String(parsed.trace_id);
    const hrefs = await page
      .getByTestId(`log-line-${row.id}`)
      .getByRole('link', { name: `Open trace ${traceId}` })
      .evaluateAll(links => links.map(a => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs)
      expect(href).toBe(`${TRACING_URL}/trace/${traceId}`);

    // A click on the request_id adds it as a filter: a new query, only its lines.
    const requestId = String(parsed.request_id);
    await page
      .getByTestId(`log-line-${row.id}`)
      .getByRole('button', { name: `Filter by request_id ${requestId}` })
      .first()
      .click();
    await page.waitForURL(
      url => url.searchParams.get('fields[request_id]') === requestId,
    );
    const filtered = await waitForQuery(page, new RegExp(requestId));
    expectSelector(filtered, 'festivals-api');
    await rowsLocator(page).first().waitFor({ timeout: 60_000 });
    const rows = await renderedRows(page);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(field(r, 'request_id')).toBe(requestId);
    // The clicked line among them (its id may differ: `| json` adds its fields to its labels).
    expect(
      await page
        .getByTestId('log-lines')
        .getByRole('link', { name: `Open trace ${traceId}` })
        .count(),
    ).toBeGreaterThan(0);
    expect(
      await page
        .getByRole('list', { name: 'Active filters' })
        .getByText(`request_id = ${requestId}`)
        .count(),
    ).toBe(1);
    await page.close();
  });

  it('shows and filters lines without request_id, user_id, trace_id or a level', async () => {
    // Lines festivals-api writes outside a request, pushed as the guide's promtail would: a
    // warning with a level label, and one with no level at all.
    const marker = `e2e-no-request-${Date.now()}`;
    const nowNs = `${Date.now()}000000`;
    const labels = { namespace: FESTIVALS_NAMESPACE, app: 'festivals-api' };
    const pushed = await fetch(`${product.stack.loki!.url}/loki/api/v1/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        streams: [
          {
            stream: { ...labels, level: 'warn' },
            values: [
              [
                nowNs,
                JSON.stringify({
                  time: new Date().toISOString(),
                  level: 'warn',
                  msg: `Cache warmed slowly ${marker}`,
                  cache: 'festivals',
                  entries: 42,
                }),
              ],
            ],
          },
          {
            stream: labels,
            values: [
              [
                nowNs,
                JSON.stringify({
                  msg: `Config reloaded ${marker}`,
                  source: 'file',
                }),
              ],
            ],
          },
        ],
      }),
    });
    expect(pushed.status).toBeLessThan(300);

    // Only the marked lines: a text filter in the URL, as the Lines containing form writes it.
    const page = await open(
      `${logsPath('festivals-api')}?contains=${encodeURIComponent(marker)}`,
    );
    await waitForQuery(page, new RegExp(marker));
    await rowsLocator(page).first().waitFor({ timeout: 90_000 });
    const rows = await renderedRows(page);
    const warmed = rows.find(r =>
      r.text.includes(`Cache warmed slowly ${marker}`),
    );
    const reloaded = rows.find(r =>
      r.text.includes(`Config reloaded ${marker}`),
    );
    expect({ warmed: warmed?.fields, reloaded: reloaded?.fields }).toEqual({
      warmed: expect.objectContaining({ cache: 'festivals', entries: '42' }),
      reloaded: { source: 'file' },
    });
    expect(rows).toHaveLength(2);
    expect(warmed!.level).toBe('warn');
    // No level: a dash, not a button.
    expect(reloaded!.level).toBe('');
    expect(reloaded!.text).toContain('–');

    // Expanded, the line without request_id lists what it has.
    await page
      .getByTestId(`log-line-${reloaded!.id}`)
      .getByRole('button', { name: 'Expand line' })
      .click();
    const detail = await page
      .getByTestId(`log-detail-${reloaded!.id}`)
      .innerText();
    expect(detail).toContain('source=file');
    expect(detail).not.toContain('request_id');

    // Filtering by its level keeps the warning and drops the line without one.
    await page
      .getByTestId(`log-line-${warmed!.id}`)
      .getByRole('button', { name: 'Filter by level warn' })
      .click();
    await page.waitForURL(url => url.searchParams.get('level') === 'warn');
    await waitForQuery(page, /warn/);
    await page
      .getByText(`Config reloaded ${marker}`)
      .waitFor({ state: 'detached', timeout: 60_000 });
    const warnRows = await renderedRows(page);
    expect(warnRows.map(r => r.level)).toEqual(['warn']);
    await page.close();
  });

  it('loads older lines under the first page with no duplicate and no gap, virtualized', async () => {
    // The first page must be full for an older one to exist: the api logs ~25 lines/s.
    let page = await open(logsPath('festivals-api'));
    const loadOlder = () => page.getByRole('button', { name: 'Load older' });
    const deadline = Date.now() + 120_000;
    for (;;) {
      await waitForQuery(page, /festivals-api/);
      await rowsLocator(page).first().waitFor({ timeout: 90_000 });
      if (await loadOlder().isVisible()) break;
      if (Date.now() > deadline)
        throw new Error('festivals-api never had more than one page of logs');
      await page.close();
      await new Promise(r => setTimeout(r, 5000));
      page = await open(logsPath('festivals-api'));
    }
    const firstCount = await shownCount(page);
    expect(firstCount).toBe(1000);
    const firstPage = await allRows(page);
    expect(firstPage.rows.length).toBe(firstCount);

    await loadOlder().click();
    await page.waitForFunction(
      n =>
        [...document.querySelectorAll('span, p')].some(el => {
          const m = /^([\d,]+) lines, newest first\.$/.exec(
            el.textContent ?? '',
          );
          return m !== null && Number(m[1].replace(/,/g, '')) > n;
        }),
      firstCount,
      { timeout: 90_000 },
    );
    const total = await shownCount(page);
    const { rows, maxInDom } = await allRows(page);

    // Every line of the list seen once, in order, the first page unchanged at its top.
    expect(rows.length).toBe(total);
    expect(rows.slice(0, firstCount).map(r => r.id)).toEqual(
      firstPage.rows.map(r => r.id),
    );
    expect(new Set(rows.map(r => r.id)).size).toBe(total);
    expect(new Set(rows.map(r => r.text)).size).toBe(total);
    const times = rows.map(rowTimeMs);
    for (let i = 1; i < times.length; i++)
      if (times[i] > times[i - 1])
        throw new Error(
          `line ${i} (${rows[i].text}) is newer than line ${i - 1} (${
            rows[i - 1].text
          })`,
        );
    // The older page starts where the first one ended.
    expect(times[firstCount]).toBeLessThanOrEqual(times[firstCount - 1]);
    // Virtualized: a window of rows in the DOM, not the list.
    expect(maxInDom).toBeLessThan(100);

    // No gap: every line the stand-in holds strictly between the oldest and newest shown
    // milliseconds is in the list (the page boundary lies in between).
    const oldest = times[times.length - 1];
    const newest = times[0];
    const params = new URLSearchParams({
      query: `{namespace="${FESTIVALS_NAMESPACE}", app="festivals-api"}`,
      start: `${oldest}000000`,
      end: `${newest + 1}000000`,
      limit: '5000',
      direction: 'backward',
    });
    const res = await fetch(
      `${product.stack.loki!.url}/loki/api/v1/query_range?${params}`,
    );
    const body = (await res.json()) as {
      data: { result: Array<{ values: Array<[string, string]> }> };
    };
    const expected = body.data.result
      .flatMap(s => s.values)
      .filter(([ns]) => {
        const msTime = Number(BigInt(ns) / 1_000_000n);
        return msTime > oldest && msTime < newest;
      })
      .map(([, line]) => lineKey(lineFields(line)));
    expect(expected.length).toBeGreaterThan(total / 2);
    const shown = new Set(rows.map(r => lineKey(r.fields)));
    expect(expected.filter(key => !shown.has(key))).toEqual([]);
    await page.close();
  });

  it('has no horizontal scrollbar at 900 px, lines collapsed or expanded', async () => {
    const page = await open(logsPath('festivals-api'), 900);
    await waitForQuery(page, /festivals-api/);
    await rowsLocator(page).first().waitFor({ timeout: 90_000 });
    await page.getByTestId('logs-volume').waitFor({ timeout: 60_000 });
    const overflow = () =>
      page.evaluate(() => {
        const el = document.scrollingElement!;
        return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
      });
    const collapsed = await overflow();
    expect(collapsed.scrollWidth).toBeLessThanOrEqual(collapsed.clientWidth);
    await rowsLocator(page)
      .first()
      .getByRole('button', { name: 'Expand line' })
      .click();
    await page.locator('[data-testid^="log-detail-"]').first().waitFor();
    const expanded = await overflow();
    expect(expanded.scrollWidth).toBeLessThanOrEqual(expanded.clientWidth);
    await page.close();
  });

  it('pivots from a span dragged on festivals-checkout’s Error Rate chart to its error lines', async () => {
    const page = await open(
      `/catalog/default/component/${ALERTING_SERVICE}/metrics`,
    );
    const chart = page.getByTestId('panel-chart-error-rate');
    await chart
      .locator('path.recharts-line-curve')
      .first()
      .waitFor({ timeout: 120_000 });
    const grid = await chart
      .locator('.recharts-cartesian-grid')
      .first()
      .boundingBox();
    const y = grid!.y + grid!.height / 2;
    // Across the newest minutes of the hour, where this young product has lines (the drag is
    // read as the span dragged; it used to snap to the nearest data point).
    await page.mouse.move(grid!.x + grid!.width * 0.9, y);
    await page.mouse.down();
    await page.mouse.move(grid!.x + grid!.width * 0.999, y, { steps: 12 });
    await page.mouse.up();

    const selection = page.getByRole('group', {
      name: 'Error Rate selected window',
    });
    await selection.waitFor({ timeout: 30_000 });
    // The drag zoomed the Metrics range to the span already (from/to in the URL): the way back
    // is offered.
    await page.waitForURL(/[?&]from=[^&]+&to=/, { timeout: 30_000 });
    await selection
      .getByRole('button', { name: 'Zoom out' })
      .waitFor({ timeout: 30_000 });
    const openedAt = Date.now();
    await selection
      .getByRole('link', { name: 'Error Rate: logs for this window' })
      .click();
    await page.waitForURL(/\/logs\?/, { timeout: 30_000 });

    const url = new URL(page.url());
    expect(url.pathname).toBe(logsPath(ALERTING_SERVICE));
    expect(url.searchParams.get('view')).toBe('level');
    expect(url.searchParams.get('level')).toBe('error');
    const from = Date.parse(url.searchParams.get('from')!);
    const to = Date.parse(url.searchParams.get('to')!);
    // A part of the chart's last hour, not the whole of it, and not in the future.
    expect(to - from).toBeGreaterThanOrEqual(5_000);
    expect(to - from).toBeLessThan(3_600_000);
    expect(to).toBeLessThanOrEqual(openedAt + 60_000);
    expect(from).toBeGreaterThanOrEqual(openedAt - 3_660_000);

    const logql = await waitForQuery(page, /level="error"/);
    expectSelector(logql, ALERTING_SERVICE);
    await rowsLocator(page).first().waitFor({ timeout: 60_000 });
    const rows = await renderedRows(page);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.level).toBe('error');
      // Within the dragged window (whole seconds either side).
      expect(rowTimeMs(row)).toBeGreaterThanOrEqual(from);
      expect(rowTimeMs(row)).toBeLessThanOrEqual(to + 1000);
    }
    expect(
      await page
        .getByRole('group', { name: 'Log views' })
        .getByRole('button', { name: 'By level (JSON)', pressed: true })
        .count(),
    ).toBe(1);
    await page.close();
  });
});
