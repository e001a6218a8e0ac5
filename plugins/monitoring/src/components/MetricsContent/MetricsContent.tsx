import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PROMETHEUS_JOB,
  isMonitoringAvailable,
} from '@internal/plugin-monitoring-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useMeasure from 'react-use/esm/useMeasure';
import { monitoringApiRef } from '../../api';
import { ChartWindow, PanelCard, PanelSelectionActions } from '../PanelCard';
import { zoomOutWindow } from '../PanelCard/chartWindow';
import { NotExported } from './NotExported';
import { formatRangeLine } from '../../format';
import { usePolling, useTimeZone } from '../../hooks';
import { resolveRange, TimeRangePicker, useTimeRange } from '../TimeRange';
import { PivotActions } from './PivotActions';
import { SloSection } from './SloSection';
import { useLogsTabPath } from './useLogsTabPath';

/** Chart width → points per series, in 100 px buckets so a small resize does not refetch. */
function pointsForWidth(gridWidth: number): number {
  const chartWidth = gridWidth >= 960 ? gridWidth / 2 : gridWidth;
  return Math.max(100, Math.floor(chartWidth / 100) * 100);
}

const hasResizeObserver =
  typeof window !== 'undefined' && 'ResizeObserver' in window;

/** The entity's Metrics tab: the seed's dashboards, one range for the page, kept in the URL. */
export const MetricsContent = () => {
  const { entity } = useEntity();
  const api = useApi(monitoringApiRef);
  const { range, setRange, refreshMs, setRefreshMs } = useTimeRange();
  const [tick, setTick] = useState(0);
  const [measureRef, { width }] = useMeasure<HTMLDivElement>();
  const available = isMonitoringAvailable(entity);
  const entityRef = stringifyEntityRef(entity);
  const measured = width > 0 || !hasResizeObserver;
  const maxDataPoints = width > 0 ? pointsForWidth(width) : 600;
  const logsPath = useLogsTabPath();
  const [searchParams] = useSearchParams();
  const { zone } = useTimeZone();
  // A zoom writes the absolute range to the URL, as the range picker does.
  const zoomTo = (w: ChartWindow) =>
    setRange({
      kind: 'absolute',
      start: Math.floor(w.start),
      end: Math.ceil(w.end),
    });
  const pivot: PanelSelectionActions = (panel, window, zoomed) => (
    <PivotActions
      panel={panel}
      window={window}
      logsPath={logsPath}
      zoomed={zoomed}
      onZoom={zoomTo}
      onZoomOut={w => zoomTo(zoomOutWindow(w, Date.now() / 1000))}
    />
  );

  // Auto-refresh (the picker's choice) only while someone can see the page.
  usePolling(() => setTick(t => t + 1), refreshMs);

  // The requested range travels with the answer: the charts' axis is what the reader asked for
  // (a relative range ends now), not the backend's step-aligned start/end.
  const { value, loading, error } = useAsync(async () => {
    if (!available || !measured) return undefined;
    const { start, end } = resolveRange(range, Date.now());
    const response = await api.getPanels({
      entityRef,
      start,
      end,
      maxDataPoints,
    });
    return { ...response, requested: { start, end, step: response.step } };
  }, [api, entityRef, range, maxDataPoints, available, measured, tick]);

  // `?panel=<id>` (the health card's figures link here): bring that panel into view once drawn.
  const focusedPanel = searchParams.get('panel') ?? undefined;
  const panelsDrawn = Boolean(value);
  useEffect(() => {
    if (!focusedPanel || !panelsDrawn) return;
    document
      .getElementById(`panel-${focusedPanel}`)
      ?.scrollIntoView?.({ block: 'start' });
  }, [focusedPanel, panelsDrawn]);

  if (!available) {
    return (
      <MissingAnnotationEmptyState annotation={ANNOTATION_PROMETHEUS_JOB} />
    );
  }

  return (
    <div ref={measureRef}>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <TimeRangePicker
            range={range}
            onRangeChange={setRange}
            refreshMs={refreshMs}
            onRefreshChange={setRefreshMs}
          />
          {value && (
            <Typography
              variant="caption"
              color="textSecondary"
              data-testid="metrics-range"
            >
              {formatRangeLine(
                { ...value, ...value.requested, step: value.step },
                zone,
              )}
            </Typography>
          )}
        </Grid>
        {loading && !value && (
          <Grid item xs={12}>
            <Progress />
          </Grid>
        )}
        {error && (
          <Grid item xs={12}>
            <ResponseErrorPanel error={error} title="Could not load metrics" />
          </Grid>
        )}
        {value && (
          <NotExported panels={value.panels.filter(panel => !panel.slo)} />
        )}
        {value?.alertPeriodsError && (
          <Grid item xs={12}>
            <Typography
              variant="caption"
              color="textSecondary"
              data-testid="metrics-alert-periods-error"
            >
              {value.alertPeriodsError}
            </Typography>
          </Grid>
        )}
        {value?.panels
          .filter(panel => !panel.slo && panel.exported !== false)
          .map(panel => (
            <Grid
              item
              xs={12}
              md={6}
              key={panel.id}
              id={`panel-${panel.id}`}
              data-focused={panel.id === focusedPanel ? 'true' : undefined}
            >
              <PanelCard
                panel={panel}
                range={value.requested}
                selectionActions={pivot}
                onZoom={zoomTo}
              />
            </Grid>
          ))}
        {value && (
          <SloSection
            panels={value.panels.filter(panel => panel.slo)}
            errors={value.sloErrors}
            range={value.requested}
            onZoom={zoomTo}
          />
        )}
      </Grid>
    </div>
  );
};
