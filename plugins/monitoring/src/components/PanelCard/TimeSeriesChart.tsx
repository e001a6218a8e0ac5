import { PanelResult } from '@internal/plugin-monitoring-common';
import Typography from '@material-ui/core/Typography';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  chartTickFormatter,
  formatChartTooltip,
  formatValue,
} from '../../format';
import { lastValue, toRows } from './series';

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
];

/** A time-series panel: lines per series, the seed's alert thresholds, latest values. */
export const TimeSeriesChart = ({ panel }: { panel: PanelResult }) => {
  const series = panel.series ?? [];
  const rows = toRows(panel);
  const spanSeconds = rows.length ? rows[rows.length - 1].t - rows[0].t : 0;
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
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={chartTickFormatter(spanSeconds)}
            />
            <YAxis
              tickFormatter={v => formatValue(panel.unit, v)}
              width={80}
              // Keep the threshold line in view even when traffic is far below it.
              domain={[
                0,
                (max: number) =>
                  Math.max(max, ...(panel.thresholds ?? []).map(t => t.value)),
              ]}
            />
            <Tooltip
              labelFormatter={t => formatChartTooltip(Number(t))}
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
                type="monotone"
                dot={false}
                isAnimationActive={false}
                stroke={COLORS[i % COLORS.length]}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul
        aria-label={`${panel.title} latest values`}
        style={{ margin: 0, paddingLeft: 16 }}
      >
        {series.map(s => (
          <li key={s.name}>
            <Typography variant="body2">
              {s.name}:{' '}
              <strong>{formatValue(panel.unit, lastValue(s.points))}</strong>
            </Typography>
          </li>
        ))}
      </ul>
    </>
  );
};
