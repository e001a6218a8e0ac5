import {
  AlignedRange,
  formatDuration,
  formatMatchers,
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

/** Prometheus' default look-back: a gauge's newest sample is found within it. */
const LOOKBACK_SECONDS = 300;

/**
 * How far back "does the entity export this metric at all" looks: longer than any range the
 * panels accept (90 days is the route's limit, Prometheus keeps 15 days by default), so a
 * metric missing from the range for an outage is never called "not exported".
 */
const EXPORTED_LOOKBACK_SECONDS = 91 * 86400;

/**
 * Marks `exported: false` on the panels that came back without a series and whose metrics the
 * entity has none of, in the whole look-back: one index lookup for all panels (which metric
 * names carry the entity's labels) up to now, aligned to the hour so views share it. When the lookup
 * fails the panels stay undecided (they then say "No data in this range"): never "not
 * exported" on a guess.
 */
async function markNotExported(
  results: PanelResult[],
  panels: PanelDefinition[],
  options: {
    prometheus: PrometheusQueries;
    instance: PrometheusInstance;
    matchers: LabelMatcher[];
  },
): Promise<PanelResult[]> {
  const empty = results.filter(
    (r, i) => r.series?.length === 0 && panels[i].metrics?.length,
  );
  if (!empty.length) return results;
  // Up to now, whatever the range: a metric the service exports today is exported, even on a
  // range from before its first deploy (that range has "no data").
  const end = Math.ceil(Date.now() / 1000 / 3600) * 3600;
  let names: Set<string>;
  try {
    names = new Set(
      await options.prometheus.labelValues(options.instance, {
        label: '__name__',
        match: `{${formatMatchers(options.matchers)}}`,
        start: end - EXPORTED_LOOKBACK_SECONDS,
        end,
      }),
    );
  } catch (e) {
    if (e instanceof UpstreamRequestError) return results;
    throw e;
  }
  return results.map((r, i) => {
    const metrics = panels[i].metrics ?? [];
    const exported = metrics.length === 0 || metrics.some(m => names.has(m));
    return r.series?.length === 0 && !exported ? { ...r, exported: false } : r;
  });
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
    gaugeWindow:
      !panel.instant && range.step > LOOKBACK_SECONDS
        ? formatDuration(range.step)
        : undefined,
  });
  const results = await Promise.all(
    panels.map(async panel => {
      const query = panel.query(scopeOf(panel));
      const base: PanelResult = {
        id: panel.id,
        title: panel.title,
        description: panel.description,
        kind: panel.kind,
        unit: panel.unit,
        thresholds: panel.thresholds,
        ...(panel.limitSeries ? { limitSeries: panel.limitSeries } : {}),
        ...(panel.slo ? { slo: panel.slo } : {}),
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
  return markNotExported(results, panels, {
    prometheus,
    instance,
    matchers,
  });
}
