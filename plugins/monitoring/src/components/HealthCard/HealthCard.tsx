import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PROMETHEUS_JOB,
  HealthResponse,
  HealthState,
  isMonitoringAvailable,
  SEED_THRESHOLDS,
} from '@internal/plugin-monitoring-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';
import useAsync from 'react-use/esm/useAsync';
import { monitoringApiRef } from '../../api';
import { formatValue } from '../../format';
import { usePolling } from '../../hooks';

const REFRESH_MS = 60_000;

const STATE_ICON: Record<HealthState, JSX.Element> = {
  healthy: <StatusOK />,
  degraded: <StatusWarning />,
  down: <StatusError />,
  unknown: <StatusPending />,
};

/** The rule behind the word, shown on the card so nobody has to guess. */
const RULE = `down: every scrape target down or a critical alert firing; degraded: a target down, a warning alert firing, error rate > ${SEED_THRESHOLDS.errorRatePercent}% or P95 > ${SEED_THRESHOLDS.latencyP95Seconds} s over the alert rules' 5m window (a crossing is not an alert until the rule's 5m for has passed); unknown: no scrape target known.`;

function Figure(props: { label: string; value: string; testId: string }) {
  return (
    <Grid item xs={6} sm={3}>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h6" data-testid={props.testId}>
        {props.value}
      </Typography>
    </Grid>
  );
}

function HealthBody({ health }: { health: HealthResponse }) {
  const alerts = health.alerts;
  return (
    <>
      <Typography
        variant="h5"
        component="p"
        title={RULE}
        style={{ display: 'flex', alignItems: 'center', gap: 8 }}
      >
        {STATE_ICON[health.state]}
        <span data-testid="health-state">{health.state}</span>
      </Typography>
      {health.reasons.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {health.reasons.join('; ')}
        </Typography>
      )}
      <Grid container spacing={2} style={{ marginTop: 8 }}>
        <Figure
          label="Error rate"
          value={formatValue('percent', health.errorRatePercent)}
          testId="health-error-rate"
        />
        <Figure
          label="P95 latency"
          value={formatValue('seconds', health.latencyP95Seconds)}
          testId="health-p95"
        />
        <Figure
          label="Critical alerts"
          value={alerts ? String(alerts.critical) : '–'}
          testId="health-alerts-critical"
        />
        <Figure
          label="Warning alerts"
          value={alerts ? String(alerts.warning + alerts.other) : '–'}
          testId="health-alerts-warning"
        />
      </Grid>
      {health.requestRate.length > 1 && (
        <Typography variant="caption" color="textSecondary">
          Request rate, last hour
        </Typography>
      )}
      {health.requestRate.length > 1 && (
        <div
          style={{ width: '100%', height: 60 }}
          aria-label="Request rate, last hour"
          data-testid="health-sparkline"
        >
          <ResponsiveContainer>
            <LineChart data={health.requestRate.map(([t, v]) => ({ t, v }))}>
              <YAxis hide domain={[0, 'auto']} />
              <Line
                dataKey="v"
                dot={false}
                isAnimationActive={false}
                stroke="#1f77b4"
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {health.errors.map(e => (
        <Typography key={e.message} variant="body2" color="error">
          {e.message}
        </Typography>
      ))}
      <Typography variant="caption" color="textSecondary" component="p">
        {RULE}
      </Typography>
    </>
  );
}

/** Overview card of an entity: one-word health, error rate, P95, alerts, request-rate sparkline. */
export const HealthCard = () => {
  const { entity } = useEntity();
  const api = useApi(monitoringApiRef);
  const [tick, setTick] = useState(0);
  const available = isMonitoringAvailable(entity);
  const entityRef = stringifyEntityRef(entity);

  usePolling(() => setTick(t => t + 1), REFRESH_MS);

  const { value, loading, error } = useAsync(
    async () => (available ? api.getHealth({ entityRef }) : undefined),
    [api, entityRef, available, tick],
  );

  let body: JSX.Element;
  if (!available) {
    body = (
      <MissingAnnotationEmptyState annotation={ANNOTATION_PROMETHEUS_JOB} />
    );
  } else if (error) {
    body = <ResponseErrorPanel error={error} title="Could not load health" />;
  } else if (!value) {
    body = loading ? <Progress /> : <></>;
  } else {
    body = <HealthBody health={value} />;
  }
  return <InfoCard title="Service health">{body}</InfoCard>;
};
