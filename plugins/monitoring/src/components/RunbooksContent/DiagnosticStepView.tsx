import { CopyTextButton } from '@backstage/core-components';
import { Box, makeStyles, Typography } from '@material-ui/core';
import {
  DiagnosticResult,
  DiagnosticStep,
  RunbookCommandValues,
} from '@internal/plugin-monitoring-common';
import { LiveState } from './liveState';
import { commandOf } from './runbookView';
import { StepResult } from './StepResult';

const useStyles = makeStyles(theme => ({
  step: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  command: {
    display: 'flex',
    alignItems: 'flex-start',
    backgroundColor: theme.palette.background.default,
    padding: theme.spacing(0.5, 1),
    margin: theme.spacing(0.5, 0),
  },
  code: {
    flex: 1,
    fontFamily: 'monospace',
    fontSize: '0.85rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: 0,
    alignSelf: 'center',
  },
}));

/** One step: the command with the entity's values (copyable) above its live result. */
export const DiagnosticStepView = (props: {
  step: DiagnosticStep;
  values?: RunbookCommandValues;
  live: LiveState;
  result?: DiagnosticResult;
}) => {
  const { step, values, live, result } = props;
  const classes = useStyles();
  const command = commandOf(step, values, result);
  return (
    <Box className={classes.step} data-testid={`step-${step.id}`}>
      {/* A heading under the runbook's h4 "Diagnostics" (subtitle2 alone would be an h6). */}
      <Typography variant="subtitle2" component="h5">
        {step.title}
      </Typography>
      <div className={classes.command}>
        <pre className={classes.code} aria-label={`Command: ${step.title}`}>
          {command.text}
        </pre>
        <CopyTextButton
          text={command.text}
          aria-label={`Copy command: ${step.title}`}
        />
      </div>
      {command.problem && (
        <Typography variant="caption" color="textSecondary" component="div">
          {command.problem}
        </Typography>
      )}
      {step.note && (
        <Typography variant="caption" color="textSecondary" component="div">
          {step.note}
        </Typography>
      )}
      <StepResult live={live} result={result} />
    </Box>
  );
};
