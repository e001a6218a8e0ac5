import { makeStyles, Typography } from '@material-ui/core';
import { LogsDiagnostic } from '@internal/plugin-monitoring-common';
import { EmptyLine } from './EmptyLine';

const useStyles = makeStyles(theme => ({
  lines: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    maxHeight: 320,
    overflow: 'auto',
    margin: 0,
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.default,
  },
}));

/** Log lines as `kubectl logs … | grep` prints them, pod and time in front (`--previous` ones marked). */
export const LogLines = ({ logs }: { logs: LogsDiagnostic }) => {
  const classes = useStyles();
  return (
    <>
      {logs.lines.length === 0 ? (
        <EmptyLine text="No matching lines." />
      ) : (
        // A scroll box: a focusable, named region, so keyboard users can scroll it (axe
        // scrollable-region-focusable; WAI's pattern for scrollable regions).
        <pre
          className={classes.lines}
          role="region"
          aria-label="Log lines"
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
          tabIndex={0}
        >
          {logs.lines
            .map(l =>
              [
                l.time,
                l.pod && `[${l.pod}${l.previous ? ', previous instance' : ''}]`,
                l.line,
              ]
                .filter(Boolean)
                .join(' '),
            )
            .join('\n')}
        </pre>
      )}
      {logs.truncated && (
        <Typography variant="caption" color="textSecondary">
          Truncated: only the newest lines within the size cap are shown.
        </Typography>
      )}
    </>
  );
};
