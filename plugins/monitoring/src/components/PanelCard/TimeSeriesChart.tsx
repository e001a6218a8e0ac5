import { PanelResult } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useMemo, useState } from 'react';
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
import { lastPoint, toRows } from './series';

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
 * the seed's alert thresholds, the latest values with their time. With
 * `selectionActions`, dragging across the chart (or clicking a point) picks a window and offers
 * those actions for it (e.g. "Logs for this window").
 */
export const TimeSeriesChart = ({
  panel,
  range,
  selectionActions,
}: {
  panel: PanelResult;
  range: ChartRange;
  selectionActions?: (window: ChartWindow) => ReactNode;
}) => {
  const { zone } = useTimeZone();
  const series = panel.series ?? [];
  const rows = useMemo(() => toRows(panel, range.step), [panel, range.step]);
  const times = useMemo(() => rows.map(r => r.t), [rows]);
  const domain = axisDomain(range);
  const ticks = useMemo(
    () => timeTicks(range.start, range.end, zone),
    [range.start, range.end, zone],
  );
  const spanSeconds = range.end - range.start;
  const [selected, setSelected] = useState<ChartWindow>();
  const { handlers, dragged } = useSpanSelection(times, (first, last) =>
    setSelected(selectedWindow(first, last, chartStep(times))),
  );
  return (
    <>
      <div
        style={{ width: '100%', height: 260 }}
        data-testid={`panel-chart-${panel.id}`}
      >
        <ResponsiveContainer>
          <LineChart
            data={rows}
            margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
            {...(selectionActions
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
              width={80}
              allowDecimals={panel.unit !== 'count'}
              tickCount={5}
              // Keep the threshold line in view even when traffic is far below it.
              domain={[
                0,
                (max: number) =>
                  Math.max(max, ...(panel.thresholds ?? []).map(t => t.value)),
              ]}
            />
            <Tooltip
              labelFormatter={t => formatChartTooltip(Number(t), zone)}
              formatter={v => formatValue(panel.unit, Number(v))}
            />
            <Legend />
            {panel.thresholds?.map(th => (
              <ReferenceLine
                key={th.label}
                y={th.value}
                stroke="#d32f2f"
                strokeDasharray="6 3"
                label={th.label}
              />
            ))}
            {series.map((s, i) => (
              <Line
                key={s.name}
                dataKey={s.name}
                type="linear"
                dot={false}
                isAnimationActive={false}
                stroke={COLORS[i % COLORS.length]}
                connectNulls={false}
              />
            ))}
            {selected && !dragged && (
              <ReferenceArea
                x1={selected.start}
                x2={selected.end}
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
            {formatChartTooltip(selected.start, zone)} –{' '}
            {formatChartTooltip(selected.end, zone)}
          </Typography>
          {selectionActions(selected)}
          <Button size="small" onClick={() => setSelected(undefined)}>
            Clear
          </Button>
        </Box>
      )}
      {selectionActions && !selected && (
        <Typography variant="caption" color="textSecondary" component="p">
          Drag across the chart or click a point to see its logs.
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
