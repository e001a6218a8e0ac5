import { Link, Table, TableColumn } from '@backstage/core-components';
import { MonitoringAlert } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useLocation } from 'react-router-dom';
import { SeverityChip } from './SeverityChip';
import { shortSilenceId } from './SilencesTable';
import { formatElapsed, formatTimestamp } from '../../format';

function stateText(alert: MonitoringAlert): string {
  if (alert.state !== 'suppressed') return alert.state;
  if (alert.silencedBy.length > 0)
    return `suppressed (silenced by ${alert.silencedBy
      .map(shortSilenceId)
      .join(', ')})`;
  if (alert.inhibitedBy.length > 0) return 'suppressed (inhibited)';
  return 'suppressed';
}

/** The Runbooks tab of this entity, anchored at the alert. */
function runbooksTabLink(pathname: string, alertname: string): string {
  const entityBase = pathname.replace(/\/alerts\/?$/, '').replace(/\/$/, '');
  return `${entityBase}/runbooks#${encodeURIComponent(alertname)}`;
}

/** The entity's alerts: what fires, since when, where it is routed, and what to do. */
export const AlertsTable = (props: {
  alerts: MonitoringAlert[];
  /** Shown only when the user may create silences. */
  onSilence?: (alert: MonitoringAlert) => void;
}) => {
  const { pathname } = useLocation();
  const columns: TableColumn<MonitoringAlert>[] = [
    {
      title: 'Severity',
      field: 'severity',
      width: '8%',
      render: a => <SeverityChip severity={a.severity} />,
    },
    {
      title: 'Alert',
      field: 'alertname',
      render: a => (
        <Box>
          <Typography variant="subtitle2">{a.alertname}</Typography>
          {a.annotations.summary && (
            <Typography variant="body2">{a.annotations.summary}</Typography>
          )}
          {a.annotations.description && (
            <Typography variant="caption" color="textSecondary">
              {a.annotations.description}
            </Typography>
          )}
        </Box>
      ),
    },
    {
      title: 'State',
      render: a => (
        <span data-testid={`alert-state-${a.fingerprint}`}>{stateText(a)}</span>
      ),
    },
    {
      title: 'Started',
      render: a => (
        <Box>
          <Typography variant="body2">{formatTimestamp(a.startsAt)}</Typography>
          <Typography variant="caption" color="textSecondary">
            for {formatElapsed(a.startsAt)}
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Labels',
      render: a => (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {Object.entries(a.labels)
            .filter(([name]) => name !== 'alertname' && name !== 'severity')
            .map(([name, value]) => (
              <Chip
                key={name}
                size="small"
                variant="outlined"
                label={`${name}=${value}`}
              />
            ))}
        </Box>
      ),
    },
    { title: 'Receivers', render: a => a.receivers.join(', ') || '–' },
    {
      title: 'Links',
      render: a => (
        <Box
          display="flex"
          flexDirection="column"
          style={{ whiteSpace: 'nowrap' }}
        >
          <Link to={a.runbookUrl ?? runbooksTabLink(pathname, a.alertname)}>
            Runbook
          </Link>
          {a.generatorURL && <Link to={a.generatorURL}>Expression</Link>}
        </Box>
      ),
    },
  ];
  if (props.onSilence) {
    const onSilence = props.onSilence;
    columns.push({
      title: '',
      width: '8%',
      render: a => (
        <Button
          size="small"
          variant="outlined"
          style={{ whiteSpace: 'nowrap' }}
          onClick={() => onSilence(a)}
          aria-label={`Silence ${a.alertname}`}
        >
          Silence
        </Button>
      ),
    });
  }
  return (
    <Table<MonitoringAlert>
      title="Alerts"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.alerts}
      emptyContent={
        <Box p={2}>
          <Typography>No alerts: nothing is firing for this entity.</Typography>
        </Box>
      }
    />
  );
};
