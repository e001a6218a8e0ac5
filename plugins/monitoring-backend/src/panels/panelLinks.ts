import { Config } from '@backstage/config';
import {
  AlignedRange,
  LabelMatcher,
  PanelDashboard,
  PanelLinks,
} from '@internal/plugin-monitoring-common';

/** Grafana dashboards of the seed, by panel dashboard, from `monitoring.grafana`. */
export interface GrafanaLinks {
  baseUrl: string;
  dashboards: Partial<Record<PanelDashboard, string>>;
  /** UID of Grafana's Loki data source, for "Open in Grafana Explore" on the Logs tab. */
  lokiDatasourceUid?: string;
}

export function readGrafanaLinks(config: Config): GrafanaLinks | undefined {
  const grafana = config.getOptionalConfig('monitoring.grafana');
  if (!grafana) return undefined;
  const dashboards = grafana.getOptionalConfig('dashboards');
  return {
    baseUrl: grafana.getString('baseUrl').replace(/\/+$/, ''),
    dashboards: {
      overview: dashboards?.getOptionalString('overview'),
      'api-performance': dashboards?.getOptionalString('apiPerformance'),
    },
    lokiDatasourceUid: grafana.getOptionalString('lokiDatasourceUid'),
  };
}

function utc(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * "Open in Prometheus": the classic graph page with the panel's query, range and end time
 * (`/graph?g0.*`, which Prometheus 2 serves and Prometheus 3 redirects to its query page).
 */
export function prometheusGraphUrl(
  publicUrl: string,
  query: string,
  range: AlignedRange,
): string {
  const params = new URLSearchParams({
    'g0.expr': query,
    'g0.tab': '0',
    'g0.range_input': `${range.end - range.start}s`,
    'g0.end_input': utc(range.end),
    'g0.step_input': String(range.step),
  });
  return `${publicUrl}/graph?${params}`;
}

/** "Open in Grafana": the seed dashboard with the entity's variables and the same range. */
export function grafanaDashboardUrl(
  grafana: GrafanaLinks,
  dashboard: PanelDashboard | undefined,
  matchers: LabelMatcher[],
  range: AlignedRange,
): string | undefined {
  const uid = dashboard && grafana.dashboards[dashboard];
  if (!uid) return undefined;
  const params = new URLSearchParams({
    from: String(range.start * 1000),
    to: String(range.end * 1000),
  });
  for (const m of matchers) params.append(`var-${m.name}`, m.value);
  return `${grafana.baseUrl}/d/${encodeURIComponent(uid)}?${params}`;
}

export function panelLinks(options: {
  prometheusPublicUrl?: string;
  grafana?: GrafanaLinks;
  dashboard?: PanelDashboard;
  query: string;
  matchers: LabelMatcher[];
  range: AlignedRange;
}): PanelLinks | undefined {
  const links: PanelLinks = {};
  if (options.prometheusPublicUrl) {
    links.prometheus = prometheusGraphUrl(
      options.prometheusPublicUrl,
      options.query,
      options.range,
    );
  }
  if (options.grafana) {
    links.grafana = grafanaDashboardUrl(
      options.grafana,
      options.dashboard,
      options.matchers,
      options.range,
    );
  }
  return links.prometheus || links.grafana ? links : undefined;
}
