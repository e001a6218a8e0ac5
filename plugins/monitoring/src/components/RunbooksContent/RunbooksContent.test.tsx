import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  AlertsResponse,
  DiagnosticResult,
  DiagnosticsResponse,
  MonitoringAlert,
  MonitoringAlertRule,
  RulesResponse,
  TeamRunbooksResponse,
} from '@internal/plugin-monitoring-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fixtureDiagnostics } from '../../../dev/diagnosticsFixture';
import { DiagnosticsRequest, MonitoringApi, monitoringApiRef } from '../../api';
import { RunbooksContent } from './RunbooksContent';

jest.setTimeout(30_000);

let entitySeq = 0;
/**
 * A fresh entity name per test: usePermission caches its answer per permission and resource,
 * so a denied test must not see an earlier allow.
 */
function entityWith(annotations: Record<string, string>): Entity {
  entitySeq += 1;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `festivals-api-${entitySeq}`, annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team' },
  };
}

const K8S_ANNOTATIONS = {
  'monitoring.festivals.io/job': 'festivals-api',
  'backstage.io/kubernetes-namespace': 'festivals-staging',
  'backstage.io/kubernetes-id': 'festivals-api',
};

function alert(
  alertname: string,
  state: MonitoringAlert['state'],
): MonitoringAlert {
  return {
    fingerprint: `fp-${alertname}`,
    alertname,
    severity: 'warning',
    labels: { alertname, namespace: 'festivals-staging' },
    annotations: {},
    startsAt: '2026-11-27T17:00:00Z',
    updatedAt: '2026-11-27T17:09:00Z',
    endsAt: '2026-11-27T17:14:00Z',
    state,
    silencedBy: state === 'suppressed' ? ['s1'] : [],
    inhibitedBy: [],
    receivers: ['slack'],
  };
}

function alertsOf(...alerts: MonitoringAlert[]): AlertsResponse {
  return { entityRef: 'x', alertmanager: 'local', matchers: [], alerts };
}

/** The fixture's results without their `command`, so the tab renders commands itself. */
function withoutCommands(response: DiagnosticsResponse): DiagnosticsResponse {
  return {
    ...response,
    results: response.results.map(
      r => ({ ...r, command: undefined } as DiagnosticResult),
    ),
  };
}

function fakeApi(
  options: {
    alerts?: MonitoringAlert[];
    diagnostics?: () => Promise<DiagnosticsResponse>;
    team?: () => Promise<TeamRunbooksResponse>;
    rules?: MonitoringAlertRule[];
  } = {},
) {
  return {
    getAlerts: jest.fn(async () => alertsOf(...(options.alerts ?? []))),
    getRules: jest.fn(
      async (): Promise<RulesResponse> => ({
        entityRef: 'x',
        prometheus: 'local',
        rules: options.rules ?? [],
      }),
    ),
    getTeamRunbooks: jest.fn(
      (_entityRef: string): Promise<TeamRunbooksResponse> =>
        options.team?.() ??
        Promise.reject(new Error('getTeamRunbooks not expected')),
    ),
    getDiagnostics: jest.fn(
      (_request: DiagnosticsRequest): Promise<DiagnosticsResponse> =>
        options.diagnostics?.() ?? Promise.resolve(fixtureDiagnostics()),
    ),
  } satisfies Partial<MonitoringApi>;
}

async function renderRunbooks(
  api: Partial<MonitoringApi>,
  options: { entity?: Entity; allow?: boolean; url?: string } = {},
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [monitoringApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              options.allow === false
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      <EntityProvider entity={options.entity ?? entityWith(K8S_ANNOTATIONS)}>
        <RunbooksContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [options.url ?? '/runbooks'] },
  );
}

/** Accordion sections in the order shown. */
function sectionOrder(): string[] {
  return screen
    .getAllByTestId(/^runbook-Festivals/)
    .map(el => el.getAttribute('id') ?? '');
}

const section = (alertname: string) =>
  screen.getByTestId(`runbook-${alertname}`);

beforeEach(() => {
  Element.prototype.scrollIntoView = jest.fn();
});

describe('RunbooksContent', () => {
  it('lists all twelve runbooks, the firing one first with a "firing now" chip and open', async () => {
    const api = fakeApi({
      alerts: [
        alert('FestivalsHighMemory', 'active'),
        // Silenced: not firing "now" for the on-call engineer.
        alert('FestivalsHighCPU', 'suppressed'),
      ],
    });
    await renderRunbooks(api);
    await waitFor(() => expect(sectionOrder()[0]).toBe('FestivalsHighMemory'));
    const order = sectionOrder();
    expect(order).toHaveLength(12);
    expect(order.slice(1, 3)).toEqual([
      'FestivalsAPIDown',
      'FestivalsHighErrorRate',
    ]);
    expect(
      within(section('FestivalsHighMemory')).getByText('firing now'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('firing now')).toHaveLength(1);
    // Open: its text and steps are rendered; a quiet runbook stays closed.
    expect(
      within(section('FestivalsHighMemory')).getByText('When to escalate'),
    ).toBeInTheDocument();
    expect(
      within(section('FestivalsAPIDown')).queryByText('When to escalate'),
    ).not.toBeInTheDocument();
    expect(api.getAlerts).toHaveBeenCalledTimes(1);
  });

  it('renders each command with the entity’s namespace, deployment and job, with a copy button', async () => {
    const api = fakeApi({
      alerts: [alert('FestivalsHighLatency', 'active')],
      diagnostics: async () => withoutCommands(fixtureDiagnostics()),
    });
    await renderRunbooks(api);
    const latency = await waitFor(() => {
      const s = section('FestivalsHighLatency');
      expect(within(s).getByText('Check HPA status')).toBeInTheDocument();
      return s;
    });
    expect(
      within(latency).getByLabelText('Command: Check HPA status'),
    ).toHaveTextContent('kubectl get hpa -n festivals-staging');
    expect(
      within(latency).getByLabelText(
        'Command: High latency - check database connections',
      ),
    ).toHaveTextContent(
      'db_connections_active{namespace="festivals-staging",job="festivals-api"} / db_connections_total{namespace="festivals-staging",job="festivals-api"}',
    );
    expect(
      within(latency).getByRole('button', {
        name: 'Copy command: Check HPA status',
      }),
    ).toBeInTheDocument();
  });

  it('asks once for every step kind the runbooks need', async () => {
    const api = fakeApi();
    await renderRunbooks(api);
    await waitFor(() => expect(api.getDiagnostics).toHaveBeenCalledTimes(1));
    const request = api.getDiagnostics.mock.calls[0][0];
    expect(request.entityRef).toMatch(/^component:default\/festivals-api-\d+$/);
    expect([...(request.steps ?? [])].sort()).toEqual(
      [
        'dbConnections',
        'events',
        'hpa',
        'oomLogs',
        'podResources',
        'pods',
        'targets',
        'workerLogs',
      ].sort(),
    );
  });

  it('shows the pods with the OOMKilled one highlighted, the read time and the live data of each step', async () => {
    const now = new Date();
    const api = fakeApi({
      alerts: [alert('FestivalsHighMemory', 'active')],
      diagnostics: async () => fixtureDiagnostics(now.toISOString()),
    });
    await renderRunbooks(api);
    const memory = section('FestivalsHighMemory');
    const pods = await within(memory).findByRole('table', { name: 'Pods' });
    const rows = within(pods).getAllByRole('row');
    const oomRow = rows.find(r =>
      r.textContent?.includes('festivals-api-7d9c8b6f5-abcde'),
    )!;
    const okRow = rows.find(r =>
      r.textContent?.includes('festivals-api-7d9c8b6f5-fghij'),
    )!;
    expect(oomRow).toHaveAttribute('data-oomkilled', 'true');
    expect(oomRow.className).not.toBe(okRow.className);
    expect(okRow).not.toHaveAttribute('data-oomkilled');
    expect(within(oomRow).getByText('OOMKilled')).toBeInTheDocument();
    expect(oomRow).toHaveTextContent('4'); // restarts
    expect(oomRow).toHaveTextContent('exit 137');

    const two = (n: number) => String(n).padStart(2, '0');
    const clock = `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(
      now.getUTCSeconds(),
    )} UTC`;
    expect(
      within(memory).getAllByText(
        `read ${clock} from the Kubernetes API (local)`,
      ),
    ).toHaveLength(2); // pods and events
    expect(
      within(memory).getByText(`read ${clock} from metrics.k8s.io (local)`),
    ).toBeInTheDocument();
    // Memory at 96 % of its limit, against 512Mi.
    expect(
      within(memory).getByRole('table', { name: 'Pod resources' }),
    ).toHaveTextContent('490Mi (256Mi / 512Mi)');
    expect(within(memory).getByText('96%')).toBeInTheDocument();
    expect(within(memory).getByLabelText('Log lines')).toHaveTextContent(
      'JavaScript heap out of memory',
    );
    expect(
      within(memory).getByRole('table', { name: 'Events' }),
    ).toHaveTextContent('Back-off restarting failed container api');
  });

  it('shows "at max" on an HPA at its maximum and the truncated note on capped logs', async () => {
    const api = fakeApi({
      alerts: [
        alert('FestivalsQueueBacklog', 'active'),
        alert('FestivalsDatabaseConnectionHigh', 'active'),
      ],
    });
    await renderRunbooks(api);
    const queue = section('FestivalsQueueBacklog');
    expect(await within(queue).findByText('at max')).toBeInTheDocument();
    expect(within(queue).getByText(/^Truncated/)).toBeInTheDocument();
    expect(
      within(queue).getByText('⚠ Pod logs capped at 65536 bytes per pod'),
    ).toBeInTheDocument();
    const db = section('FestivalsDatabaseConnectionHigh');
    expect(
      within(db).getByRole('table', { name: 'Database connections' }),
    ).toHaveTextContent('18 / 2090% — above threshold');
  });

  it('shows a failing step’s error in place while the other steps show their data', async () => {
    const base = fixtureDiagnostics();
    const api = fakeApi({
      alerts: [alert('FestivalsPodRestarting', 'active')],
      diagnostics: async () => ({
        ...base,
        results: base.results.map(r =>
          r.kind === 'events'
            ? {
                kind: 'events',
                status: 'error',
                readAt: '2026-11-27T17:09:54Z',
                error: {
                  reason: 'Forbidden',
                  message:
                    'The API server of cluster local answered 403: events is forbidden: User "system:serviceaccount:backstage:backstage" cannot list resource "events" in the namespace "festivals-staging"; grant list on events to the service account',
                },
              }
            : r,
        ),
      }),
    });
    await renderRunbooks(api);
    const restarting = section('FestivalsPodRestarting');
    expect(
      await within(restarting).findByText(/events is forbidden/),
    ).toBeInTheDocument();
    expect(
      within(restarting).getByText(/Forbidden: could not read this step$/),
    ).toBeInTheDocument();
    expect(
      within(restarting).getByRole('table', { name: 'Pods' }),
    ).toBeInTheDocument();
    expect(within(restarting).getByLabelText('Log lines')).toBeInTheDocument();
    expect(within(restarting).getByText('Mitigate')).toBeInTheDocument();
  });

  it('never asks for diagnostics when the permission is denied, and keeps the runbook text', async () => {
    const api = fakeApi({ alerts: [alert('FestivalsHighMemory', 'active')] });
    await renderRunbooks(api, { allow: false });
    const memory = section('FestivalsHighMemory');
    expect(
      await within(memory).findAllByText(
        'You may not read live diagnostics for this entity.',
      ),
    ).toHaveLength(4);
    expect(within(memory).getByText('What it means')).toBeInTheDocument();
    expect(
      within(memory).getByLabelText('Command: Check all pods status'),
    ).toHaveTextContent('kubectl get pods -n festivals-staging');
    expect(api.getDiagnostics).not.toHaveBeenCalled();
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it('opens and scrolls to the runbook the Alerts tab links to (#alertname)', async () => {
    const api = fakeApi();
    await renderRunbooks(api, { url: '/runbooks#FestivalsHighLatency' });
    const latency = section('FestivalsHighLatency');
    expect(
      await within(latency).findByText('When to escalate'),
    ).toBeInTheDocument();
    expect(
      within(section('FestivalsAPIDown')).queryByText('When to escalate'),
    ).not.toBeInTheDocument();
    await waitFor(() =>
      expect(Element.prototype.scrollIntoView).toHaveBeenCalled(),
    );
    const scrolled = (Element.prototype.scrollIntoView as jest.Mock).mock
      .contexts[0] as Element;
    expect(scrolled.id).toBe('FestivalsHighLatency');
  });

  it('also opens the runbook named by ?alert=, and lets the user close it', async () => {
    const api = fakeApi();
    await renderRunbooks(api, { url: '/runbooks?alert=FestivalsQueueStuck' });
    const stuck = section('FestivalsQueueStuck');
    expect(await within(stuck).findByText('Mitigate')).toBeInTheDocument();
    fireEvent.click(within(stuck).getByText('FestivalsQueueStuck'));
    await waitFor(() =>
      expect(within(stuck).queryByText('Mitigate')).not.toBeInTheDocument(),
    );
  });

  it('names backstage.io/kubernetes-id when the entity has no Kubernetes annotations, and asks nothing', async () => {
    const api = fakeApi({ alerts: [alert('FestivalsAPIDown', 'active')] });
    await renderRunbooks(api, {
      entity: entityWith({
        'monitoring.festivals.io/job': 'festivals-api',
        'monitoring.festivals.io/namespace': 'festivals-production',
      }),
    });
    expect(
      await screen.findByText(
        /No live diagnostics: the entity names no Kubernetes workload$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Entity has no backstage\.io\/kubernetes-id/),
    ).toBeInTheDocument();
    const down = section('FestivalsAPIDown');
    expect(within(down).getByText('Check first')).toBeInTheDocument();
    // No workload named: the placeholders stay for the user to fill.
    expect(
      within(down).getByLabelText(
        'Command: High memory - check for memory leaks',
      ),
    ).toHaveTextContent('kubectl logs deployment/{deployment} -n {namespace}');
    expect(api.getDiagnostics).not.toHaveBeenCalled();
  });

  it('shows the backend’s 400 naming the annotation as the note', async () => {
    const message =
      "Entity component:default/festivals-api: Annotation backstage.io/kubernetes-id 'Festivals_API' is not a Kubernetes name usable as a label value (RFC 1123, at most 63)";
    const api = fakeApi({
      diagnostics: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'InputError', message },
              request: { method: 'GET', url: '/diagnostics' },
              response: { statusCode: 400 },
            }),
            { status: 400, headers: { 'Content-Type': 'application/json' } },
          ) as any,
        );
      },
    });
    await renderRunbooks(api);
    expect(
      await screen.findByText(
        new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      ),
    ).toBeInTheDocument();
  });

  it('shows a failed diagnostics request as an error panel: status, the backend’s message, the next step; the runbooks stay', async () => {
    const message =
      'Too many monitoring requests from user:default/alice at once (limit 8); retry after 1 s';
    const api = fakeApi({
      alerts: [alert('FestivalsHighMemory', 'active')],
      diagnostics: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'TooManyRequestsError', message },
              request: { method: 'GET', url: '/api/monitoring/diagnostics' },
              response: { statusCode: 429 },
            }),
            { status: 429, headers: { 'Content-Type': 'application/json' } },
          ) as any,
        );
      },
    });
    await renderRunbooks(api);
    expect(
      await screen.findByText(
        // WarningPanel, under ResponseErrorPanel, puts "Error: " before the title.
        'Error: Could not read the live diagnostics: the monitoring backend is busy (HTTP 429, too many requests at once). Refresh in a few seconds.',
      ),
    ).toBeInTheDocument();
    // Expanded: the backend's own words, the status and the request, not only "Request failed".
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.getByText(/^429: /)).toBeInTheDocument();
    expect(
      screen.getByText('GET /api/monitoring/diagnostics'),
    ).toBeInTheDocument();
    // Each step points there, and the runbook text is all still readable.
    const memory = section('FestivalsHighMemory');
    expect(
      within(memory).getAllByText(
        'Not read: the diagnostics request failed (the error is at the top of the tab).',
      ).length,
    ).toBeGreaterThan(0);
    expect(within(memory).getByText('When to escalate')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  });

  it('names the monitoring backend and the next step when no answer came at all', async () => {
    const api = fakeApi({
      diagnostics: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await renderRunbooks(api);
    expect(
      await screen.findByText(
        'Error: Could not read the live diagnostics: no answer from the monitoring backend (Failed to fetch). Check that it runs and your connection, then Refresh.',
      ),
    ).toBeInTheDocument();
  });

  it('outlines the tab with headings: an h2, an h3 per runbook, h4 for its parts, no level skipped', async () => {
    await renderRunbooks(
      fakeApi({ alerts: [alert('FestivalsHighMemory', 'active')] }),
    );
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Runbooks (12)' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(sectionOrder()[0]).toBe('FestivalsHighMemory'));
    expect(
      screen.getAllByRole('heading', { level: 3 }).map(h => h.textContent),
    ).toContain('FestivalsHighMemory');
    expect(
      within(section('FestivalsHighMemory')).getByRole('heading', {
        level: 4,
        name: 'When to escalate',
      }),
    ).toBeInTheDocument();
    // Under the page's h1, each heading at most one level deeper than the one before.
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
    const levels = headings.map(h => Number(h.tagName[1]));
    const skips = headings
      .filter((_, i) => levels[i] > (i === 0 ? 1 : levels[i - 1]) + 1)
      .map(h => `${h.tagName} ${h.textContent}`);
    expect({ first: levels[0], skips }).toEqual({ first: 2, skips: [] });
  });

  it('reads everything again on Refresh', async () => {
    const api = fakeApi();
    await renderRunbooks(api);
    const refresh = await screen.findByRole('button', { name: 'Refresh' });
    await waitFor(() => expect(api.getDiagnostics).toHaveBeenCalledTimes(1));
    fireEvent.click(refresh);
    await waitFor(() => expect(api.getDiagnostics).toHaveBeenCalledTimes(2));
  });

  describe("the team's runbooks (monitoring.festivals.io/runbooks)", () => {
    const DOC_URL = 'https://git.example.com/festivals/runbooks/api.md';
    const teamEntity = () =>
      entityWith({
        ...K8S_ANNOTATIONS,
        'monitoring.festivals.io/runbooks': DOC_URL,
      });

    it("replaces the alert's built-in text with the team's section, keeps its diagnostics, and shows the notes", async () => {
      const api = fakeApi({
        alerts: [
          alert('FestivalsHighMemory', 'active'),
          alert('FestivalsHighCPU', 'active'),
        ],
        team: async () => ({
          entityRef: 'x',
          url: DOC_URL,
          sections: {
            FestivalsHighMemory:
              '### Our steps\n\n1. Take a **heap dump** from the admin port',
          },
          notes: 'Page **#tickets-oncall** first.',
        }),
      });
      const entity = teamEntity();
      await renderRunbooks(api, { entity });
      const memory = section('FestivalsHighMemory');
      const team = await within(memory).findByTestId(
        'team-runbook-FestivalsHighMemory',
      );
      // Markdown rendered, not shown as source.
      expect(
        within(team).getByRole('heading', { name: 'Our steps' }),
      ).toBeInTheDocument();
      expect(within(team).getByText('heap dump').tagName).toBe('STRONG');
      expect(
        within(memory).getByText(/Replaces the built-in runbook/),
      ).toBeInTheDocument();
      expect(
        within(memory).getByRole('link', { name: DOC_URL }),
      ).toHaveAttribute('href', DOC_URL);
      expect(
        within(memory).queryByText('When to escalate'),
      ).not.toBeInTheDocument();
      expect(
        within(memory).getByText('Check all pods status'),
      ).toBeInTheDocument();
      // Another firing alert without a team section keeps the built-in text.
      expect(
        within(section('FestivalsHighCPU')).getByText('When to escalate'),
      ).toBeInTheDocument();
      const notes = screen.getByTestId('team-runbook-notes');
      expect(within(notes).getByText('#tickets-oncall').tagName).toBe('STRONG');
      expect(api.getTeamRunbooks).toHaveBeenCalledWith(
        `component:default/${entity.metadata.name}`,
      );
    });

    it("says why the team's document could not be read and keeps every built-in runbook readable", async () => {
      const message =
        "Reading the team runbooks of component:default/festivals-api (monitoring.festivals.io/runbooks: https://git.example.com/festivals/runbooks/api.md) is not allowed: Reading from 'https://git.example.com/festivals/runbooks/api.md' is not allowed. You may need to configure an integration for the target host, or add it to the configured list of allowed hosts at 'backend.reading.allow'";
      const api = fakeApi({
        alerts: [alert('FestivalsHighMemory', 'active')],
        team: async () => {
          throw await ResponseError.fromResponse(
            new Response(
              JSON.stringify({
                error: { name: 'NotAllowedError', message },
                request: { method: 'GET', url: '/runbooks' },
                response: { statusCode: 403 },
              }),
              {
                status: 403,
                headers: { 'Content-Type': 'application/json' },
              },
            ) as any,
          );
        },
      });
      await renderRunbooks(api, { entity: teamEntity() });
      expect(
        await screen.findByText(/Could not read the team's runbooks$/),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /backend\.reading\.allow.*The built-in runbooks below are shown instead/,
        ),
      ).toBeInTheDocument();
      const memory = section('FestivalsHighMemory');
      expect(within(memory).getByText('When to escalate')).toBeInTheDocument();
      expect(
        within(memory).queryByTestId('team-runbook-FestivalsHighMemory'),
      ).not.toBeInTheDocument();
      expect(sectionOrder()).toHaveLength(12);
    });

    it("asks nothing for an entity without the annotation, and links a rule's runbook_url", async () => {
      const rule = (name: string, runbookUrl: string): MonitoringAlertRule => ({
        group: 'festivals.resources',
        name,
        state: 'firing',
        query: 'x > 1',
        durationSeconds: 600,
        labels: {},
        annotations: { runbook_url: runbookUrl },
        health: 'ok',
        activeAlerts: 1,
      });
      const api = fakeApi({
        alerts: [
          alert('FestivalsHighMemory', 'active'),
          alert('FestivalsHighCPU', 'active'),
        ],
        rules: [
          rule('FestivalsHighMemory', 'https://wiki.example.com/memory'),
          // Not a web link: never rendered as one.
          rule('FestivalsHighCPU', 'file:///etc/runbooks/cpu.md'),
        ],
      });
      await renderRunbooks(api);
      const link = await within(section('FestivalsHighMemory')).findByRole(
        'link',
        { name: 'https://wiki.example.com/memory' },
      );
      expect(link).toHaveAttribute('href', 'https://wiki.example.com/memory');
      expect(
        within(section('FestivalsHighCPU')).queryByText(/The rule's runbook/),
      ).not.toBeInTheDocument();
      expect(api.getTeamRunbooks).not.toHaveBeenCalled();
      expect(
        screen.queryByTestId('team-runbook-notes'),
      ).not.toBeInTheDocument();
    });
  });
});
