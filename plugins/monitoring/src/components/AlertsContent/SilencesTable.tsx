import { Table, TableColumn } from '@backstage/core-components';
import {
  formatAlertmanagerFilter,
  MonitoringSilence,
} from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatClock } from '../../format';
import { useTimeZone } from '../../hooks';
import { ActionButton } from './ActionButton';
import { ActionAccess } from './silenceAccess';

/** Alertmanager's silence ids are UUIDs; the first block is enough to tell them apart here. */
export function shortSilenceId(id: string): string {
  return id.split('-')[0];
}

/** The id of a silence's row, the target of "silenced until … by <id>" links. */
export const silenceAnchor = (id: string) => `silence-${id}`;

/** The entity's silences; Expire (confirmed by the caller) is disabled, with the reason, for
 * users not allowed to, and absent until the permission is answered. */
export const SilencesTable = (props: {
  silences: MonitoringSilence[];
  onExpire: (silenceId: string) => void;
  expireAccess?: ActionAccess;
}) => {
  const now = Date.now();
  const { zone } = useTimeZone();
  const columns: TableColumn<MonitoringSilence>[] = [
    {
      title: 'Silence',
      render: s => (
        <>
          <span id={silenceAnchor(s.id)} title={s.id}>
            {shortSilenceId(s.id)}
          </span>
          <Typography variant="caption" color="textSecondary" component="div">
            <span data-testid={`silence-state-${s.id}`}>{s.state}</span>
          </Typography>
        </>
      ),
    },
    {
      title: 'Matchers',
      render: s => (
        <code style={{ fontSize: '0.8em', overflowWrap: 'anywhere' }}>
          {s.matchers.map(formatAlertmanagerFilter).join(', ')}
        </code>
      ),
    },
    // Id and state, start and end, comment and author share columns: the table fits a 900 px
    // window (Backstage's sidebar open) without scrolling sideways.
    {
      title: 'Active',
      render: s => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatClock(s.startsAt, now, false, zone)} →{' '}
          <span data-testid={`silence-ends-${s.id}`}>
            {formatClock(s.endsAt, now, false, zone)}
          </span>
        </span>
      ),
    },
    {
      title: 'Comment',
      render: s => (
        <>
          <Typography variant="body2">{s.comment}</Typography>
          <Typography variant="caption" color="textSecondary">
            by {s.createdBy}
          </Typography>
        </>
      ),
    },
  ];
  const { onExpire, expireAccess } = props;
  if (expireAccess) {
    columns.push({
      title: 'Actions',
      render: s =>
        s.state === 'expired' ? null : (
          <ActionButton
            access={expireAccess}
            style={{ whiteSpace: 'nowrap' }}
            onClick={() => onExpire(s.id)}
            label={`Expire silence ${s.id}`}
          >
            Expire
          </ActionButton>
        ),
    });
  }
  return (
    <Table<MonitoringSilence>
      title="Silences"
      // No sortable, draggable headers: each would be a Tab stop nested in another (axe
      // nested-interactive); the rows come in a useful order already.
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        sorting: false,
        draggable: false,
      }}
      columns={columns}
      data={props.silences}
      emptyContent={
        <Box p={2}>
          <Typography>No silences for this entity.</Typography>
        </Box>
      }
    />
  );
};
