import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AlertsResponse,
  CreateSilenceRequest,
  CreateSilenceResponse,
  RulesResponse,
  SilencesResponse,
} from '@internal/plugin-monitoring-common';
import { AlertsApi } from './AlertsApi';

/** {@link AlertsApi} over the monitoring backend's HTTP API. @public */
export class AlertsClient implements AlertsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getAlerts(entityRef: string): Promise<AlertsResponse> {
    return this.get('alerts', entityRef);
  }

  getRules(entityRef: string): Promise<RulesResponse> {
    return this.get('rules', entityRef);
  }

  getSilences(entityRef: string): Promise<SilencesResponse> {
    return this.get('silences', entityRef);
  }

  async createSilence(
    request: CreateSilenceRequest,
  ): Promise<CreateSilenceResponse> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}/silences`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as CreateSilenceResponse;
  }

  async expireSilence(entityRef: string, silenceId: string): Promise<void> {
    const params = new URLSearchParams({ entityRef });
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}/silences/${encodeURIComponent(
        silenceId,
      )}?${params}`,
      { method: 'DELETE' },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('monitoring');
  }

  private async get<T>(path: string, entityRef: string): Promise<T> {
    const params = new URLSearchParams({ entityRef });
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}/${path}?${params}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
