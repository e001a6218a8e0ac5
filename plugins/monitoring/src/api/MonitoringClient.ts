import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AlertsResponse,
  CreateSilenceRequest,
  CreateSilenceResponse,
  DiagnosticsResponse,
  HealthResponse,
  LOG_FIELDS,
  LogsRequest,
  LogsResponse,
  LogVolumeResponse,
  PanelsResponse,
  RulesResponse,
  SilencesResponse,
  TeamRunbooksResponse,
} from '@internal/plugin-monitoring-common';
import {
  DiagnosticsRequest,
  LogVolumeRequest,
  MonitoringApi,
  PanelsRequest,
} from './MonitoringApi';

/**
 * The query string of `/logs` and `/logs/volume`: text filters as repeated parameters and
 * field filters in bracket notation (`fields[request_id]=…`), so any character survives as is.
 */
function logsParams(request: LogsRequest): URLSearchParams {
  const params = new URLSearchParams({
    entityRef: request.entityRef,
    view: request.view,
    start: String(Math.floor(request.start)),
    end: String(Math.ceil(request.end)),
  });
  if (request.limit !== undefined) params.set('limit', String(request.limit));
  if (request.cursor !== undefined) params.set('cursor', request.cursor);
  if (request.level !== undefined) params.set('level', request.level);
  if (request.minDurationMs !== undefined)
    params.set('minDurationMs', String(request.minDurationMs));
  for (const text of request.contains ?? []) params.append('contains', text);
  for (const text of request.notContains ?? [])
    params.append('notContains', text);
  for (const field of LOG_FIELDS) {
    const value = request.fields?.[field];
    if (value !== undefined) params.set(`fields[${field}]`, value);
  }
  return params;
}

/** {@link MonitoringApi} over the monitoring backend's HTTP API. @public */
export class MonitoringClient implements MonitoringApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getPanels(request: PanelsRequest): Promise<PanelsResponse> {
    const params = new URLSearchParams({
      entityRef: request.entityRef,
      start: String(Math.floor(request.start)),
      end: String(Math.floor(request.end)),
    });
    if (request.panelIds?.length)
      params.set('panels', request.panelIds.join(','));
    if (request.maxDataPoints) {
      params.set(
        'maxDataPoints',
        String(Math.max(1, Math.round(request.maxDataPoints))),
      );
    }
    return this.get('panels', params);
  }

  getHealth(request: { entityRef: string }): Promise<HealthResponse> {
    return this.get(
      'health',
      new URLSearchParams({ entityRef: request.entityRef }),
    );
  }

  getAlerts(entityRef: string): Promise<AlertsResponse> {
    return this.get('alerts', new URLSearchParams({ entityRef }));
  }

  getRules(entityRef: string): Promise<RulesResponse> {
    return this.get('rules', new URLSearchParams({ entityRef }));
  }

  getSilences(entityRef: string): Promise<SilencesResponse> {
    return this.get('silences', new URLSearchParams({ entityRef }));
  }

  async createSilence(
    request: CreateSilenceRequest,
  ): Promise<CreateSilenceResponse> {
    const response = await this.request('silences', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    return (await response.json()) as CreateSilenceResponse;
  }

  async expireSilence(entityRef: string, silenceId: string): Promise<void> {
    const params = new URLSearchParams({ entityRef });
    await this.request(`silences/${encodeURIComponent(silenceId)}?${params}`, {
      method: 'DELETE',
    });
  }

  getLogs(request: LogsRequest): Promise<LogsResponse> {
    return this.get('logs', logsParams(request));
  }

  getLogVolume(request: LogVolumeRequest): Promise<LogVolumeResponse> {
    const params = logsParams(request);
    if (request.maxDataPoints) {
      params.set(
        'maxDataPoints',
        String(Math.max(1, Math.round(request.maxDataPoints))),
      );
    }
    return this.get('logs/volume', params);
  }

  getDiagnostics(request: DiagnosticsRequest): Promise<DiagnosticsResponse> {
    const params = new URLSearchParams({ entityRef: request.entityRef });
    // One `step=pods,events` list: the backend splits it; absent means every kind.
    if (request.steps?.length)
      params.set('step', [...new Set(request.steps)].join(','));
    return this.get('diagnostics', params);
  }

  getTeamRunbooks(entityRef: string): Promise<TeamRunbooksResponse> {
    return this.get('runbooks', new URLSearchParams({ entityRef }));
  }

  private async get<T>(path: string, params: URLSearchParams): Promise<T> {
    const response = await this.request(`${path}?${params}`);
    return (await response.json()) as T;
  }

  /** The one place that talks HTTP: backend URL, signed-in fetch, errors as ResponseError. */
  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('monitoring');
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}
