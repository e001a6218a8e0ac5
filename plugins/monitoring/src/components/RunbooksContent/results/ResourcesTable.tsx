import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { PodResourcesDiagnostic } from '@internal/plugin-monitoring-common';
import { EmptyLine } from './EmptyLine';
import { formatBytes, formatCores, formatRatio } from './quantities';

/** The guide's FestivalsHighCPU / FestivalsHighMemory threshold of the limit. */
const HOT = 0.9;

const useStyles = makeStyles(theme => ({
  hot: { color: theme.palette.error.main, fontWeight: 'bold' },
}));

/** `kubectl top pods`, each container against its requests and limits. */
export const ResourcesTable = ({
  pods,
}: {
  pods: PodResourcesDiagnostic[];
}) => {
  const classes = useStyles();
  if (pods.length === 0) return <EmptyLine text="No pod metrics yet." />;
  const hot = (ratio?: number) =>
    ratio !== undefined && ratio >= HOT ? classes.hot : undefined;
  return (
    <Table size="small" aria-label="Pod resources">
      <TableHead>
        <TableRow>
          <TableCell>Pod / container</TableCell>
          <TableCell>CPU (request / limit)</TableCell>
          <TableCell>Memory (request / limit)</TableCell>
          <TableCell>Of limit (CPU / memory)</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {pods.flatMap(pod =>
          pod.containers.map((c, i) => (
            <TableRow key={`${pod.pod}/${c.container}`}>
              <TableCell>
                {pod.pod} / {c.container}
              </TableCell>
              <TableCell>
                {formatCores(c.cpuCores)} ({formatCores(c.cpuRequestCores)} /{' '}
                {formatCores(c.cpuLimitCores)})
              </TableCell>
              <TableCell>
                {formatBytes(c.memoryBytes)} (
                {formatBytes(c.memoryRequestBytes)} /{' '}
                {formatBytes(c.memoryLimitBytes)})
              </TableCell>
              <TableCell>
                {i === 0 ? (
                  <>
                    <span className={hot(pod.cpuLimitRatio)}>
                      {formatRatio(pod.cpuLimitRatio)}
                    </span>
                    {' / '}
                    <span className={hot(pod.memoryLimitRatio)}>
                      {formatRatio(pod.memoryLimitRatio)}
                    </span>
                  </>
                ) : null}
              </TableCell>
            </TableRow>
          )),
        )}
      </TableBody>
    </Table>
  );
};
