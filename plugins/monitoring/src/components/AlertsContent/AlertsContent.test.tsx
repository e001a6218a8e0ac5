import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import {
  AlertsResponse,
  MonitoringAlert,
  RulesResponse,
  SilencesResponse,
} from '@internal/plugin-monitoring-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MonitoringApi, monitoringApiRef } from '../../api';
import { AlertsContent } from './AlertsContent';

// Table, dialog and typing are slow in jsdom on a loaded 2-core machine.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: {
      'monitoring.festivals.io/job': 'festivals-api',
      'monitoring.festivals.io/namespace': 'festivals-production',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};
const entityRef = 'component:default/festivals-api';

const firing: MonitoringAlert = {
  fingerprint: 'f1',
  alertname: 'FestivalsHighErrorRate',
  severity: 'critical',
  labels: {
    alertname: 'FestivalsHighErrorRate',
    severity: 'critical',
    namespace: 'festivals-production',
    service: 'festivals-api',
    queue: 'payments',
  },
  annotations: {
    summary: 'High error rate detected',
    description: 'Error rate is above 5% for the last 5 minutes',
  },
  startsAt: new Date(Date.now() - 125_000).toISOString(),
  updatedAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 60_000).toISOString(),
  state: 'active',
  silencedBy: [],
  inhibitedBy: [],
  receivers: ['pagerduty-critical', 'slack-critical'],
  generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
};

const silenced: MonitoringAlert = {
  ...firing,
  fingerprint: 'f2',
  alertname: 'FestivalsHighLatency',
  severity: 'warning',
  labels: {
    ...firing.labels,
    alertname: 'FestivalsHighLatency',
    severity: 'warning',
  },
  annotations: { summary: 'High latency detected' },
  state: 'suppressed',
  silencedBy: ['baad3699-d4d1-4415-b4e7-fd1fbca42c35'],
  runbookUrl: 'https://runbooks.example/latency',
};

const alertsResponse: AlertsResponse = {
  entityRef,
  alertmanager: 'local',
  matchers: [],
  alerts: [firing, silenced],
};
const rulesResponse: RulesResponse = {
  entityRef,
  prometheus: 'local',
  rules: [
    {
      group: 'festivals.availability',
      name: 'FestivalsHighErrorRate',
      state: 'firing',
      query: 'sum(rate(x[5m])) > 0.05',
      durationSeconds: 300,
      labels: { severity: 'critical' },
      annotations: {},
      health: 'ok',
      activeAlerts: 1,
    },
    {
      group: 'festivals.queue',
      name: 'FestivalsQueueStuck',
      state: 'inactive',
      query: 'y == 0',
      durationSeconds: 600,
      labels: { severity: 'critical' },
      annotations: {},
      health: 'err',
      lastError: 'many-to-many matching not allowed',
      activeAlerts: 0,
    },
  ],
};
const silencesResponse: SilencesResponse = {
  entityRef,
  alertmanager: 'local',
  silences: [
    {
      id: 'baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      matchers: [
        {
          name: 'namespace',
          value: 'festivals-production',
          isRegex: false,
          isEqual: true,
        },
        {
          name: 'service',
          value: 'festivals-api',
          isRegex: false,
          isEqual: true,
        },
      ],
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2030-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      createdBy: 'user:default/alice',
      comment: 'deploying a fix',
      state: 'active',
    },
  ],
};

function fakeApi(
  overrides: Partial<MonitoringApi> = {},
): jest.Mocked<MonitoringApi> {
  return {
    getAlerts: jest.fn(async () => alertsResponse),
    getRules: jest.fn(async () => rulesResponse),
    getSilences: jest.fn(async () => silencesResponse),
    createSilence: jest.fn(async () => ({ silenceId: 's-2' })),
    expireSilence: jest.fn(async () => {}),
    ...overrides,
  } as jest.Mocked<MonitoringApi>;
}

async function renderTab(
  api: MonitoringApi,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  target: Entity = entity,
  route = '/alerts',
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [monitoringApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/alice' }),
        ],
      ]}
    >
      <EntityProvider entity={target}>
        <AlertsContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [route] },
  );
}

/** `HH:mm` of an ISO time in UTC, as the tab writes it. */
const utcClock = (iso: string) => iso.slice(11, 16);

/** Opens a MUI select by its id and picks an option. */
async function choose(id: string, option: string) {
  await userEvent.click(document.getElementById(id)!);
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('AlertsContent', () => {
  it('shows the missing-annotation state and asks nothing for an unmonitored entity', async () => {
    const api = fakeApi();
    await renderTab(api, AuthorizeResult.ALLOW, {
      ...entity,
      metadata: { name: 'website' },
    });
    expect(
      await screen.findByText('monitoring.festivals.io/job', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(api.getAlerts).not.toHaveBeenCalled();
  });

  it('outlines the tab with headings (h2 per section, h3 per alert, no level skipped) and nests no Tab stop in another', async () => {
    await renderTab(fakeApi());
    await screen.findByText('High error rate detected');
    await screen.findByRole('heading', { level: 2, name: /^Rules/ });
    expect(
      screen.getByRole('heading', { level: 2, name: /^Alerts/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 2, name: /^Silences/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 3, name: 'FestivalsHighErrorRate' }),
    ).toBeInTheDocument();
    // Under the page's h1 (the entity's name), each heading is at most one level deeper.
    const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(
      h => Number(h.tagName[1]),
    );
    const skips = levels.filter(
      (level, i) => level > (i === 0 ? 1 : levels[i - 1]) + 1,
    );
    expect({ first: levels[0], skips }).toEqual({ first: 2, skips: [] });
    // One Tab stop per control: nothing focusable inside something focusable.
    const focusable =
      'a[href]:not([tabindex="-1"]), button:not([disabled]):not([tabindex="-1"]), input:not([disabled]):not([tabindex="-1"]), select, textarea, [tabindex]:not([tabindex="-1"])';
    const nested = [...document.querySelectorAll(focusable)].filter(el =>
      el.parentElement?.closest(focusable),
    );
    expect(nested.map(el => el.outerHTML.slice(0, 120))).toEqual([]);
    // The severity chip is text, not a control.
    expect(screen.getAllByTestId('severity-critical')[0]).not.toHaveAttribute(
      'tabindex',
    );
  });

  it('lists a firing alert: one-line name, start in UTC, telling labels only, links and Silence', async () => {
    const api = fakeApi();
    await renderTab(api);
    expect(
      await screen.findByText('High error rate detected'),
    ).toBeInTheDocument();
    expect(api.getAlerts).toHaveBeenCalledWith(entityRef);
    const name = screen.getByRole('heading', {
      name: 'FestivalsHighErrorRate',
    });
    expect(name).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(screen.getByTestId('alert-state-f1')).toHaveTextContent(
      'firing → pagerduty-critical, slack-critical',
    );
    expect(screen.getByTestId('alert-started-f1')).toHaveTextContent(
      `2m ago (${utcClock(firing.startsAt)} UTC)`,
    );
    // The entity implies namespace and service; the queue is what tells.
    expect(screen.getByText('queue=payments')).toBeInTheDocument();
    const row = within(document.getElementById('alert-f1')!);
    expect(row.getByText('queue=payments')).toBeInTheDocument();
    expect(row.queryByText(/^namespace=/)).toBeNull();
    expect(row.queryByText(/^service=/)).toBeNull();
    expect(
      screen.getByRole('link', {
        name: /^Expression of FestivalsHighErrorRate/,
      }),
    ).toHaveAttribute('href', 'http://prometheus:9090/graph?g0.expr=x');
    expect(
      screen.getByRole('link', { name: 'Runbook of FestivalsHighErrorRate' }),
    ).toHaveAttribute('href', '/runbooks#FestivalsHighErrorRate');
    expect(
      screen.getByRole('button', { name: 'Silence FestivalsHighErrorRate' }),
    ).toBeInTheDocument();
    // The silenced alert waits behind the toggle, which counts it.
    expect(screen.queryByText('High latency detected')).toBeNull();
    expect(screen.getByLabelText('Show silenced (1)')).not.toBeChecked();
    expect(screen.getByTestId('alerts-updated').textContent).toMatch(
      /^updated \d\d:\d\d:\d\d UTC · \ds ago/,
    );
  });

  it('shows silenced alerts muted on request: until when, a link to the silence, Expire instead of Silence', async () => {
    const api = fakeApi();
    await renderTab(api);
    await userEvent.click(await screen.findByLabelText('Show silenced (1)'));
    expect(
      await screen.findByText('High latency detected'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('alert-state-f2')).toHaveTextContent(
      'silenced until 2030-01-01 00:00 UTC by baad3699',
    );
    expect(
      within(screen.getByTestId('alert-state-f2')).getByRole('link', {
        name: 'baad3699',
      }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(/#silence-baad3699-d4d1-4415-b4e7-fd1fbca42c35$/),
    );
    // The silence row carries that anchor.
    expect(
      document.getElementById('silence-baad3699-d4d1-4415-b4e7-fd1fbca42c35'),
    ).toHaveTextContent('baad3699');
    expect(screen.getByTestId('severity-warning')).toHaveAttribute(
      'data-tone',
      'muted',
    );
    expect(
      screen.queryByRole('button', { name: 'Silence FestivalsHighLatency' }),
    ).toBeNull();
    expect(
      screen.getByRole('button', {
        name: 'Expire silence baad3699-d4d1-4415-b4e7-fd1fbca42c35 of FestivalsHighLatency',
      }),
    ).toBeInTheDocument();
  });

  it('filters by severity, name and label words, groups, and keeps the filter in the URL', async () => {
    const queueAlert: MonitoringAlert = {
      ...firing,
      fingerprint: 'f3',
      alertname: 'FestivalsQueueBacklog',
      severity: 'warning',
      labels: {
        ...firing.labels,
        alertname: 'FestivalsQueueBacklog',
        queue: 'mail',
      },
      annotations: { summary: 'Mail queue backlog' },
    };
    const api = fakeApi({
      getAlerts: jest.fn(async () => ({
        ...alertsResponse,
        alerts: [firing, silenced, queueAlert],
      })),
    });
    // A link may arrive with a filter set.
    await renderTab(
      api,
      AuthorizeResult.ALLOW,
      entity,
      '/alerts?severity=warning',
    );
    expect(await screen.findByText('Mail queue backlog')).toBeInTheDocument();
    expect(screen.queryByText('High error rate detected')).toBeNull();

    await choose('alerts-filter-severity', 'All');
    expect(
      await screen.findByText('High error rate detected'),
    ).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Labels'), 'queue=pay');
    await waitFor(() =>
      expect(screen.queryByText('Mail queue backlog')).toBeNull(),
    );
    expect(screen.getByText('High error rate detected')).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Labels'));

    await choose('alerts-filter-alertname', 'FestivalsQueueBacklog');
    await waitFor(() =>
      expect(screen.queryByText('High error rate detected')).toBeNull(),
    );
    await choose('alerts-filter-alertname', 'All alerts');

    await choose('alerts-group-by', 'Severity');
    expect(await screen.findByText('critical (1)')).toBeInTheDocument();
    expect(screen.getByText('warning (1)')).toBeInTheDocument();
  });

  it('shows a user without the permissions Silence and Expire disabled, saying which permission and whom to ask', async () => {
    // Another entity: usePermission caches decisions per resource across renders.
    const api = fakeApi();
    await renderTab(api, AuthorizeResult.DENY, {
      ...entity,
      metadata: { ...entity.metadata, name: 'festivals-api-readonly' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/festivals-team' },
      ],
    });
    expect(
      await screen.findByText('High error rate detected'),
    ).toBeInTheDocument();
    expect(screen.getByText('deploying a fix')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Show silenced (1)'));
    await screen.findByText('High latency detected');

    const createReason =
      'You need the monitoring.silence.create permission for this entity to silence its alerts (owners: group:default/festivals-team).';
    const expireReason =
      'You need the monitoring.silence.expire permission for this entity to expire its silences (owners: group:default/festivals-team).';
    const silence = screen.getByRole('button', {
      name: 'Silence FestivalsHighErrorRate',
    });
    const expires = [
      screen.getByRole('button', {
        name: 'Expire silence baad3699-d4d1-4415-b4e7-fd1fbca42c35 of FestivalsHighLatency',
      }),
      screen.getByRole('button', {
        name: 'Expire silence baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      }),
    ];
    expect(silence).toHaveAttribute('aria-disabled', 'true');
    expect(silence).toHaveAccessibleDescription(createReason);
    for (const expire of expires) {
      expect(expire).toHaveAttribute('aria-disabled', 'true');
      expect(expire).toHaveAccessibleDescription(expireReason);
    }
    // The reasons are on the page once, for everyone, not only in a tooltip.
    expect(screen.getByTestId('silence-denied-reasons')).toHaveTextContent(
      `${createReason}${expireReason}`,
    );

    // Still a Tab stop (a disabled button is none), and the tooltip says why on hover.
    expect(silence).not.toBeDisabled();
    await userEvent.hover(silence);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(createReason);

    // Clicking does nothing: no dialog, nothing sent.
    await userEvent.click(silence);
    for (const expire of expires) await userEvent.click(expire);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.createSilence).not.toHaveBeenCalled();
    expect(api.expireSilence).not.toHaveBeenCalled();
  });

  it('shows no reasons and enabled actions to a user with the permissions', async () => {
    await renderTab(fakeApi());
    const silence = await screen.findByRole('button', {
      name: 'Silence FestivalsHighErrorRate',
    });
    expect(silence).not.toHaveAttribute('aria-disabled');
    expect(screen.queryByTestId('silence-denied-reasons')).toBeNull();
  });

  it('says Alertmanager is down in its sections while the rules still show', async () => {
    const down = await responseError(
      503,
      'Alertmanager at http://127.0.0.1:9093 is unreachable (ECONNREFUSED).',
    );
    await renderTab(
      fakeApi({
        getAlerts: jest.fn(async () => {
          throw down;
        }),
        getSilences: jest.fn(async () => {
          throw down;
        }),
      }),
    );
    expect(
      await screen.findAllByText(
        /Alertmanager at http:\/\/127\.0\.0\.1:9093 is unreachable/,
      ),
    ).not.toHaveLength(0);
    expect(screen.getByText(/Could not load alerts/)).toBeInTheDocument();
    expect(
      screen.getByTestId('rule-state-FestivalsHighErrorRate'),
    ).toBeInTheDocument();
  });

  it('expires a silence only after confirming what it mutes; shows the backend message when refused', async () => {
    const api = fakeApi();
    await renderTab(api);
    const expireButton = () =>
      screen.getByRole('button', {
        name: 'Expire silence baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      });
    await screen.findByText('deploying a fix');
    await userEvent.click(expireButton());
    let dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Expire silence baad3699?');
    expect(dialog).toHaveTextContent(
      'It mutes 1 current alert (FestivalsHighLatency)',
    );
    expect(dialog).toHaveTextContent('by user:default/alice');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.expireSilence).not.toHaveBeenCalled();

    await userEvent.click(expireButton());
    dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Expire silence' }),
    );
    await waitFor(() =>
      expect(api.expireSilence).toHaveBeenCalledWith(
        entityRef,
        'baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(api.getSilences).toHaveBeenCalledTimes(2));

    api.expireSilence.mockRejectedValueOnce(
      await responseError(409, 'Silence baad3699 has already expired'),
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Expire silence baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      }),
    );
    dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Expire silence' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Silence baad3699 has already expired',
    );
  });

  it('creates a silence from an alert: prefilled, editable matchers, preview, preset duration, required comment', async () => {
    const api = fakeApi();
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Silence FestivalsHighErrorRate',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    // Scope matchers first and locked; alertname, queue and severity editable.
    expect(within(dialog).getByLabelText('Matcher 1 value')).toHaveValue(
      'festivals-production',
    );
    expect(within(dialog).getByLabelText('Matcher 1 value')).toBeDisabled();
    expect(within(dialog).getByLabelText('Matcher 2 value')).toHaveValue(
      'festivals-api',
    );
    expect(within(dialog).getByLabelText('Matcher 3 value')).toHaveValue(
      'FestivalsHighErrorRate',
    );
    expect(within(dialog).getByLabelText('Matcher 4 value')).toHaveValue(
      'payments',
    );
    expect(within(dialog).getByLabelText('Matcher 5 value')).toHaveValue(
      'critical',
    );
    expect(within(dialog).getByTestId('silence-preview')).toHaveTextContent(
      'Mutes 1 current alert: FestivalsHighErrorRate.',
    );
    // The same identity form as the Silences table's "Created by".
    expect(
      await within(dialog).findByText(/user:default\/alice/),
    ).toBeInTheDocument();
    const create = within(dialog).getByRole('button', {
      name: 'Create silence',
    });
    expect(create).toBeDisabled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove matcher 5' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove matcher 4' }),
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Comment/),
      'deploying the fix',
    );
    const before = Date.now();
    await userEvent.click(create);
    await waitFor(() => expect(api.createSilence).toHaveBeenCalledTimes(1));
    const sent = api.createSilence.mock.calls[0][0];
    expect(sent).toEqual({
      entityRef,
      matchers: [
        {
          name: 'namespace',
          value: 'festivals-production',
          isRegex: false,
          isEqual: true,
        },
        {
          name: 'service',
          value: 'festivals-api',
          isRegex: false,
          isEqual: true,
        },
        {
          name: 'alertname',
          value: 'FestivalsHighErrorRate',
          isRegex: false,
          isEqual: true,
        },
      ],
      endsAt: expect.any(String),
      comment: 'deploying the fix',
    });
    expect(sent).not.toHaveProperty('createdBy');
    // Default preset: 2 hours.
    const length = Date.parse(sent.endsAt) - before;
    expect(length).toBeGreaterThan(2 * 3600_000 - 5000);
    expect(length).toBeLessThan(2 * 3600_000 + 5000);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(api.getSilences).toHaveBeenCalledTimes(2));
  });

  it('previews what the matchers catch as they change, says when it cannot, and offers 15 minutes and a custom end', async () => {
    const api = fakeApi();
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Silence FestivalsHighErrorRate',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const preview = within(dialog).getByTestId('silence-preview');
    const name = within(dialog).getByLabelText('Matcher 3 value');
    // Widen to every alert of the entity: the silenced one is counted too.
    for (const i of [5, 4, 3]) {
      await userEvent.click(
        within(dialog).getByRole('button', { name: `Remove matcher ${i}` }),
      );
    }
    expect(name).not.toBeInTheDocument();
    expect(preview).toHaveTextContent(
      'Mutes 2 current alerts: FestivalsHighErrorRate, FestivalsHighLatency.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add matcher' }),
    );
    await userEvent.type(
      within(dialog).getByLabelText('Matcher 3 label'),
      'alertname',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Matcher 3 operator' }),
    );
    await userEvent.click(await screen.findByRole('option', { name: '=~' }));
    // user-event treats [ and { as key descriptors: paste the pattern instead.
    within(dialog).getByLabelText('Matcher 3 value').focus();
    await userEvent.paste('.*Latency');
    expect(preview).toHaveTextContent(
      'Mutes 1 current alert: FestivalsHighLatency.',
    );
    await userEvent.clear(within(dialog).getByLabelText('Matcher 3 value'));
    within(dialog).getByLabelText('Matcher 3 value').focus();
    await userEvent.paste('(?i).*latency');
    expect(preview).toHaveTextContent(/^Can't preview/);

    await userEvent.click(
      within(dialog).getByRole('button', { name: /Duration/ }),
    );
    expect(
      await screen.findByRole('option', { name: '15 minutes' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('option', { name: '30 minutes' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('option', { name: 'Custom end…' }));
    const end = within(dialog).getByLabelText(/Ends at \(UTC/);
    await userEvent.clear(end);
    // 24-hour text in the page's zone (UTC by default), not the browser's AM/PM picker.
    await userEvent.type(end, '2031-05-06 18:12');
    await userEvent.type(
      within(dialog).getByLabelText(/Comment/),
      'maintenance',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create silence' }),
    );
    await waitFor(() => expect(api.createSilence).toHaveBeenCalledTimes(1));
    expect(api.createSilence.mock.calls[0][0].endsAt).toBe(
      '2031-05-06T18:12:00.000Z',
    );
  });

  it('shows Alertmanager’s rejection next to the form and keeps what was typed', async () => {
    const api = fakeApi({
      createSilence: jest.fn(async () => {
        throw await responseError(
          400,
          'Alertmanager at http://127.0.0.1:9093 rejected the request (400): silence invalid: at least one matcher must not match the empty string',
        );
      }),
    });
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Silence FestivalsHighErrorRate',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.clear(within(dialog).getByLabelText('Matcher 3 value'));
    await userEvent.type(
      within(dialog).getByLabelText('Matcher 3 value'),
      'Festivals.*',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Comment/),
      'maintenance',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create silence' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'rejected the request (400): silence invalid: at least one matcher must not match the empty string',
    );
    expect(within(dialog).getByLabelText('Matcher 3 value')).toHaveValue(
      'Festivals.*',
    );
    expect(within(dialog).getByLabelText(/Comment/)).toHaveValue('maintenance');
  });

  it('orders rules firing first, collapses inactive ones and long expressions, greys idle severities', async () => {
    const long = `sum by (queue) (rate(festivals_queue_jobs_failed_total{service="festivals-api"}[5m])) > 0`;
    await renderTab(
      fakeApi({
        getRules: jest.fn(async () => ({
          ...rulesResponse,
          rules: [
            { ...rulesResponse.rules[1], query: long },
            {
              ...rulesResponse.rules[0],
              name: 'FestivalsSlow',
              state: 'pending' as const,
              activeAlerts: 1,
            },
            rulesResponse.rules[0],
          ],
        })),
      }),
    );
    const title = await screen.findByText('Rules (3)');
    const rules = title.closest('div[class*="MuiPaper"]') as HTMLElement;
    const states = within(rules)
      .getAllByTestId(/^rule-state-/)
      .map(e => e.textContent);
    expect(states).toEqual(['firing (1)', 'pending (1)']);
    const chips = within(rules).getAllByTestId('severity-critical');
    expect(chips.map(c => c.getAttribute('data-tone'))).toEqual([
      'critical',
      'muted',
    ]);

    await userEvent.click(
      screen.getByRole('button', { name: 'Show 1 inactive rule' }),
    );
    expect(
      await screen.findByTestId('rule-state-FestivalsQueueStuck'),
    ).toHaveTextContent('inactive');
    expect(
      screen.getByText('many-to-many matching not allowed'),
    ).toBeInTheDocument();
    const expr = () => screen.getByTestId('rule-expr-FestivalsQueueStuck');
    // Closed: one line high, wrapping (not nowrap) so it never widens the table.
    expect(expr()).toHaveStyle({ maxHeight: '1.5em', overflow: 'hidden' });
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show expression of FestivalsQueueStuck',
      }),
    );
    expect(expr()).toHaveStyle({ whiteSpace: 'pre-wrap' });
    expect(expr().style.maxHeight).toBe('');
    expect(expr()).toHaveTextContent(long);
  });

  it('scrolls to and highlights the alert a link points at, even when it is silenced', async () => {
    const scrolled: string[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function record(this: Element) {
      scrolled.push(this.id);
    };
    try {
      await renderTab(
        fakeApi(),
        AuthorizeResult.ALLOW,
        entity,
        '/alerts?alert=f2',
      );
      expect(
        await screen.findByText('High latency detected'),
      ).toBeInTheDocument();
      await waitFor(() => expect(scrolled).toContain('alert-f2'));
      const row = document.getElementById('alert-f2')!.closest('tr')!;
      expect(row.getAttribute('style')).toMatch(/outline: 2px solid/);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });
});
