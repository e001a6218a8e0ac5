import { PanelResult } from '@internal/plugin-monitoring-common';
import Typography from '@material-ui/core/Typography';
import { formatValue } from '../../format';
import { lastValue } from './series';

/** A single number (the seed's "stat" panel), e.g. tickets sold today. */
export const StatValue = ({ panel }: { panel: PanelResult }) => {
  const total = (panel.series ?? [])
    .map(s => lastValue(s.points))
    .reduce<number | null>(
      (sum, v) => (v === null ? sum : (sum ?? 0) + v),
      null,
    );
  return (
    <Typography
      variant="h3"
      component="p"
      aria-label={`${panel.title} value`}
      data-testid={`panel-stat-${panel.id}`}
    >
      {formatValue(panel.unit, total === null ? null : Math.round(total))}
    </Typography>
  );
};
