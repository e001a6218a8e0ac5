import { LogVolumeResponse } from '@internal/plugin-monitoring-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import useMeasure from 'react-use/esm/useMeasure';
import { chartTickFormatter, formatChartTooltip } from '../../format';
import { useTimeZone } from '../../hooks';
import { useSpanSelection } from '../ChartSelection';
import { levelColor, levelRank } from './levels';
import { barsToRange } from './volumeRange';

type Row = { t: number } & Record<string, number>;

function toRows(volume: LogVolumeResponse): { rows: Row[]; levels: string[] } {
  const byTime = new Map<number, Row>();
  for (const s of volume.series) {
    for (const [t, v] of s.points) {
      const row = byTime.get(t) ?? ({ t } as Row);
      row[s.level] = v;
      byTime.set(t, row);
    }
  }
  const levels = volume.series
    .map(s => s.level)
    .sort((a, b) => levelRank(a) - levelRank(b) || a.localeCompare(b));
  return { rows: [...byTime.values()].sort((a, b) => a.t - b.t), levels };
}

const HEIGHT = 140;

/**
 * Lines per level over the range, stacked, above the lines. Click a bar to narrow the range to
 * it, or drag across bars to narrow to the span.
 */
export const LogVolumeChart = (props: {
  volume: LogVolumeResponse;
  onNarrow: (range: { kind: 'absolute'; start: number; end: number }) => void;
}) => {
  const { volume, onNarrow } = props;
  const { zone } = useTimeZone();
  const [measureRef, { width }] = useMeasure<HTMLDivElement>();
  const { rows, levels } = useMemo(() => toRows(volume), [volume]);
  const times = useMemo(() => rows.map(r => r.t), [rows]);
  const { handlers, dragged } = useSpanSelection(times, (first, last) =>
    onNarrow(barsToRange(first, last, volume.step)),
  );
  if (!rows.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No log lines in this range.
      </Typography>
    );
  }
  return (
    <div ref={measureRef} data-testid="logs-volume" style={{ width: '100%' }}>
      <BarChart
        // jsdom measures nothing; a fixed fallback width keeps the chart drawable there.
        width={width > 0 ? width : 800}
        height={HEIGHT}
        data={rows}
        margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
        style={{ cursor: 'crosshair', userSelect: 'none' }}
        {...handlers}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="t"
          tickFormatter={chartTickFormatter(volume.end - volume.start, zone)}
        />
        <YAxis allowDecimals={false} width={48} />
        <Tooltip labelFormatter={t => formatChartTooltip(Number(t), zone)} />
        <Legend />
        {levels.map(level => (
          <Bar
            key={level}
            dataKey={level}
            stackId="volume"
            fill={levelColor(level)}
            isAnimationActive={false}
          />
        ))}
        {dragged && (
          <ReferenceArea
            x1={dragged.x1}
            x2={dragged.x2}
            fill="#90caf9"
            fillOpacity={0.4}
          />
        )}
      </BarChart>
      <Typography variant="caption" color="textSecondary">
        Click a bar or drag across bars to narrow the range.
      </Typography>
    </div>
  );
};
