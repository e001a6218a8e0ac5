import { PrometheusInstance, PrometheusRequestError } from './PrometheusClient';

/** An alerting rule as Prometheus' `/api/v1/rules` returns it. */
export interface PrometheusAlertingRule {
  type: 'alerting';
  name: string;
  query: string;
  /** `for`, seconds. */
  duration: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  alerts?: Array<{
    labels: Record<string, string>;
    state: 'pending' | 'firing';
    activeAt?: string;
  }>;
  state: 'inactive' | 'pending' | 'firing';
  health: string;
  lastError?: string;
  lastEvaluation?: string;
}

export interface PrometheusRuleGroup {
  name: string;
  file: string;
  rules: PrometheusAlertingRule[];
}

/**
 * Reads the alerting rules of one Prometheus instance (`GET /api/v1/rules?type=alert`), with the
 * instance's headers and timeout. Kept beside PrometheusClient (which only runs queries) so the
 * Alerts tab does not touch the Metrics code path; errors read like PrometheusClient's.
 */
export async function fetchAlertingRules(
  instance: PrometheusInstance,
): Promise<PrometheusRuleGroup[]> {
  const where = `Prometheus at ${instance.baseUrl}`;
  let response: Response;
  try {
    response = await fetch(`${instance.baseUrl}/api/v1/rules?type=alert`, {
      headers: { ...instance.headers, Accept: 'application/json' },
      signal: AbortSignal.timeout(instance.timeoutMs),
    });
  } catch (e) {
    const error = e as Error & { cause?: { code?: string } };
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      throw new PrometheusRequestError(
        `${where} did not answer within ${
          instance.timeoutMs / 1000
        }s while listing rules. Retry in a moment.`,
      );
    }
    const code = error.cause?.code ? ` (${error.cause.code})` : '';
    throw new PrometheusRequestError(
      `${where} is unreachable${code}. Check that it is running and that monitoring.prometheus.instances has the right baseUrl.`,
    );
  }
  let body: any;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const detail = body?.error ? `: ${body.error}` : '';
    const hint =
      response.status === 401 || response.status === 403
        ? ". Check the instance's headers/tenant in monitoring.prometheus.instances."
        : '';
    throw new PrometheusRequestError(
      `${where} answered ${response.status} listing rules${detail}${hint}`,
      response.status,
    );
  }
  if (body?.status !== 'success' || !Array.isArray(body?.data?.groups)) {
    throw new PrometheusRequestError(
      `${where} returned a malformed rules response (expected Prometheus API JSON). Check that baseUrl points at the Prometheus HTTP API.`,
      response.status,
    );
  }
  return (body.data.groups as PrometheusRuleGroup[]).map(g => ({
    ...g,
    rules: (g.rules ?? []).filter(r => r.type === 'alerting'),
  }));
}
