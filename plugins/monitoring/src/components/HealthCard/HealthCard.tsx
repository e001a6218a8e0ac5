import {
  InfoCard,
  Link,
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
  isMonitoringAvailable,
  MonitoringAlert,
  SEED_THRESHOLDS,
} from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';
import { monitoringApiRef } from '../../api';
import { formatDuration, formatUpdated, formatValue } from '../../format';
import { useTimeZone } from '../../hooks';
import { NowProvider, useNow } from '../../hooks/useNow';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { useTabLinks } from '../../hooks/useTabLinks';
import { SeverityChip } from '../AlertsContent/SeverityChip';
import { countAlerts, otherReasons } from './reasons';

/** The rule behind the word, shown on the card so nobody has to guess. */
const RULE = `down: every scrape target is down (the service does not answer); degraded: it answers, but a critical or warning alert is firing, a target is down, error rate > ${SEED_THRESHOLDS.errorRatePercent}% or P95 > ${SEED_THRESHOLDS.latencyP95Seconds} s over the alert rules' 5m window (a crossing is not an alert until the rule's 5m for has passed); unknown: no scrape target known.`;

/** A link when the target tab is mounted, plain text otherwise. */
function MaybeLink(props: { to?: string; children: ReactNode }) {
  return props.to ? (
    <Link to={props.to}>{props.children}</Link>
  ) : (
    <>{props.children}</>
  );
}

function Figure(props: {
  label: string;
  value: string;
  testId: string;
  to?: string;
}) {
  return (
    <Grid item xs={6} sm={3}>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h6" component="p" data-testid={props.testId}>
        <MaybeLink to={props.to}>{props.value}</MaybeLink>
      </Typography>
    </Grid>
  );
}

/** The firing alerts by name, severity and how long, each leading to its row on the Alerts tab. */
function FiringAlerts({ alerts }: { alerts: MonitoringAlert[] }) {
  const now = useNow();
  const links = useTabLinks();
  if (alerts.length === 0) return null;
  return (
    <Box component="ul" p={0} m={0} mt={1} style={{ listStyle: 'none' }}>
      {alerts.map(a => (
        <Box
          component="li"
          key={a.fingerprint}
          display="flex"
          alignItems="center"
          style={{ gap: 8 }}
          data-testid={`health-alert-${a.fingerprint}`}
        >
          <SeverityChip severity={a.severity} />
          <MaybeLink to={links.alert(a.fingerprint)}>{a.alertname}</MaybeLink>
          <Typography variant="body2" color="textSecondary" component="span">
            firing for {formatDuration(Date.parse(a.startsAt), now)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function Updated({ at }: { at?: number }) {
  const now = useNow();
  const { zone } = useTimeZone();
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="p"
      data-testid="health-updated"
    >
      {formatUpdated(at, now, zone)}
    </Typography>
  );
}

function HealthBody(props: {
  health: HealthResponse;
  firing?: MonitoringAlert[];
}) {
  const { health } = props;
  const links = useTabLinks();
  const alerts = health.alerts;
  // The shared rule's word (`down` only when every target is down), as the backend sent it.
  const state = health.state;
  const critical = alerts?.critical ?? 0;
  const nonCritical = alerts ? alerts.warning + alerts.other : 0;
  let icon = <StatusPending />;
  if (state === 'healthy') icon = <StatusOK />;
  else if (state === 'down' || critical > 0) icon = <StatusError />;
  else if (state === 'degraded') icon = <StatusWarning />;
  const alertWords = [
    critical > 0 && countAlerts(critical, 'critical'),
    nonCritical > 0 && countAlerts(nonCritical, 'warning'),
  ].filter(Boolean);
  const reasons = otherReasons(health);
  return (
    <>
      <Typography
        variant="h5"
        component="p"
        title={RULE}
        style={{ display: 'flex', alignItems: 'center', gap: 8 }}
      >
        {icon}
        <span data-testid="health-state">{state}</span>
        {alertWords.length > 0 && (
          <Typography
            variant="body1"
            component="span"
            data-testid="health-alert-words"
          >
            · {alertWords.join(', ')} firing
          </Typography>
        )}
      </Typography>
      {reasons.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {reasons.join('; ')}
        </Typography>
      )}
      {props.firing && <FiringAlerts alerts={props.firing} />}
      <Grid container spacing={2} style={{ marginTop: 8 }}>
        <Figure
          label="Error rate"
          value={formatValue('percent', health.errorRatePercent)}
          testId="health-error-rate"
          to={links.panel('error-rate')}
        />
        <Figure
          label="P95 latency"
          value={formatValue('seconds', health.latencyP95Seconds)}
          testId="health-p95"
          to={links.panel('latency-p95')}
        />
        <Figure
          label="Critical alerts"
          value={alerts ? String(critical) : '–'}
          testId="health-alerts-critical"
          to={alerts ? links.severity('critical') : undefined}
        />
        <Figure
          label="Warning alerts"
          value={alerts ? String(nonCritical) : '–'}
          testId="health-alerts-warning"
          to={alerts ? links.severity('warning') : undefined}
        />
      </Grid>
      {health.requestRate.length > 1 && (
        <>
          <Typography variant="caption" color="textSecondary">
            <MaybeLink to={links.panel('request-rate')}>
              Request rate, last hour
            </MaybeLink>
          </Typography>
          <div
            style={{ width: '100%', height: 60 }}
            role="img"
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
        </>
      )}
      {health.requestRate.length <= 1 && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          data-testid="health-sparkline-empty"
        >
          Request rate, last hour: no data in this range
        </Typography>
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

/**
 * Overview card of an entity: one-word health, the firing alerts by name, error rate, P95,
 * alert counts and a request-rate sparkline, each leading to the Alerts or Metrics tab.
 * Reloads every 30 s while the browser tab is visible.
 */
export const HealthCard = () => {
  const { entity } = useEntity();
  const api = useApi(monitoringApiRef);
  const available = isMonitoringAvailable(entity);
  const entityRef = stringifyEntityRef(entity);

  const health = useRefreshingAsync(
    async () => (available ? api.getHealth({ entityRef }) : undefined),
    [api, entityRef, available],
  );
  // Names and start times of the firing alerts; the counts come with the health.
  const alerts = useRefreshingAsync(
    async () =>
      available
        ? (await api.getAlerts(entityRef)).alerts.filter(
            a => a.state !== 'suppressed',
          )
        : undefined,
    [api, entityRef, available],
  );

  let body: JSX.Element;
  if (!available) {
    body = (
      <MissingAnnotationEmptyState annotation={ANNOTATION_PROMETHEUS_JOB} />
    );
  } else if (health.error) {
    body = (
      <ResponseErrorPanel error={health.error} title="Could not load health" />
    );
  } else if (!health.value) {
    body = <Progress />;
  } else {
    body = (
      <>
        <HealthBody health={health.value} firing={alerts.value} />
        <Updated at={health.updatedAt} />
      </>
    );
  }
  return (
    <InfoCard title="Service health" titleTypographyProps={{ component: 'h2' }}>
      <NowProvider>{body}</NowProvider>
    </InfoCard>
  );
};
