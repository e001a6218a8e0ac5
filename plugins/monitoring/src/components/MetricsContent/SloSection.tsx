import { InfoCard, WarningPanel } from '@backstage/core-components';
import {
  describeSloObjective,
  PanelResult,
} from '@internal/plugin-monitoring-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ChartRange, ChartWindow, PanelCard } from '../PanelCard';
import { budgetSentence, coverageSentence, readSloBudget } from './sloBudget';

const KIND_TITLE = { availability: 'Availability', latency: 'Latency' };

/** The error budget left over the objective's window, in words. */
function BudgetCard({ panel }: { panel: PanelResult }) {
  const objective = panel.slo!.objective;
  const { leftPercent, coverageSeconds } = readSloBudget(panel);
  const coverage = coverageSentence(coverageSeconds, objective.windowDays);
  let body;
  if (panel.error) {
    body = (
      <WarningPanel
        severity="error"
        defaultExpanded
        title={`${panel.title}: Prometheus query failed`}
        message={panel.error.message}
      />
    );
  } else if (panel.exported === false) {
    body = (
      <Typography variant="body2" color="textSecondary">
        This service exports none of{' '}
        {panel.slo!.objective.kind === 'latency'
          ? 'http_request_duration_seconds'
          : 'http_requests_total'}
        : there is nothing to measure the objective against.
      </Typography>
    );
  } else if (leftPercent === undefined) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No requests in the last {objective.windowDays} days: nothing to measure
        the error budget against.
      </Typography>
    );
  } else {
    body = (
      <>
        <Typography
          variant="h5"
          component="p"
          color={leftPercent < 0 ? 'error' : 'textPrimary'}
          data-testid={`slo-budget-${objective.kind}`}
        >
          {budgetSentence(leftPercent, objective.windowDays)}
        </Typography>
        {coverage && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid={`slo-coverage-${objective.kind}`}
          >
            {coverage}
          </Typography>
        )}
      </>
    );
  }
  return (
    <InfoCard
      title={`${KIND_TITLE[objective.kind]} error budget`}
      titleTypographyProps={{ component: 'h3' }}
      subheader={`Objective: ${describeSloObjective(objective)}`}
    >
      <div data-testid={`panel-${panel.id}`}>{body}</div>
    </InfoCard>
  );
}

/**
 * "Service level objectives": for each objective of the entity's SLO annotations, the error
 * budget left over its window and the burn rate over the page's range (with the fast- and
 * slow-burn alert thresholds); an annotation that does not parse is one message naming it.
 */
export const SloSection = ({
  panels,
  errors,
  range,
  onZoom,
}: {
  /** The page's SLO panels (those with `slo`), budget and burn rate of each objective. */
  panels: PanelResult[];
  errors?: string[];
  range: ChartRange;
  onZoom?: (window: ChartWindow) => void;
}) => {
  if (!panels.length && !errors?.length) return null;
  const budgets = panels.filter(p => p.slo?.role === 'budget');
  return (
    <>
      <Grid item xs={12}>
        <Typography variant="h5" component="h2" id="slo-section">
          Service level objectives
        </Typography>
      </Grid>
      {errors?.map(error => (
        <Grid item xs={12} key={error}>
          <WarningPanel
            severity="warning"
            title="A service level objective could not be read"
            message={error}
          />
        </Grid>
      ))}
      {budgets.map(budget => {
        const kind = budget.slo!.objective.kind;
        const burn = panels.find(
          p => p.slo?.role === 'burn-rate' && p.slo.objective.kind === kind,
        );
        return [
          <Grid item xs={12} md={6} key={budget.id} id={`panel-${budget.id}`}>
            <BudgetCard panel={budget} />
          </Grid>,
          burn && (
            <Grid item xs={12} md={6} key={burn.id} id={`panel-${burn.id}`}>
              <PanelCard
                panel={burn}
                range={range}
                onZoom={onZoom}
                headingLevel="h3"
              />
            </Grid>
          ),
        ];
      })}
    </>
  );
};
