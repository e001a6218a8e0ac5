import { Progress } from '@backstage/core-components';
import { Box, makeStyles, Typography } from '@material-ui/core';
import {
  DiagnosticResult,
  DiagnosticSource,
} from '@internal/plugin-monitoring-common';
import { formatClock } from '../../format/clock';
import { TimeZoneChoice } from '../../format';
import { useTimeZone } from '../../hooks/useTimeZone';
import { LiveState } from './liveState';
import { DbConnectionsTable } from './results/DbConnectionsTable';
import { EventsTable } from './results/EventsTable';
import { HpaTable } from './results/HpaTable';
import { LogLines } from './results/LogLines';
import { PodsTable } from './results/PodsTable';
import { ResourcesTable } from './results/ResourcesTable';
import { TargetsTable } from './results/TargetsTable';

const SOURCES: Record<DiagnosticSource, string> = {
  kubernetes: 'the Kubernetes API',
  'metrics.k8s.io': 'metrics.k8s.io',
  prometheus: 'Prometheus',
  loki: 'Loki',
};

/** `read 17:09:54 UTC from metrics.k8s.io (local)`. */
export function readLine(
  result: DiagnosticResult,
  now = Date.now(),
  zone: TimeZoneChoice = 'utc',
): string {
  const read = `read ${formatClock(result.readAt, now, true, zone)}`;
  if (result.status !== 'ok') return read;
  const name = result.sourceName ? ` (${result.sourceName})` : '';
  return `${read} from ${SOURCES[result.source]}${name}`;
}

const useStyles = makeStyles(theme => ({
  stepError: {
    borderLeft: `4px solid ${theme.palette.error.main}`,
    backgroundColor: theme.palette.background.default,
    padding: theme.spacing(1, 2),
    marginTop: theme.spacing(0.5),
  },
}));

/**
 * One step's failure, in place. Not Backstage's WarningPanel: its title is an h6, which under
 * the runbook's h4 would break the tab's heading outline (h4 → h6) once per failing step.
 */
const StepError = (props: { title: string; message: string }) => {
  const classes = useStyles();
  return (
    <div className={classes.stepError}>
      <Typography variant="subtitle2" color="error" component="p">
        {props.title}
      </Typography>
      <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
        {props.message}
      </Typography>
    </div>
  );
};

const Note = ({ text }: { text: string }) => (
  <Typography variant="body2" color="textSecondary">
    {text}
  </Typography>
);

function Data({ result }: { result: DiagnosticResult & { status: 'ok' } }) {
  switch (result.kind) {
    case 'pods':
      return <PodsTable pods={result.data.pods} />;
    case 'podResources':
      return <ResourcesTable pods={result.data.pods} />;
    case 'events':
      return <EventsTable events={result.data.events} />;
    case 'hpa':
      return <HpaTable hpas={result.data.hpas} />;
    case 'oomLogs':
    case 'workerLogs':
      return <LogLines logs={result.data} />;
    case 'dbConnections':
      return <DbConnectionsTable db={result.data} />;
    case 'targets':
      return <TargetsTable targets={result.data} />;
    default:
      return null;
  }
}

/** The live result of one step, or why there is none; never hides the rest of the runbook. */
export const StepResult = (props: {
  live: LiveState;
  result?: DiagnosticResult;
}) => {
  const { live, result } = props;
  const { zone } = useTimeZone();
  switch (live.status) {
    case 'loading':
      return <Progress />;
    case 'denied':
      return <Note text="You may not read live diagnostics for this entity." />;
    case 'unavailable':
      return (
        <Note text="No live result: the entity has no usable Kubernetes annotations (see above)." />
      );
    case 'failed':
      return (
        <Note text="Not read: the diagnostics request failed (the error is at the top of the tab)." />
      );
    default:
      break;
  }
  if (!result)
    return (
      <Note text="Not read: the backend returned no result for this step." />
    );
  return (
    <Box>
      <Typography variant="caption" color="textSecondary" component="div">
        {readLine(result, Date.now(), zone)}
      </Typography>
      {result.warnings?.map(w => (
        <Typography key={w} variant="caption" component="div">
          ⚠ {w}
        </Typography>
      ))}
      {result.status === 'ok' ? (
        <Data result={result} />
      ) : (
        <StepError
          title={`${result.error.reason}: could not read this step`}
          message={result.error.message}
        />
      )}
    </Box>
  );
};
