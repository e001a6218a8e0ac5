import { InfoCard, Link, WarningPanel } from '@backstage/core-components';
import { PanelResult } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Button from '@material-ui/core/Button';
import { ReactNode, useState } from 'react';
import { formatChartTooltip } from '../../format';
import { useTimeZone } from '../../hooks';
import { ChartRange } from './chartRange';
import { ChartWindow } from './chartWindow';
import { EndpointTable } from './EndpointTable';
import { hasOnlyEmptyPoints } from './series';
import { StatValue } from './StatValue';
import { TimeSeriesChart } from './TimeSeriesChart';

/**
 * What a chart offers for a window the reader picked on it; `zoomed` when the page has just
 * zoomed to it (a drag), not when a point was clicked.
 */
export type PanelSelectionActions = (
  panel: PanelResult,
  window: ChartWindow,
  zoomed: boolean,
) => ReactNode;

function PanelBody({
  panel,
  range,
  selectionActions,
  onZoom,
}: {
  panel: PanelResult;
  range: ChartRange;
  selectionActions?: PanelSelectionActions;
  onZoom?: (window: ChartWindow) => void;
}) {
  if (panel.error) {
    return (
      <WarningPanel
        severity="error"
        defaultExpanded
        title={`${panel.title}: Prometheus query failed`}
        message={panel.error.message}
      />
    );
  }
  // The entity does export the metric (else the page lists the panel as not exported), or it
  // could not be told: the range is what is empty, not the service.
  if (!panel.series?.length) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid={`panel-no-data-${panel.id}`}
      >
        No data in this range.
      </Typography>
    );
  }
  if (hasOnlyEmptyPoints(panel)) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid={`panel-no-data-${panel.id}`}
      >
        No data in this range: the series exist but have no values (for a ratio,
        usually no traffic).
      </Typography>
    );
  }
  switch (panel.kind) {
    case 'stat':
      return <StatValue panel={panel} />;
    case 'table':
      return <EndpointTable panel={panel} />;
    default:
      return (
        <TimeSeriesChart
          panel={panel}
          range={range}
          selectionActions={
            selectionActions &&
            ((window, zoomed) => selectionActions(panel, window, zoomed))
          }
          onZoom={onZoom}
        />
      );
  }
}

function PanelLinks({ panel }: { panel: PanelResult }) {
  const { prometheus, grafana } = panel.links ?? {};
  if (!prometheus && !grafana) return null;
  return (
    <Box display="flex" style={{ gap: 16 }} mt={1}>
      {prometheus && (
        <Link to={prometheus} aria-label={`${panel.title}: open in Prometheus`}>
          Open in Prometheus
        </Link>
      )}
      {grafana && (
        <Link to={grafana} aria-label={`${panel.title}: open in Grafana`}>
          Open in Grafana
        </Link>
      )}
    </Box>
  );
}

/** One dashboard panel: chart, stat or table, or the panel's own error / empty state. */
export const PanelCard = ({
  panel,
  range,
  selectionActions,
  onZoom,
  headingLevel = 'h2',
}: {
  panel: PanelResult;
  /** The range the reader asked for: the chart's axis. */
  range: ChartRange;
  /** `h3` for a card inside a section of the page (the SLO section). */
  headingLevel?: 'h2' | 'h3';
  selectionActions?: PanelSelectionActions;
  /** Dragging across a chart zooms the page to the span. */
  onZoom?: (window: ChartWindow) => void;
}) => {
  const { zone } = useTimeZone();
  // The span a drag zoomed the page to: its actions stay on the card while the page shows
  // exactly that range, whatever the chart draws (the zoomed minutes may hold no data).
  const [zoomed, setZoomed] = useState<ChartWindow>();
  const showZoomed =
    zoomed &&
    selectionActions &&
    range.start === Math.floor(zoomed.start) &&
    range.end === Math.ceil(zoomed.end);
  return (
    <InfoCard
      title={panel.title}
      titleTypographyProps={{ component: headingLevel }}
      subheader={panel.description}
    >
      <div data-testid={`panel-${panel.id}`}>
        {panel.warnings?.map(w => (
          <Typography
            key={w}
            variant="caption"
            color="textSecondary"
            component="p"
          >
            Prometheus warning: {w}
          </Typography>
        ))}
        <PanelBody
          panel={panel}
          range={range}
          selectionActions={selectionActions}
          onZoom={
            onZoom &&
            (window => {
              setZoomed(window);
              onZoom(window);
            })
          }
        />
        {showZoomed && (
          <Box
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            style={{ gap: 12 }}
            role="group"
            aria-label={`${panel.title} selected window`}
          >
            <Typography variant="body2">
              {formatChartTooltip(zoomed.start, zone)} –{' '}
              {formatChartTooltip(zoomed.end, zone)}
            </Typography>
            {selectionActions(panel, zoomed, true)}
            <Button size="small" onClick={() => setZoomed(undefined)}>
              Clear
            </Button>
          </Box>
        )}
        <PanelLinks panel={panel} />
      </div>
    </InfoCard>
  );
};
