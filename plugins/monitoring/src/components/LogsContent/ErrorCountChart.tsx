import {
  LOG_VIEWS,
  LogsResponse,
  PanelResult,
} from '@internal/plugin-monitoring-common';
import Typography from '@material-ui/core/Typography';
import { TimeSeriesChart } from '../PanelCard';
import { chartStep } from '../PanelCard/chartWindow';

/** The `errorCount` view's series as a panel, so it is drawn like the Metrics charts. */
export function errorCountPanel(response: LogsResponse): PanelResult {
  return {
    id: 'logs-error-count',
    title: LOG_VIEWS.errorCount.title,
    description: 'Lines containing "error" per app',
    kind: 'timeseries',
    unit: 'count',
    query: response.query,
    series: (response.series ?? []).map(s => ({
      name: s.labels.app ?? JSON.stringify(s.labels),
      labels: s.labels,
      points: s.points,
    })),
  };
}

/** The `errorCount` view: a metric query, drawn as lines over time instead of log lines. */
export const ErrorCountChart = ({ response }: { response: LogsResponse }) => {
  const panel = errorCountPanel(response);
  if (!panel.series?.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No lines containing “error” in this range.
      </Typography>
    );
  }
  const times = panel.series.flatMap(s => s.points.map(([t]) => t));
  return (
    <TimeSeriesChart
      panel={panel}
      range={{
        start: response.start,
        end: response.end,
        step: chartStep([...new Set(times)].sort((a, b) => a - b)),
      }}
    />
  );
};
