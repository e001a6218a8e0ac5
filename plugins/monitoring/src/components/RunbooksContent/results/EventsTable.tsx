import { darken } from '@material-ui/core/styles';
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import {
  DIAGNOSTIC_EVENTS,
  EventDiagnostic,
} from '@internal/plugin-monitoring-common';
import { formatClock } from '../../../format/clock';
import { useTimeZone } from '../../../hooks/useTimeZone';
import { EmptyLine } from './EmptyLine';

const useStyles = makeStyles(theme => ({
  // warning.dark on white is 2.7:1; darkened it reads (WCAG AA), as axe asks.
  warning: {
    color:
      theme.palette.type === 'dark'
        ? theme.palette.warning.light
        : darken(theme.palette.warning.dark, 0.3),
    fontWeight: 'bold',
  },
}));

/** `kubectl get events --sort-by=.lastTimestamp | tail -20`, newest first. */
export const EventsTable = ({ events }: { events: EventDiagnostic[] }) => {
  const classes = useStyles();
  const { zone } = useTimeZone();
  if (events.length === 0) return <EmptyLine text="No recent events." />;
  const now = Date.now();
  return (
    <Table size="small" aria-label="Events">
      <TableHead>
        <TableRow>
          <TableCell>Last seen</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Object</TableCell>
          <TableCell>Message</TableCell>
          <TableCell>Count</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {events.slice(0, DIAGNOSTIC_EVENTS).map((e, i) => (
          <TableRow key={`${e.object.name}-${e.reason}-${i}`}>
            <TableCell>
              {e.lastTimestamp
                ? formatClock(e.lastTimestamp, now, true, zone)
                : '–'}
            </TableCell>
            <TableCell
              className={e.type === 'Warning' ? classes.warning : undefined}
            >
              {e.type}
            </TableCell>
            <TableCell>{e.reason}</TableCell>
            <TableCell>
              {e.object.kind}/{e.object.name}
            </TableCell>
            <TableCell>{e.message}</TableCell>
            <TableCell>{e.count}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
