import type { RunningProduct } from '@internal/test-kit';
import { type Browser } from 'playwright-core';
import { signIn } from '../browser';
import { ALERTING_SERVICE } from '../productConfig';
import { sharedBrowser, sharedProduct } from './context';

// Two signed-in users of different rights in one product, under the example permission policy
// (packages/backend/src/modules/permissionPolicy.ts): `guest` is in festivals-team, which owns
// the alerting service; `reader` is in visitors. The development sign-in picks the user from the
// festivals-dev-user cookie (packages/backend/src/modules/devUsersAuth.ts), set here per browser
// context. The alerting service is the product's one entity whose alert fires (productConfig.ts);
// it is owned like festivals-api.

const ALERT = 'FestivalsHighErrorRate';
/** The alerting service's owner (productConfig.ts), as the catalog relates it. */
const OWNER = 'group:default/festivals-team';

interface UpstreamAlert {
  fingerprint: string;
  status: { state: string; silencedBy: string[] };
}

describe('Permissions in the browser: owner and reader', () => {
  let product: RunningProduct;
  let browser: Browser;

  async function upstreamAlert(): Promise<UpstreamAlert | undefined> {
    const params = new URLSearchParams();
    params.append('filter', `alertname="${ALERT}"`);
    params.append('filter', `service="${ALERTING_SERVICE}"`);
    const res = await fetch(
      `${product.stack.alertmanager!.url}/api/v2/alerts?${params}`,
    );
    return ((await res.json()) as UpstreamAlert[])[0];
  }

  async function until<T>(
    read: () => Promise<T>,
    ok: (value: T) => boolean,
    what: string,
    timeoutMs = 90_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 500));
    }
  }

  /**
   * A page signed in as `user` on the alerting service's Alerts tab, the alert listed; and the
   * page's answer to "may I create silences here" (asked by the tab, answered by the policy).
   */
  async function alertsTabAs(user: 'guest' | 'reader') {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1200 },
    });
    await context.addCookies([
      {
        name: 'festivals-dev-user',
        value: user,
        domain: 'localhost',
        path: '/',
      },
    ]);
    const page = await context.newPage();
    const createPermission = page.waitForResponse(
      r =>
        r.url().includes('/api/permission/authorize') &&
        (r.request().postData() ?? '').includes('monitoring.silence.create'),
      { timeout: 180_000 },
    );
    await page.goto(
      `${product.appUrl}/catalog/default/component/${ALERTING_SERVICE}/alerts`,
    );
    await signIn(page);
    await page
      .getByText('High error rate detected', { exact: true })
      .waitFor({ timeout: 120_000 });
    return { page, createPermission };
  }

  /** A Backstage token of the development user, as its browser gets one. */
  async function tokenOf(user: string): Promise<string> {
    const res = await fetch(`${product.backendUrl}/api/auth/guest/refresh`, {
      headers: { Cookie: `festivals-dev-user=${user}` },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.backstageIdentity.identity.userEntityRef).toBe(
      `user:default/${user}`,
    );
    return body.backstageIdentity.token;
  }

  beforeAll(async () => {
    product = sharedProduct();
    browser = sharedBrowser();
    await until(
      upstreamAlert,
      a => a?.status.state === 'active',
      `${ALERT} active in Alertmanager`,
    );
  });

  it('shows the reader Silence disabled with the permission and the owners, and the backend refuses its silence with a 403', async () => {
    const { page, createPermission } = await alertsTabAs('reader');
    // The tab asked and the policy said no: the disabled button is that answer.
    const answer = await createPermission;
    const asked = JSON.parse(answer.request().postData()!).items as Array<{
      id: string;
      permission: { name: string };
    }>;
    const createId = asked.find(
      i => i.permission.name === 'monitoring.silence.create',
    )!.id;
    const decisions = (await answer.json()).items as Array<{
      id: string;
      result: string;
    }>;
    expect(decisions.find(d => d.id === createId)!.result).toBe('DENY');
    // The action is there but disabled (aria-disabled, still focusable), and says why: its
    // accessible description and the tooltip name the permission and the entity's owners.
    const reason = `You need the monitoring.silence.create permission for this entity to silence its alerts (owners: ${OWNER}).`;
    const silence = page.getByRole('button', { name: `Silence ${ALERT}` });
    await silence.waitFor({ timeout: 30_000 });
    expect(await silence.isDisabled()).toBe(true);
    const describedBy = await silence.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe(
      reason,
    );
    await silence.hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.innerText()).toBe(reason);
    // Keyboard users reach it too.
    await silence.focus();
    expect(
      await page.evaluate(() =>
        document.activeElement?.getAttribute('aria-label'),
      ),
    ).toBe(`Silence ${ALERT}`);
    // Clicked, it opens nothing.
    await silence.click({ force: true });
    expect(await page.getByRole('dialog').count()).toBe(0);
    // The row is there, firing.
    const alert = (await upstreamAlert())!;
    expect(
      await page.getByTestId(`alert-state-${alert.fingerprint}`).innerText(),
    ).toMatch(/^firing/);

    // The same user straight at the API: refused, and Alertmanager keeps no silence.
    const res = await fetch(`${product.backendUrl}/api/monitoring/silences`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await tokenOf('reader')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        entityRef: `component:default/${ALERTING_SERVICE}`,
        matchers: [
          { name: 'namespace', value: 'festivals-production' },
          { name: 'service', value: ALERTING_SERVICE },
          { name: 'alertname', value: ALERT },
        ],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        comment: 'e2e: a reader tries',
      }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe(
      `You may not create silences for component:default/${ALERTING_SERVICE} (permission monitoring.silence.create)`,
    );
    expect((await upstreamAlert())!.status.state).toBe('active');
    await page.context().close();
  });

  it('lets the owner silence the alert from the tab', async () => {
    const { page } = await alertsTabAs('guest');
    expect(
      await page
        .getByRole('button', { name: `Silence ${ALERT}` })
        .getAttribute('aria-disabled'),
    ).toBeNull();
    expect(await page.getByTestId('silence-denied-reasons').count()).toBe(0);
    await page.getByRole('button', { name: `Silence ${ALERT}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel(/Comment/).fill('e2e: the owner silences');
    await dialog.getByRole('button', { name: 'Create silence' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    const silenced = await until(
      upstreamAlert,
      a => a?.status.state === 'suppressed',
      `${ALERT} suppressed`,
      30_000,
    );
    const [silenceId] = silenced!.status.silencedBy;
    const silence = await (
      await fetch(
        `${product.stack.alertmanager!.url}/api/v2/silence/${silenceId}`,
      )
    ).json();
    expect(silence.createdBy).toBe('user:default/guest');
    expect(silence.comment).toBe('e2e: the owner silences');
    await page.context().close();

    // Leave the alert firing for the Alerts suite, which silences it again.
    await fetch(
      `${product.stack.alertmanager!.url}/api/v2/silence/${silenceId}`,
      {
        method: 'DELETE',
      },
    );
    await until(
      upstreamAlert,
      a => a?.status.state === 'active',
      `${ALERT} active again`,
      30_000,
    );
  });
});
