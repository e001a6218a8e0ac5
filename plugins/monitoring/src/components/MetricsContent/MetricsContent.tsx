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
import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useMeasure from 'react-use/esm/useMeasure';
import { monitoringApiRef } from '../../api';
import { PanelCard } from '../PanelCard';
import {
  resolveRange,
  TimeRangePicker,
  usePageVisible,
  useTimeRange,
} from '../TimeRange';

/** Chart width → points per series, in 100 px buckets so a small resize does not refetch. */
function pointsForWidth(gridWidth: number): number {
  const chartWidth = gridWidth >= 960 ? gridWidth / 2 : gridWidth;
  return Math.max(100, Math.floor(chartWidth / 100) * 100);
}

const hasResizeObserver =
  typeof window !== 'undefined' && 'ResizeObserver' in window;

function formatUtc(seconds: number): string {
  return DateTime.fromSeconds(seconds, { zone: 'utc' }).toFormat(
    'yyyy-LL-dd HH:mm:ss',
  );
}

/** The entity's Metrics tab: the seed's dashboards, one range for the page, kept in the URL. */
export const MetricsContent = () => {
  const { entity } = useEntity();
  const api = useApi(monitoringApiRef);
  const { range, setRange, refreshMs, setRefreshMs } = useTimeRange();
  const visible = usePageVisible();
  const [tick, setTick] = useState(0);
  const [measureRef, { width }] = useMeasure<HTMLDivElement>();
  const available = isMonitoringAvailable(entity);
  const entityRef = stringifyEntityRef(entity);
  const measured = width > 0 || !hasResizeObserver;
  const maxDataPoints = width > 0 ? pointsForWidth(width) : 600;

  // Auto-refresh only while someone can see the page.
  useEffect(() => {
    if (!refreshMs || !visible) return undefined;
    const timer = setInterval(() => setTick(t => t + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, visible]);

  const { value, loading, error } = useAsync(async () => {
    if (!available || !measured) return undefined;
    const { start, end } = resolveRange(range, Date.now());
    return api.getPanels({ entityRef, start, end, maxDataPoints });
  }, [api, entityRef, range, maxDataPoints, available, measured, tick]);

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
              {formatUtc(value.start)} – {formatUtc(value.end)} UTC, one point
              every {value.step}s, from Prometheus “{value.prometheus}”
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
        {value?.panels.map(panel => (
          <Grid item xs={12} md={6} key={panel.id}>
            <PanelCard panel={panel} />
          </Grid>
        ))}
      </Grid>
    </div>
  );
};
