import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
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
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [monitoringApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <EntityProvider entity={target}>
        <AlertsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
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

  it('lists alerts with severity, state, receivers, since-when and links; rules and silences below', async () => {
    const api = fakeApi();
    await renderTab(api);
    expect(
      await screen.findByText('High error rate detected'),
    ).toBeInTheDocument();
    expect(api.getAlerts).toHaveBeenCalledWith(entityRef);
    expect(screen.getByTestId('alert-state-f1')).toHaveTextContent('active');
    expect(screen.getByTestId('alert-state-f2')).toHaveTextContent(
      'suppressed (silenced by baad3699)',
    );
    expect(screen.getAllByTestId('severity-critical').length).toBeGreaterThan(
      0,
    );
    expect(screen.getByTestId('severity-warning')).toBeInTheDocument();
    expect(
      screen.getAllByText('pagerduty-critical, slack-critical'),
    ).toHaveLength(2);
    expect(screen.getAllByText(/^for 2m \d+s$/).length).toBeGreaterThan(0);
    const runbooks = screen.getAllByRole('link', { name: /^Runbook/ });
    // The alert's own runbook_url wins; otherwise the Runbooks tab anchored at the alert.
    expect(runbooks.map(l => l.getAttribute('href'))).toEqual(
      expect.arrayContaining([
        'https://runbooks.example/latency',
        '/runbooks#FestivalsHighErrorRate',
      ]),
    );
    expect(
      screen.getAllByRole('link', { name: /^Expression/ })[0],
    ).toHaveAttribute('href', 'http://prometheus:9090/graph?g0.expr=x');

    // Rules: state, for, health and last error.
    expect(
      screen.getByTestId('rule-state-FestivalsHighErrorRate'),
    ).toHaveTextContent('firing (1)');
    expect(
      screen.getByTestId('rule-state-FestivalsQueueStuck'),
    ).toHaveTextContent('inactive');
    expect(screen.getByText('5m')).toBeInTheDocument();
    expect(
      screen.getByText('many-to-many matching not allowed'),
    ).toBeInTheDocument();

    // Silences.
    expect(screen.getByText('deploying a fix')).toBeInTheDocument();
    expect(
      screen.getByText(
        'namespace="festivals-production", service="festivals-api"',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Silence FestivalsHighErrorRate' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: 'Expire silence baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      }),
    ).toBeInTheDocument();
  });

  it('hides the silence and expire buttons from a user without the permissions', async () => {
    // Another entity: usePermission caches decisions per resource across renders.
    await renderTab(fakeApi(), AuthorizeResult.DENY, {
      ...entity,
      metadata: { ...entity.metadata, name: 'festivals-api-readonly' },
    });
    expect(
      await screen.findByText('High error rate detected'),
    ).toBeInTheDocument();
    expect(screen.getByText('deploying a fix')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Silence / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Expire / })).toBeNull();
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

  it('expires a silence and reloads; shows the backend message when it fails', async () => {
    const api = fakeApi();
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Expire silence baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      }),
    );
    await waitFor(() =>
      expect(api.expireSilence).toHaveBeenCalledWith(
        entityRef,
        'baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      ),
    );
    await waitFor(() => expect(api.getSilences).toHaveBeenCalledTimes(2));

    api.expireSilence.mockRejectedValueOnce(
      await responseError(409, 'Silence baad3699 has already expired'),
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Expire silence baad3699-d4d1-4415-b4e7-fd1fbca42c35',
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Silence baad3699 has already expired',
    );
  });

  it('creates a silence from an alert: prefilled, editable matchers, preset duration, required comment', async () => {
    const api = fakeApi();
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Silence FestivalsHighErrorRate',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    // Scope matchers first and locked; alertname and severity editable.
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
      'critical',
    );
    const create = within(dialog).getByRole('button', {
      name: 'Create silence',
    });
    expect(create).toBeDisabled();

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
});
