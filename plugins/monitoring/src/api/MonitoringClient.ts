import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  HealthResponse,
  PanelsResponse,
} from '@internal/plugin-monitoring-common';
import { MonitoringApi, PanelsRequest } from './MonitoringApi';

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
    return this.get<PanelsResponse>('panels', params);
  }

  async getHealth(request: { entityRef: string }): Promise<HealthResponse> {
    return this.get<HealthResponse>(
      'health',
      new URLSearchParams({ entityRef: request.entityRef }),
    );
  }

  private async get<T>(path: string, params: URLSearchParams): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('monitoring');
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}?${params}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
