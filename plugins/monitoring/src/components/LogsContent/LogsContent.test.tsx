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
  LOG_VIEWS,
  LogLine,
  LogsRequest,
  LogsResponse,
  LogVolumeResponse,
} from '@internal/plugin-monitoring-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { MonitoringApi, monitoringApiRef } from '../../api';
import { LogsContent } from './LogsContent';

const ENTITY_REF = 'component:default/festivals-api';

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

function logLine(n: number, fields: Record<string, string> = {}): LogLine {
  const all = {
    level: 'info',
    message: `handled request ${n}`,
    request_id: `req-${n}`,
    user_id: `user-${n}`,
    ...fields,
  };
  return {
    id: `line-${n}`,
    timestampNs: `${1764230000 + n}000000000`,
    labels: { namespace: 'festivals-production', app: 'festivals-api' },
    level: all.level,
    message: all.message,
    fields: all,
    line: JSON.stringify(all),
  };
}

function page(
  lines: LogLine[],
  extra: Partial<LogsResponse> = {},
): LogsResponse {
  return {
    entityRef: ENTITY_REF,
    loki: 'local',
    query: '{namespace="festivals-production", app="festivals-api"}',
    start: 0,
    end: 3600,
    lines,
    levelSource: 'label',
    links: {},
    ...extra,
  };
}

const volume: LogVolumeResponse = {
  entityRef: ENTITY_REF,
  loki: 'local',
  query: 'sum by (level) (count_over_time({app="festivals-api"} [60s]))',
  start: 1000,
  end: 1300,
  step: 60,
  series: [
    {
      level: 'info',
      points: [
        [1060, 5],
        [1120, 7],
        [1180, 2],
        [1240, 9],
        [1300, 4],
      ],
    },
    {
      level: 'error',
      points: [
        [1060, 1],
        [1120, 0],
        [1180, 3],
        [1240, 0],
        [1300, 1],
      ],
    },
  ],
};

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

function currentParams(): URLSearchParams {
  return new URLSearchParams(screen.getByTestId('location').textContent ?? '');
}

function fakeApi(overrides: Partial<MonitoringApi> = {}) {
  return {
    getLogs: jest.fn(async (_: LogsRequest) => page([logLine(2), logLine(1)])),
    getLogVolume: jest.fn(async (_: LogsRequest) => volume),
    ...overrides,
  };
}

async function renderLogs(
  api: Partial<MonitoringApi>,
  options: { url?: string; entity?: Entity; allow?: boolean } = {},
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
      <EntityProvider entity={options.entity ?? entity}>
        <LogsContent />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [options.url ?? '/'] },
  );
}

/** The request of the newest getLogs call. */
function lastRequest(fn: jest.Mock): LogsRequest {
  return fn.mock.calls[fn.mock.calls.length - 1][0];
}

async function responseError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/logs' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

describe('LogsContent: gates', () => {
  it('shows the missing-annotation state naming the Loki app annotation, and fetches nothing', async () => {
    const api = fakeApi();
    await renderLogs(api, {
      entity: { ...entity, metadata: { name: 'website' } },
    });
    expect(
      await screen.findByText('monitoring.festivals.io/loki-app', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(api.getLogs).not.toHaveBeenCalled();
    expect(api.getLogVolume).not.toHaveBeenCalled();
  });

  it('says the user may not read the logs when the permission is denied, and fetches nothing', async () => {
    const api = fakeApi();
    // Another entity: usePermission caches its answer per permission and resource (SWR).
    const privateEntity = {
      ...entity,
      metadata: { ...entity.metadata, name: 'festivals-private' },
    };
    await renderLogs(api, { allow: false, entity: privateEntity });
    expect(
      await screen.findByText('You may not read this entity’s logs'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /component:default\/festivals-private needs the monitoring\.logs\.read/,
      ),
    ).toBeInTheDocument();
    expect(api.getLogs).not.toHaveBeenCalled();
    expect(api.getLogVolume).not.toHaveBeenCalled();
  });

  it('shows the same when the backend answers 403', async () => {
    const error = await responseError(403, 'NotAllowedError', 'Unauthorized');
    const getLogs = jest.fn(async () => Promise.reject(error));
    await renderLogs(fakeApi({ getLogs }));
    expect(
      await screen.findByText('You may not read this entity’s logs'),
    ).toBeInTheDocument();
    // The frontend check allowed it: the refusal came from the backend.
    expect(getLogs).toHaveBeenCalled();
  });
});

describe('LogsContent: views', () => {
  it('shows the last hour of all logs, the LogQL with a copy button and Grafana Explore', async () => {
    const api = fakeApi({
      getLogs: jest.fn(async () =>
        page([logLine(2), logLine(1)], {
          links: { grafanaExplore: 'https://grafana.example/explore?x=1' },
        }),
      ),
    });
    await renderLogs(api);
    expect(await screen.findByText('handled request 2')).toBeInTheDocument();
    const request = lastRequest(api.getLogs as jest.Mock);
    expect(request).toMatchObject({
      entityRef: ENTITY_REF,
      view: 'all',
      limit: 1000,
    });
    expect(request.end - request.start).toBe(3600);
    expect(request.contains).toBeUndefined();
    expect(screen.getByTestId('logs-query')).toHaveTextContent(
      '{namespace="festivals-production", app="festivals-api"}',
    );
    expect(screen.getByRole('button', { name: 'Copy LogQL' })).toBeVisible();
    expect(
      screen.getByRole('link', { name: /^Open in Grafana Explore/ }),
    ).toHaveAttribute('href', 'https://grafana.example/explore?x=1');
    // The volume comes for the same selection and range.
    const volumeRequest = (api.getLogVolume as jest.Mock).mock.calls[0][0];
    expect(volumeRequest).toMatchObject({
      view: 'all',
      start: request.start,
      end: request.end,
    });
    // Newest first, as the backend ordered them.
    const rows = within(screen.getByTestId('log-lines')).getAllByRole(
      'listitem',
    );
    expect(rows[0]).toHaveTextContent('handled request 2');
    expect(rows[1]).toHaveTextContent('handled request 1');
  });

  it.each([
    ['errors', {}],
    ['level', { level: 'error' }],
    ['slow', { minDurationMs: 1000 }],
  ] as const)(
    'one click on the %s view asks for it with its defaults',
    async (view, expected) => {
      const api = fakeApi();
      await renderLogs(api);
      await screen.findByText('handled request 2');
      fireEvent.click(
        screen.getByRole('button', { name: LOG_VIEWS[view].title }),
      );
      await waitFor(() =>
        expect(lastRequest(api.getLogs as jest.Mock).view).toBe(view),
      );
      expect(lastRequest(api.getLogs as jest.Mock)).toMatchObject(expected);
      expect(currentParams().get('view')).toBe(view);
    },
  );

  it('the user view asks for a user_id before it fetches', async () => {
    const api = fakeApi();
    await renderLogs(api, { url: '/?view=user' });
    expect(
      await screen.findByText('Enter a user_id to see one user’s lines.'),
    ).toBeInTheDocument();
    expect(api.getLogs).not.toHaveBeenCalled();
    fireEvent.change(screen.getByRole('textbox', { name: 'user_id' }), {
      target: { value: 'user-42' },
    });
    fireEvent.click(
      within(screen.getByRole('form', { name: 'user_id' })).getByRole(
        'button',
        { name: 'Apply' },
      ),
    );
    await waitFor(() => expect(api.getLogs).toHaveBeenCalled());
    expect(lastRequest(api.getLogs as jest.Mock)).toMatchObject({
      view: 'user',
      fields: { user_id: 'user-42' },
    });
  });

  it('the slow view takes another duration_ms threshold', async () => {
    const api = fakeApi();
    await renderLogs(api, { url: '/?view=slow' });
    await screen.findByText('handled request 2');
    fireEvent.change(
      screen.getByRole('spinbutton', { name: 'duration_ms above' }),
      {
        target: { value: '2500' },
      },
    );
    fireEvent.click(
      within(screen.getByRole('form', { name: 'duration_ms above' })).getByRole(
        'button',
        { name: 'Apply' },
      ),
    );
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock).minDurationMs).toBe(2500),
    );
  });

  it('the error count view draws its series instead of lines, without a volume request', async () => {
    const api = fakeApi({
      getLogs: jest.fn(async () =>
        page([], {
          query:
            'sum by (app) (count_over_time({app="festivals-api"} |= "error" [300s]))',
          series: [
            {
              labels: { app: 'festivals-api' },
              points: [
                [1000, 3],
                [1060, 8],
              ],
            },
          ],
        }),
      ),
    });
    await renderLogs(api, { url: '/?view=errorCount' });
    const latest = await screen.findByRole('list', {
      name: 'Error count over time by app latest values',
    });
    expect(latest).toHaveTextContent('festivals-api: 8');
    expect(lastRequest(api.getLogs as jest.Mock).view).toBe('errorCount');
    expect(api.getLogVolume).not.toHaveBeenCalled();
    expect(screen.queryByTestId('log-lines')).not.toBeInTheDocument();
  });
});

describe('LogsContent: filters', () => {
  it('sends text filters literally, whatever characters they hold, and keeps them in the URL', async () => {
    const tricky = 'say "hi" \\ | } `x` .*[';
    const api = fakeApi();
    await renderLogs(api);
    await screen.findByText('handled request 2');
    fireEvent.change(screen.getByLabelText('Line text'), {
      target: { value: tricky },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Contains' }));
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock).contains).toEqual([tricky]),
    );
    fireEvent.change(screen.getByLabelText('Line text'), {
      target: { value: 'health|check' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Does not contain' }));
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock).notContains).toEqual([
        'health|check',
      ]),
    );
    expect(currentParams().getAll('contains')).toEqual([tricky]);
    expect(screen.getByText(`contains “${tricky}”`)).toBeInTheDocument();
  });

  it('reproduces the view and filters of a shared link', async () => {
    const api = fakeApi();
    const params = new URLSearchParams();
    params.set('view', 'level');
    params.set('level', 'warn');
    params.append('contains', 'a"b');
    params.set('fields[path]', '/api/festivals');
    params.set('from', '2026-11-27T10:00:00Z');
    params.set('to', '2026-11-27T10:30:00Z');
    await renderLogs(api, { url: `/?${params}` });
    await waitFor(() => expect(api.getLogs).toHaveBeenCalled());
    expect(lastRequest(api.getLogs as jest.Mock)).toMatchObject({
      view: 'level',
      level: 'warn',
      contains: ['a"b'],
      fields: { path: '/api/festivals' },
      start: Date.UTC(2026, 10, 27, 10, 0) / 1000,
      end: Date.UTC(2026, 10, 27, 10, 30) / 1000,
    });
  });

  it('clicking a request_id adds it as a filter and asks again', async () => {
    const api = fakeApi();
    await renderLogs(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Filter by request_id req-2' }),
    );
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock).fields).toEqual({
        request_id: 'req-2',
      }),
    );
    expect(currentParams().get('fields[request_id]')).toBe('req-2');
    fireEvent.click(
      await screen.findByRole('button', { name: 'Filter by user_id user-1' }),
    );
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock).fields).toEqual({
        request_id: 'req-2',
        user_id: 'user-1',
      }),
    );
  });

  it('adds a field-equals filter from the form', async () => {
    const api = fakeApi();
    await renderLogs(api);
    await screen.findByText('handled request 2');
    fireEvent.change(screen.getByLabelText('Field value'), {
      target: { value: 'abc-123' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock).fields).toEqual({
        request_id: 'abc-123',
      }),
    );
  });
});

describe('LogsContent: lines', () => {
  it('links trace_id to the configured tracing UI, URL-encoded', async () => {
    const api = fakeApi({
      getLogs: async () =>
        page([logLine(1, { trace_id: 'ab/c d' })], {
          links: { traceUrlTemplate: 'https://jaeger.example/trace/{traceId}' },
        }),
    });
    await renderLogs(api);
    expect(
      await screen.findByRole('link', { name: /^Open trace ab\/c d/ }),
    ).toHaveAttribute('href', 'https://jaeger.example/trace/ab%2Fc%20d');
  });

  it('shows trace_id as a filter when no tracing UI is configured', async () => {
    await renderLogs(
      fakeApi({ getLogs: async () => page([logLine(1, { trace_id: 't1' })]) }),
    );
    expect(
      await screen.findByRole('button', { name: 'Filter by trace_id t1' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /^Open trace t1/ }),
    ).not.toBeInTheDocument();
  });

  it('expands a line to every field, its labels and the raw line', async () => {
    await renderLogs(
      fakeApi({
        getLogs: async () => page([logLine(1, { duration_ms: '1234' })]),
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Expand line' }));
    const detail = await screen.findByTestId('log-detail-line-1');
    expect(detail).toHaveTextContent('duration_ms=1234');
    expect(detail).toHaveTextContent('label namespace=festivals-production');
    expect(detail).toHaveTextContent('time: 1764230001000000000 ns');
    expect(
      screen.getByRole('button', { name: 'Collapse line' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows lines without request_id, user_id, trace_id or a level, and filters from them', async () => {
    const job: LogLine = {
      id: 'line-job',
      timestampNs: '1764230005000000000',
      labels: { namespace: 'festivals-production', app: 'festivals-api' },
      level: 'warn',
      message: 'Cache warmed slowly',
      fields: { level: 'warn', msg: 'Cache warmed slowly', cache: 'festivals' },
      line: '{"level":"warn","msg":"Cache warmed slowly","cache":"festivals"}',
    };
    const plain: LogLine = {
      id: 'line-plain',
      timestampNs: '1764230004000000000',
      labels: { namespace: 'festivals-production', app: 'festivals-api' },
      message: 'starting worker pool',
      fields: {},
      line: 'starting worker pool',
    };
    const api = fakeApi({
      getLogs: jest.fn(async () => page([job, plain, logLine(1)])),
    });
    await renderLogs(api);
    const jobRow = await screen.findByTestId('log-line-line-job');
    expect(jobRow).toHaveTextContent('Cache warmed slowly');
    expect(jobRow).toHaveTextContent('cache=festivals');
    expect(jobRow).not.toHaveTextContent('request_id');
    const plainRow = screen.getByTestId('log-line-line-plain');
    expect(plainRow).toHaveTextContent('starting worker pool');
    // No level: a dash, no level button.
    expect(plainRow).toHaveTextContent('–');
    expect(
      within(plainRow).queryByRole('button', { name: /^Filter by level/ }),
    ).toBeNull();
    expect(screen.getByText('3 lines, newest first.')).toBeInTheDocument();

    // Expanded, the line without fields shows its raw text.
    fireEvent.click(
      within(plainRow).getByRole('button', { name: 'Expand line' }),
    );
    expect(
      await screen.findByTestId('log-detail-line-plain'),
    ).toHaveTextContent('line: starting worker pool');

    // Filters from such a line ask only for what it has.
    fireEvent.click(
      within(jobRow).getByRole('button', { name: 'Filter by level warn' }),
    );
    await waitFor(() => expect(currentParams().get('level')).toBe('warn'));
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock)).toMatchObject({
        level: 'warn',
      }),
    );
    expect(lastRequest(api.getLogs as jest.Mock).fields ?? {}).toEqual({});
  });

  it('loads older lines with the cursor and appends them without duplicates', async () => {
    const getLogs = jest.fn(async (request: LogsRequest) =>
      request.cursor === 'cursor-1'
        ? page([logLine(3), logLine(2)])
        : page([logLine(5), logLine(4), logLine(3)], {
            nextCursor: 'cursor-1',
          }),
    );
    await renderLogs(fakeApi({ getLogs }));
    fireEvent.click(await screen.findByRole('button', { name: 'Load older' }));
    await waitFor(() =>
      expect(screen.getByText('handled request 2')).toBeInTheDocument(),
    );
    expect(lastRequest(getLogs)).toMatchObject({
      cursor: 'cursor-1',
      view: 'all',
    });
    const rows = within(screen.getByTestId('log-lines')).getAllByRole(
      'listitem',
    );
    expect(rows.map(r => r.getAttribute('data-testid'))).toEqual([
      'log-line-line-5',
      'log-line-line-4',
      'log-line-line-3',
      'log-line-line-2',
    ]);
    expect(screen.getByText('4 lines, newest first.')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Load older' }),
    ).not.toBeInTheDocument();
  });
});

describe('LogsContent: volume chart', () => {
  // Recharts reports the bar under the pointer from the last (throttled) mouse move, as in a
  // browser where the pointer always moves onto a bar before pressing. The chart is 800 px wide
  // in jsdom (nothing is measured there); its 5 bars span x = 56…784, about 146 px each.
  const settle = () => act(() => new Promise(r => setTimeout(r, 50)));
  async function press(wrapper: Element, from: number, to: number) {
    fireEvent.mouseMove(wrapper, { clientX: from, clientY: 60 });
    await settle();
    fireEvent.mouseDown(wrapper, { clientX: from, clientY: 60 });
    fireEvent.mouseMove(wrapper, { clientX: to, clientY: 60 });
    await settle();
    fireEvent.mouseUp(wrapper, { clientX: to, clientY: 60 });
  }

  it('a click on a bar narrows the range to that bar (URL and request)', async () => {
    const api = fakeApi();
    await renderLogs(api, { url: '/?range=6h&view=errors' });
    const chart = await screen.findByTestId('logs-volume');
    await press(chart.querySelector('.recharts-wrapper')!, 300, 300);
    // The second bar is at 1120 and counts the minute before it.
    await waitFor(() =>
      expect(currentParams().get('from')).toBe('1970-01-01T00:17:40Z'),
    );
    expect(currentParams().get('to')).toBe('1970-01-01T00:18:40Z');
    expect(currentParams().get('range')).toBeNull();
    expect(currentParams().get('view')).toBe('errors');
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock)).toMatchObject({
        view: 'errors',
        start: 1060,
        end: 1120,
      }),
    );
  });

  it('a drag across bars narrows the range to the dragged span', async () => {
    const api = fakeApi();
    await renderLogs(api);
    const chart = await screen.findByTestId('logs-volume');
    await press(chart.querySelector('.recharts-wrapper')!, 600, 250);
    await waitFor(() =>
      expect(lastRequest(api.getLogs as jest.Mock)).toMatchObject({
        start: 1060,
        end: 1240,
      }),
    );
    expect(currentParams().get('from')).toBe('1970-01-01T00:17:40Z');
    expect(currentParams().get('to')).toBe('1970-01-01T00:20:40Z');
  });
});

describe('LogsContent: faults', () => {
  it.each([
    [
      503,
      'ServiceUnavailableError',
      'Loki "local" rejected the query (400): parse error at line 1, col 19: syntax error: unexpected IDENTIFIER',
    ],
    [
      503,
      'ServiceUnavailableError',
      'Loki "local" is rate limiting (429) after one retry; wait a moment and try again.',
    ],
    [
      503,
      'ServiceUnavailableError',
      'Loki "local" did not answer within 30 s. Try a shorter time range or a narrower filter.',
    ],
    [
      503,
      'ServiceUnavailableError',
      'Loki "local" at http://127.0.0.1:3100 is unreachable (ECONNREFUSED).',
    ],
    [400, 'InputError', 'Invalid request: minDurationMs: Expected number'],
  ])('shows the backend’s %d message: %s', async (status, name, message) => {
    const error = await responseError(status, name, message);
    await renderLogs(fakeApi({ getLogs: async () => Promise.reject(error) }));
    expect(await screen.findByText(message)).toBeInTheDocument();
  });

  it('keeps the lines when only the volume fails', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'volume timed out',
    );
    await renderLogs(
      fakeApi({ getLogVolume: async () => Promise.reject(error) }),
    );
    expect(await screen.findByText('handled request 2')).toBeInTheDocument();
    expect(
      await screen.findByText('Log volume unavailable: volume timed out'),
    ).toBeInTheDocument();
  });
});
