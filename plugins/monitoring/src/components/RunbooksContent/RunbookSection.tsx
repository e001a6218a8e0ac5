import { MarkdownContent } from '@backstage/core-components';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Chip,
  Link,
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

/** The built-in text: what it means, what to check, how to mitigate, when to escalate. */
const BuiltInText = ({ runbook }: { runbook: Runbook }) => {
  const classes = useStyles();
  return (
    <>
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
    </>
  );
};

/**
 * One alert's runbook, an accordion anchored at its alert name. A team's section (from the
 * entity's runbooks document) replaces the built-in text; the live diagnostics stay.
 */
export const RunbookSection = (props: {
  runbook: Runbook;
  firing: boolean;
  expanded: boolean;
  onToggle: (expanded: boolean) => void;
  values?: RunbookCommandValues;
  live: LiveState;
  /** The team's markdown for this alert and the document it came from. */
  team?: { url: string; markdown: string };
  /** The rule's `runbook_url` annotation. */
  ruleRunbookUrl?: string;
}) => {
  const { runbook, firing, expanded, onToggle, values, live, team } = props;
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
        {props.ruleRunbookUrl && (
          <Typography variant="body2" paragraph>
            The rule's runbook:{' '}
            <Link
              href={props.ruleRunbookUrl}
              target="_blank"
              rel="noopener noreferrer"
            >
              {props.ruleRunbookUrl}
            </Link>
          </Typography>
        )}
        {team ? (
          <TextBlock title="Team runbook">
            <Typography variant="caption" color="textSecondary" component="div">
              Replaces the built-in runbook of {runbook.alert}; from{' '}
              <Link href={team.url} target="_blank" rel="noopener noreferrer">
                {team.url}
              </Link>
            </Typography>
            <div data-testid={`team-runbook-${runbook.alert}`}>
              <MarkdownContent content={team.markdown} dialect="gfm" />
            </div>
          </TextBlock>
        ) : (
          <BuiltInText runbook={runbook} />
        )}
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
