import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Chip,
  makeStyles,
  Typography,
} from '@material-ui/core';
import {
  DiagnosticsResponse,
  Runbook,
  RunbookCommandValues,
} from '@internal/plugin-monitoring-common';
import { DiagnosticStepView } from './DiagnosticStepView';
import { LiveState } from './liveState';

const useStyles = makeStyles(theme => ({
  summary: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  firing: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  details: { display: 'block' },
  list: { marginTop: 0 },
}));

const TextBlock = (props: { title: string; children: React.ReactNode }) => (
  <Box mb={2}>
    <Typography variant="h6" component="h4">
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

function resultOf(live: LiveState, kind: string) {
  return live.status === 'loaded'
    ? live.response.results.find(r => r.kind === kind)
    : undefined;
}

/** Command values of the steps: the live Deployment name when the backend found one. */
export function valuesFrom(
  base: RunbookCommandValues | undefined,
  response?: DiagnosticsResponse,
): RunbookCommandValues | undefined {
  if (!base) return undefined;
  return response?.deployment
    ? { ...base, deployment: response.deployment }
    : base;
}

/** One alert's runbook, an accordion anchored at its alert name. */
export const RunbookSection = (props: {
  runbook: Runbook;
  firing: boolean;
  expanded: boolean;
  onToggle: (expanded: boolean) => void;
  values?: RunbookCommandValues;
  live: LiveState;
}) => {
  const { runbook, firing, expanded, onToggle, values, live } = props;
  const classes = useStyles();
  const headingId = `runbook-${runbook.alert}-heading`;
  return (
    <Accordion
      id={runbook.alert}
      expanded={expanded}
      onChange={(_, open) => onToggle(open)}
      TransitionProps={{ unmountOnExit: true }}
      data-testid={`runbook-${runbook.alert}`}
    >
      <AccordionSummary expandIcon={<span aria-hidden>▾</span>} id={headingId}>
        <div className={classes.summary}>
          <Typography variant="h6" component="h3">
            {runbook.alert}
          </Typography>
          <Typography color="textSecondary">{runbook.title}</Typography>
          <Chip size="small" variant="outlined" label={runbook.severity} />
          <Chip size="small" variant="outlined" label={runbook.group} />
          {firing && (
            <Chip size="small" className={classes.firing} label="firing now" />
          )}
        </div>
      </AccordionSummary>
      <AccordionDetails className={classes.details}>
        <TextBlock title="What it means">
          <Typography>{runbook.meaning}</Typography>
        </TextBlock>
        <TextBlock title="Check first">
          <ul className={classes.list}>
            {runbook.checkFirst.map(t => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </TextBlock>
        <TextBlock title="Mitigate">
          <ul className={classes.list}>
            {runbook.mitigate.map(t => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </TextBlock>
        <TextBlock title="When to escalate">
          <Typography>{runbook.escalate}</Typography>
        </TextBlock>
        <TextBlock title="Diagnostics">
          {runbook.steps.map(step => (
            <DiagnosticStepView
              key={step.id}
              step={step}
              values={valuesFrom(
                values,
                live.status === 'loaded' ? live.response : undefined,
              )}
              live={live}
              result={resultOf(live, step.kind)}
            />
          ))}
        </TextBlock>
      </AccordionDetails>
    </Accordion>
  );
};
