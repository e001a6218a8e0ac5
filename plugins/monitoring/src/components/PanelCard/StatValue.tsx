import { PanelResult } from '@internal/plugin-monitoring-common';
import Typography from '@material-ui/core/Typography';
import { formatClock, formatValue } from '../../format';
import { useTimeZone } from '../../hooks';
import { lastPoint } from './series';

/** A single number (the seed's "stat" panel), e.g. tickets sold today, and when it was taken. */
export const StatValue = ({ panel }: { panel: PanelResult }) => {
  const { zone } = useTimeZone();
  const points = (panel.series ?? [])
    .map(s => lastPoint(s.points))
    .filter(p => p !== undefined);
  const total = points.length
    ? points.reduce((sum, p) => sum + p.value, 0)
    : null;
  const takenAt = points.length ? Math.max(...points.map(p => p.t)) : undefined;
  return (
    <>
      <Typography
        variant="h3"
        component="p"
        aria-label={`${panel.title} value`}
        data-testid={`panel-stat-${panel.id}`}
      >
        {formatValue(panel.unit, total === null ? null : Math.round(total))}
      </Typography>
      {takenAt !== undefined && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          data-testid={`panel-stat-time-${panel.id}`}
        >
          last, {formatClock(takenAt * 1000, takenAt * 1000, false, zone)}
        </Typography>
      )}
    </>
  );
};
