import { InfoCard, WarningPanel } from '@backstage/core-components';
import { PanelResult } from '@internal/plugin-monitoring-common';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
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
import { formatValue } from '../format';

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
];

type Row = { t: number } & Record<string, number | null>;

/** Series → recharts rows keyed by timestamp (one column per series name). */
export function toRows(panel: PanelResult): Row[] {
  const rows = new Map<number, Row>();
  for (const series of panel.series ?? []) {
    for (const [t, v] of series.points) {
      const row = rows.get(t) ?? ({ t } as Row);
      row[series.name] = v;
      rows.set(t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

function lastValue(points: Array<[number, number | null]>): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    if (points[i][1] !== null) return points[i][1];
  }
  return null;
}

/** One dashboard panel: a time-series chart, or the panel's own error / no-data state. */
export const PanelCard = ({ panel }: { panel: PanelResult }) => {
  let body: JSX.Element;
  if (panel.error) {
    body = (
      <WarningPanel
        severity="error"
        defaultExpanded
        title={`${panel.title}: Prometheus query failed`}
        message={panel.error.message}
      />
    );
  } else if (!panel.series?.length) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No data for this entity in the selected range.
      </Typography>
    );
  } else {
    const rows = toRows(panel);
    // Over a day, a bare HH:mm is ambiguous: show the date too.
    const spanSeconds = rows.length ? rows[rows.length - 1].t - rows[0].t : 0;
    const tickFormat = spanSeconds > 86400 ? 'LLL dd HH:mm' : 'HH:mm';
    body = (
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
                tickFormatter={t =>
                  DateTime.fromSeconds(t).toFormat(tickFormat)
                }
              />
              <YAxis
                tickFormatter={v => formatValue(panel.unit, v)}
                width={80}
              />
              <Tooltip
                labelFormatter={t =>
                  DateTime.fromSeconds(Number(t)).toFormat(
                    'yyyy-LL-dd HH:mm:ss',
                  )
                }
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
              {panel.series.map((s, i) => (
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
          {panel.series.map(s => (
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
  }
  return (
    <InfoCard title={panel.title} subheader={panel.description}>
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
      {body}
    </InfoCard>
  );
};
