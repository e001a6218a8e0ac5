import { AlertPeriod, PanelResult } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useMemo, useRef, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  chartTickFormatter,
  formatChartTooltip,
  formatClock,
  formatValue,
  timeTicks,
  zoneLabel,
} from '../../format';
import { useTimeZone } from '../../hooks';
import { useSpanSelection } from '../ChartSelection';
import { axisDomain, ChartRange } from './chartRange';
import { ChartWindow, chartStep, selectedWindow } from './chartWindow';
import { clampToRange, lastPoint, toRows } from './series';
import { valueTicks } from './valueTicks';

/** True when the row holds a value of `name` and neither neighbour does. */
function isolated(
  rows: Array<Record<string, number | null>>,
  index: number,
  name: string,
): boolean {
  const has = (i: number) => rows[i] !== undefined && rows[i][name] !== null;
  return has(index) && !has(index - 1) && !has(index + 1);
}

const Y_AXIS_WIDTH = 80;
/** The plot inside the chart: the left margin and the value axis, the right margin. */
const PLOT_INSETS = { left: 8 + Y_AXIS_WIDTH, right: 16 };

/** Charts of one page share this id: hovering one draws the crosshair on all of them. */
export const METRICS_SYNC_ID = 'monitoring-metrics';

const SEVERITY_SHADE: Record<string, string> = {
  critical: '#d32f2f',
  warning: '#ed6c02',
};

/** The periods an alert about this panel fired, shaded behind the lines and named. */
function alertAreas(periods: AlertPeriod[] | undefined) {
  return (periods ?? []).map(p => (
    <ReferenceArea
      key={`${p.alertname}-${p.start}`}
      x1={p.start}
      x2={p.end}
      ifOverflow="hidden"
      fill={SEVERITY_SHADE[p.severity ?? ''] ?? '#757575'}
      fillOpacity={0.12}
      className="monitoring-alert-period"
      label={{
        value: p.alertname,
        position: 'insideTopLeft',
        fontSize: 10,
      }}
    />
  ));
}

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
];

/**
 * A time-series panel over the requested range: straight lines per series (a gap stays a gap),
 * the seed's alert thresholds, the periods its alerts fired (shaded), a limit series dashed
 * (the pool size), the latest values with their time, and a crosshair shared with the page's
 * other charts. Dragging across the chart zooms to that span (`onZoom`); with
 * `selectionActions`, the dragged span (or a clicked point) is offered those actions too (e.g.
 * "Logs for this window").
 */
export const TimeSeriesChart = ({
  panel: answered,
  range,
  selectionActions,
  onZoom,
}: {
  panel: PanelResult;
  range: ChartRange;
  selectionActions?: (window: ChartWindow, zoomed: boolean) => ReactNode;
  onZoom?: (window: ChartWindow) => void;
}) => {
  const { zone } = useTimeZone();
  const panel = useMemo(
    () => clampToRange(answered, range.end),
    [answered, range.end],
  );
  const series = panel.series ?? [];
  const rows = useMemo(() => toRows(panel, range.step), [panel, range.step]);
  const times = useMemo(() => rows.map(r => r.t), [rows]);
  const domain = axisDomain(range);
  const ticks = useMemo(
    () => timeTicks(range.start, range.end, zone),
    [range.start, range.end, zone],
  );
  const spanSeconds = range.end - range.start;
  // Round value ticks up to the largest value or threshold (the threshold line stays in view
  // even when traffic is far below it).
  const yTicks = useMemo(() => {
    let max = Math.max(0, ...(panel.thresholds ?? []).map(t => t.value));
    for (const s of panel.series ?? [])
      for (const [, v] of s.points) if (v !== null && v > max) max = v;
    return valueTicks(max);
  }, [panel.thresholds, panel.series]);
  const [selected, setSelected] = useState<{
    window: ChartWindow;
    zoomed: boolean;
  }>();
  const container = useRef<HTMLDivElement>(null);
  const layout = useMemo(
    () => ({ container, domain, insets: PLOT_INSETS }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [domain[0], domain[1]],
  );
  const { handlers, dragged } = useSpanSelection(
    times,
    (first, last) => {
      const window = selectedWindow(first, last, chartStep(times));
      // A dragged span zooms the page to it (Grafana's habit); a clicked point only selects.
      // A dragged span zooms the page (the panel card then offers its actions, which must
      // outlive this chart: the zoomed range may hold no data); a click selects here.
      if (onZoom && first !== last) {
        setSelected(undefined);
        onZoom(window);
      } else setSelected({ window, zoomed: false });
    },
    layout,
  );
  const interactive = Boolean(selectionActions || onZoom);
  return (
    <>
      <div
        ref={container}
        style={{ width: '100%', height: 260 }}
        data-testid={`panel-chart-${panel.id}`}
      >
        <ResponsiveContainer>
          <LineChart
            data={rows}
            margin={{
              top: 8,
              right: PLOT_INSETS.right,
              bottom: 0,
              left: PLOT_INSETS.left - Y_AXIS_WIDTH,
            }}
            // One crosshair across the page's charts, matched by time (their grids may differ).
            syncId={METRICS_SYNC_ID}
            syncMethod="value"
            {...(interactive
              ? {
                  ...handlers,
                  style: { cursor: 'crosshair', userSelect: 'none' },
                }
              : {})}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={domain}
              // The requested range, even where a point lies before it (the backend aligns the
              // first step down) or where no data came yet (the newest minutes stay visible).
              allowDataOverflow
              ticks={ticks}
              interval={0}
              tickFormatter={chartTickFormatter(spanSeconds, zone)}
              label={{
                value: zoneLabel(zone, range.end * 1000),
                position: 'insideBottomRight',
                offset: -4,
                fontSize: 11,
              }}
            />
            <YAxis
              tickFormatter={v => formatValue(panel.unit, v)}
              width={Y_AXIS_WIDTH}
              ticks={yTicks}
              interval={0}
              domain={[0, yTicks[yTicks.length - 1]]}
            />
            <Tooltip
              labelFormatter={t => formatChartTooltip(Number(t), zone)}
              formatter={v => formatValue(panel.unit, Number(v))}
            />
            <Legend />
            {alertAreas(panel.alertPeriods)}
            {panel.thresholds?.map(th => (
              <ReferenceLine
                key={th.label}
                y={th.value}
                stroke="#d32f2f"
                strokeDasharray="6 3"
                label={th.label}
              />
            ))}
            {series.map((s, i) => {
              const limit = s.name === panel.limitSeries;
              return (
                <Line
                  key={s.name}
                  dataKey={s.name}
                  // Straight segments between points: no smoothing that invents values.
                  type="linear"
                  // No dots, except a point with no neighbour: a line of one point draws
                  // nothing (a young service on a 7-day range, a value between two gaps).
                  dot={(props: {
                    index: number;
                    cx?: number;
                    cy?: number;
                    stroke?: string;
                  }) =>
                    isolated(rows, props.index, s.name) &&
                    props.cx !== undefined &&
                    props.cy !== undefined ? (
                      <circle
                        key={props.index}
                        cx={props.cx}
                        cy={props.cy}
                        r={3}
                        fill={props.stroke}
                        className="monitoring-isolated-point"
                      />
                    ) : (
                      <g key={props.index} />
                    )
                  }
                  isAnimationActive={false}
                  stroke={limit ? '#616161' : COLORS[i % COLORS.length]}
                  strokeDasharray={limit ? '8 4' : undefined}
                  connectNulls={false}
                />
              );
            })}
            {selected && !selected.zoomed && !dragged && (
              <ReferenceArea
                x1={selected.window.start}
                x2={selected.window.end}
                ifOverflow="hidden"
                fill="#90caf9"
                fillOpacity={0.3}
              />
            )}
            {dragged && (
              <ReferenceArea
                x1={dragged.x1}
                x2={dragged.x2}
                fill="#90caf9"
                fillOpacity={0.4}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {panel.alertPeriods?.length ? (
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          data-testid={`panel-alert-periods-${panel.id}`}
        >
          Shaded: when{' '}
          {[...new Set(panel.alertPeriods.map(p => p.alertname))].join(', ')}{' '}
          fired
        </Typography>
      ) : null}
      {selectionActions && selected && (
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 12 }}
          role="group"
          aria-label={`${panel.title} selected window`}
        >
          <Typography variant="body2">
            {formatChartTooltip(selected.window.start, zone)} –{' '}
            {formatChartTooltip(selected.window.end, zone)}
          </Typography>
          {selectionActions(selected.window, selected.zoomed)}
          <Button size="small" onClick={() => setSelected(undefined)}>
            Clear
          </Button>
        </Box>
      )}
      {interactive && !selected && (
        <Typography variant="caption" color="textSecondary" component="p">
          {onZoom && selectionActions
            ? 'Drag across the chart to zoom in, or click a point to see its logs.'
            : ''}
          {onZoom && !selectionActions
            ? 'Drag across the chart to zoom in.'
            : ''}
          {!onZoom
            ? 'Drag across the chart or click a point to see its logs.'
            : ''}
        </Typography>
      )}
      <ul
        aria-label={`${panel.title} latest values`}
        style={{ margin: 0, paddingLeft: 16 }}
      >
        {series.map(s => {
          const last = lastPoint(s.points);
          return (
            <li key={s.name}>
              <Typography variant="body2">
                {s.name}:{' '}
                <strong>{formatValue(panel.unit, last?.value)}</strong>
                {last &&
                  ` (last, ${formatClock(
                    last.t * 1000,
                    range.end * 1000,
                    false,
                    zone,
                  )})`}
              </Typography>
            </li>
          );
        })}
      </ul>
    </>
  );
};
