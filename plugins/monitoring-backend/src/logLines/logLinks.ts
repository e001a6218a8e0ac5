import { Config } from '@backstage/config';
import { LogLinks } from '@internal/plugin-monitoring-common';
import { GrafanaLinks } from '../panels/panelLinks';

/** Where a trace id links to, from `monitoring.tracing.traceUrlTemplate`. */
export function readTraceUrlTemplate(config: Config): string | undefined {
  const template = config.getOptionalString(
    'monitoring.tracing.traceUrlTemplate',
  );
  if (template === undefined) return undefined;
  if (!template.includes('{traceId}') || !URL.canParse(template)) {
    throw new Error(
      `monitoring.tracing.traceUrlTemplate must be a URL containing {traceId}, got '${template}'`,
    );
  }
  return template;
}

/**
 * Grafana Explore with the LogQL in its Loki data source over the same range (the
 * `schemaVersion=1&panes=` URL of Grafana 10+; one pane, absolute range in ms).
 */
export function grafanaExploreUrl(
  grafana: GrafanaLinks,
  datasourceUid: string,
  expr: string,
  range: { start: number; end: number },
): string {
  const panes = {
    logs: {
      datasource: datasourceUid,
      queries: [
        {
          refId: 'A',
          datasource: { type: 'loki', uid: datasourceUid },
          expr,
          queryType: 'range',
        },
      ],
      range: {
        from: String(Math.floor(range.start * 1000)),
        to: String(Math.ceil(range.end * 1000)),
      },
    },
  };
  const params = new URLSearchParams({
    schemaVersion: '1',
    panes: JSON.stringify(panes),
  });
  return `${grafana.baseUrl}/explore?${params}`;
}

export function logLinks(options: {
  grafana?: GrafanaLinks;
  traceUrlTemplate?: string;
  query: string;
  range: { start: number; end: number };
}): LogLinks {
  const { grafana, traceUrlTemplate } = options;
  return {
    ...(grafana?.lokiDatasourceUid && {
      grafanaExplore: grafanaExploreUrl(
        grafana,
        grafana.lokiDatasourceUid,
        options.query,
        options.range,
      ),
    }),
    ...(traceUrlTemplate && { traceUrlTemplate }),
  };
}
