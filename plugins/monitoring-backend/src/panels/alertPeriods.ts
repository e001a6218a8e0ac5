import { Entity } from '@backstage/catalog-model';
import {
  AlertPeriod,
  AlignedRange,
  alertPeriodsFromSeries,
  firingAlertsQuery,
  PanelResult,
  panelAlertPeriods,
} from '@internal/plugin-monitoring-common';
import {
  PrometheusInstance,
  UpstreamRequestError,
} from '@internal/plugin-monitoring-node';
import { PrometheusQueries } from '../services/PrometheusQueryCache';

/**
 * When the entity's alerts fired within the range, from Prometheus' `ALERTS` series on the
 * panels' own grid (one cached query for the page), or why that could not be read.
 */
export async function readAlertPeriods(options: {
  prometheus: PrometheusQueries;
  instance: PrometheusInstance;
  entity: Entity;
  range: AlignedRange;
  /** Aborted when the viewer is denied (or every viewer of a shared answer has gone). */
  signal?: AbortSignal;
}): Promise<{ periods: AlertPeriod[] } | { error: string }> {
  const { prometheus, instance, entity, range, signal } = options;
  try {
    const response = await prometheus.queryRange(instance, {
      query: firingAlertsQuery(entity, range.step),
      ...range,
      signal,
    });
    if (response.data.resultType !== 'matrix') return { periods: [] };
    const series = response.data.result.map(r => ({
      labels: r.metric,
      points: r.values.map(
        ([t, v]) =>
          [t, Number.isFinite(Number(v)) ? Number(v) : null] as [
            number,
            number | null,
          ],
      ),
    }));
    return { periods: alertPeriodsFromSeries(series, range.step) };
  } catch (e) {
    if (e instanceof UpstreamRequestError) return { error: e.message };
    throw e;
  }
}

/** Each time-series panel with the periods of the alerts about it (by `ALERT_PANELS`). */
export function withAlertPeriods(
  panels: PanelResult[],
  periods: AlertPeriod[],
): PanelResult[] {
  return panels.map(panel => {
    if (panel.kind !== 'timeseries') return panel;
    const own = panelAlertPeriods(periods, panel.id);
    return own.length ? { ...panel, alertPeriods: own } : panel;
  });
}
