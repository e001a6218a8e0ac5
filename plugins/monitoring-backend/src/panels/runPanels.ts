import {
  AlignedRange,
  PanelDefinition,
  PanelResult,
  PanelSeries,
  LabelMatcher,
  panelRateWindow,
  rateInterval,
} from '@internal/plugin-monitoring-common';
import {
  PrometheusData,
  PrometheusInstance,
  UpstreamRequestError,
} from '@internal/plugin-monitoring-node';
import { PrometheusQueries } from '../services/PrometheusQueryCache';
import { GrafanaLinks, panelLinks } from './panelLinks';

function toNumber(value: string): number | null {
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function seriesName(
  panel: PanelDefinition,
  metric: Record<string, string>,
): string {
  return (panel.legendLabel && metric[panel.legendLabel]) || panel.title;
}

/** Prometheus matrix/vector → the panel's series, one point per sample. */
export function toSeries(
  panel: PanelDefinition,
  data: PrometheusData,
): PanelSeries[] {
  switch (data.resultType) {
    case 'matrix':
      return data.result.map(r => ({
        name: seriesName(panel, r.metric),
        labels: r.metric,
        points: r.values.map(
          ([t, v]) => [t, toNumber(v)] as [number, number | null],
        ),
      }));
    case 'vector':
      return data.result.map(r => ({
        name: seriesName(panel, r.metric),
        labels: r.metric,
        points: [[r.value[0], toNumber(r.value[1])]],
      }));
    default:
      return [
        {
          name: panel.title,
          labels: {},
          points: [[data.result[0], toNumber(data.result[1])]],
        },
      ];
  }
}

/**
 * Runs the given panels for one entity in parallel; each result carries its own data or its own
 * error, so one failing query never blanks the others.
 */
export async function runPanels(options: {
  prometheus: PrometheusQueries;
  instance: PrometheusInstance;
  matchers: LabelMatcher[];
  panels: PanelDefinition[];
  range: AlignedRange;
  /** Unix seconds stats and tables are evaluated at: the end of the requested range. */
  instantTime: number;
  /** Cancels the queries (the user turned out not to be allowed). */
  signal?: AbortSignal;
  grafana?: GrafanaLinks;
}): Promise<PanelResult[]> {
  const { prometheus, instance, matchers, panels, range, grafana } = options;
  const scrapeSeconds = instance.scrapeIntervalSeconds;
  const scopeOf = (panel: PanelDefinition) => ({
    matchers,
    rateWindow: panelRateWindow({
      mode: instance.rateWindow,
      stepSeconds: range.step,
      scrapeSeconds,
      instant: panel.instant,
    }),
    rateInterval: rateInterval(range.step, scrapeSeconds),
  });
  return Promise.all(
    panels.map(async panel => {
      const query = panel.query(scopeOf(panel));
      const base: PanelResult = {
        id: panel.id,
        title: panel.title,
        description: panel.description,
        kind: panel.kind,
        unit: panel.unit,
        thresholds: panel.thresholds,
        query,
        links: panelLinks({
          prometheusPublicUrl: instance.publicUrl,
          grafana,
          dashboard: panel.dashboard,
          query,
          matchers,
          range,
        }),
      };
      try {
        const response = panel.instant
          ? await prometheus.query(instance, {
              query,
              time: options.instantTime,
              signal: options.signal,
            })
          : await prometheus.queryRange(instance, {
              query,
              ...range,
              signal: options.signal,
            });
        return {
          ...base,
          series: toSeries(panel, response.data),
          warnings: response.warnings.length ? response.warnings : undefined,
        };
      } catch (e) {
        if (e instanceof UpstreamRequestError) {
          return {
            ...base,
            error: {
              upstream: 'prometheus' as const,
              message: e.message,
              status: e.status,
            },
          };
        }
        throw e;
      }
    }),
  );
}
