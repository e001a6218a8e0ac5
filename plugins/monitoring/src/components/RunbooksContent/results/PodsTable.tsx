import {
  Chip,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { PodDiagnostic } from '@internal/plugin-monitoring-common';
import { EmptyLine } from './EmptyLine';

const useStyles = makeStyles(theme => ({
  oomRow: { backgroundColor: theme.palette.error.light },
  // error.dark: white on error.main is 3.7:1, below WCAG AA (axe on the Runbooks tab).
  oomChip: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.common.white,
  },
}));

/** `kubectl get pods`, with the reason of the last termination: OOMKilled stands out. */
export const PodsTable = ({ pods }: { pods: PodDiagnostic[] }) => {
  const classes = useStyles();
  if (pods.length === 0) return <EmptyLine text="No pods match the entity." />;
  return (
    <Table size="small" aria-label="Pods">
      <TableHead>
        <TableRow>
          <TableCell>Pod</TableCell>
          <TableCell>Phase</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Restarts</TableCell>
          <TableCell>Last termination</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {pods.map(pod => (
          <TableRow
            key={pod.name}
            className={pod.oomKilled ? classes.oomRow : undefined}
            data-oomkilled={pod.oomKilled ? 'true' : undefined}
          >
            <TableCell>{pod.name}</TableCell>
            <TableCell>
              {pod.phase}
              {pod.waitingReason && ` (${pod.waitingReason})`}
            </TableCell>
            <TableCell>
              {pod.readyContainers}/{pod.containers}
            </TableCell>
            <TableCell>{pod.restarts}</TableCell>
            <TableCell>
              {pod.lastTermination ? (
                <>
                  {pod.oomKilled ? (
                    <Chip
                      size="small"
                      className={classes.oomChip}
                      label={pod.lastTermination.reason}
                    />
                  ) : (
                    pod.lastTermination.reason
                  )}
                  {pod.lastTermination.exitCode !== undefined &&
                    ` exit ${pod.lastTermination.exitCode}`}
                  {` (${pod.lastTermination.container})`}
                </>
              ) : (
                '–'
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
