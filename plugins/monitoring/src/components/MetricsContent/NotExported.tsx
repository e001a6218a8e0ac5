import { PanelResult } from '@internal/plugin-monitoring-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';

/**
 * One line for the panels whose metrics the entity does not export at all (the backend checks
 * the whole retention, so an outage never lands here), instead of a card each saying nothing.
 */
export const NotExported = ({ panels }: { panels: PanelResult[] }) => {
  const titles = panels.filter(p => p.exported === false).map(p => p.title);
  if (titles.length === 0) return null;
  return (
    <Grid item xs={12}>
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="metrics-not-exported"
      >
        Not exported by this service: {titles.join(', ')}
      </Typography>
    </Grid>
  );
};
