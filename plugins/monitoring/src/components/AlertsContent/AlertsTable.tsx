import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  MonitoringAlert,
  MonitoringSilence,
} from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { useLocation } from 'react-router-dom';
import { formatClock, formatStarted } from '../../format';
import { useTimeZone } from '../../hooks';
import { useNow } from '../../hooks/useNow';
import { groupAlerts, isMuted, tellingLabels } from './alertFilters';
import { ActionButton } from './ActionButton';
import { ActionAccess } from './silenceAccess';
import { SeverityChip } from './SeverityChip';
import { shortSilenceId, silenceAnchor } from './SilencesTable';

/** The id of an alert's row, the target of the health card's links. */
export const alertAnchor = (fingerprint: string) => `alert-${fingerprint}`;

/** The Runbooks tab of this entity, anchored at the alert. */
function runbooksTabLink(pathname: string, alertname: string): string {
  const entityBase = pathname.replace(/\/alerts\/?$/, '').replace(/\/$/, '');
  return `${entityBase}/runbooks#${encodeURIComponent(alertname)}`;
}

/** "9m ago (17:04 UTC)", counting up. */
function Started({ alert }: { alert: MonitoringAlert }) {
  const now = useNow();
  const { zone } = useTimeZone();
  return (
    <span
      title={alert.startsAt}
      data-testid={`alert-started-${alert.fingerprint}`}
    >
      {formatStarted(alert.startsAt, now, zone)}
    </span>
  );
}

/** Silence and Expire: shown once the permission is answered, disabled with the reason when denied. */
export interface AlertActionProps {
  onSilence: (alert: MonitoringAlert) => void;
  onExpire: (silenceId: string) => void;
  /** Undefined while the permission framework answers (no button yet). */
  silenceAccess?: ActionAccess;
  expireAccess?: ActionAccess;
}

/** The alert's actions in one row under its labels: no column of their own, so the table fits
 * a 900 px window (with Backstage's sidebar open) without scrolling sideways. */
function AlertActions(props: {
  alert: MonitoringAlert;
  pathname: string;
  actions: AlertActionProps;
}) {
  const { alert: a, pathname } = props;
  const { onSilence, onExpire, silenceAccess, expireAccess } = props.actions;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      mt={0.5}
      style={{ gap: 12, whiteSpace: 'nowrap' }}
      data-testid={`alert-actions-${a.fingerprint}`}
    >
      {a.generatorURL && (
        <Link to={a.generatorURL} aria-label={`Expression of ${a.alertname}`}>
          Expression
        </Link>
      )}
      <Link
        to={a.runbookUrl ?? runbooksTabLink(pathname, a.alertname)}
        aria-label={`Runbook of ${a.alertname}`}
      >
        Runbook
      </Link>
      {!isMuted(a) && silenceAccess && (
        <ActionButton
          access={silenceAccess}
          onClick={() => onSilence(a)}
          label={`Silence ${a.alertname}`}
        >
          Silence
        </ActionButton>
      )}
      {isMuted(a) &&
        expireAccess &&
        a.silencedBy.map(id => (
          <ActionButton
            key={id}
            access={expireAccess}
            onClick={() => onExpire(id)}
            label={`Expire silence ${id} of ${a.alertname}`}
          >
            Expire
          </ActionButton>
        ))}
    </Box>
  );
}

/** Why a muted alert is muted: the silences (until when, linking to their row) or the inhibitor. */
function MutedBy(props: {
  alert: MonitoringAlert;
  alerts: MonitoringAlert[];
  silences: Map<string, MonitoringSilence>;
}) {
  const { alert, alerts, silences } = props;
  const now = useNow();
  const { zone } = useTimeZone();
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid={`alert-state-${alert.fingerprint}`}
    >
      {alert.silencedBy.map((id, i) => {
        const silence = silences.get(id);
        return (
          <span key={id}>
            {i > 0 && ', '}
            silenced
            {silence
              ? ` until ${formatClock(silence.endsAt, now, false, zone)}`
              : ''}{' '}
            by <Link to={`#${silenceAnchor(id)}`}>{shortSilenceId(id)}</Link>
          </span>
        );
      })}
      {alert.silencedBy.length === 0 &&
        `inhibited by ${
          alert.inhibitedBy
            .map(f => alerts.find(a => a.fingerprint === f)?.alertname ?? f)
            .join(', ') || 'another alert'
        }`}
    </Typography>
  );
}

/**
 * The entity's alerts: what fires, since when, what sets it apart, and what to do. Four
 * narrow columns so actions stay reachable at 900 px; muted (silenced or inhibited) rows are
 * greyed and offer Expire rather than Silence.
 */
export const AlertsTable = (props: {
  /** The rows to show (already filtered). */
  alerts: MonitoringAlert[];
  /** All alerts, to name an inhibiting one. */
  allAlerts: MonitoringAlert[];
  silences: MonitoringSilence[];
  /** Labels the entity implies, hidden from rows. */
  implied: Record<string, string>;
  groupBy: 'none' | 'alertname' | 'severity';
  focus?: string;
  actions: AlertActionProps;
}) => {
  const { pathname } = useLocation();
  const theme = useTheme();
  const silences = new Map(props.silences.map(s => [s.id, s]));

  const columns: TableColumn<MonitoringAlert>[] = [
    {
      title: 'Severity',
      width: '90px',
      render: a => <SeverityChip severity={a.severity} firing={!isMuted(a)} />,
    },
    {
      title: 'Alert',
      render: a => (
        <Box id={alertAnchor(a.fingerprint)}>
          <Typography
            variant="subtitle2"
            component="h3"
            style={{ whiteSpace: 'nowrap' }}
          >
            {a.alertname}
          </Typography>
          {a.annotations.summary && (
            <Typography variant="body2">{a.annotations.summary}</Typography>
          )}
          {isMuted(a) ? (
            <MutedBy alert={a} alerts={props.allAlerts} silences={silences} />
          ) : (
            <Typography
              variant="caption"
              color="textSecondary"
              data-testid={`alert-state-${a.fingerprint}`}
            >
              {a.state === 'active' ? 'firing' : a.state}
              {a.receivers.length > 0 && ` → ${a.receivers.join(', ')}`}
            </Typography>
          )}
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} mt={0.5}>
            {tellingLabels(a, props.implied).map(([name, value]) => (
              <Chip
                key={name}
                size="small"
                variant="outlined"
                label={`${name}=${value}`}
              />
            ))}
          </Box>
          <AlertActions alert={a} pathname={pathname} actions={props.actions} />
        </Box>
      ),
    },
    {
      title: 'Started',
      render: a => <Started alert={a} />,
    },
  ];

  const rowStyle = (a: MonitoringAlert) => {
    if (a.fingerprint === props.focus)
      return {
        backgroundColor: theme.palette.action.selected,
        outline: `2px solid ${theme.palette.primary.main}`,
      };
    if (isMuted(a))
      return {
        backgroundColor: theme.palette.action.hover,
        color: theme.palette.text.secondary,
      };
    return {};
  };

  return (
    <>
      {groupAlerts(props.alerts, props.groupBy).map(group => (
        <Box key={group.key} mb={2}>
          <Table<MonitoringAlert>
            title={
              group.key
                ? `${group.key} (${group.alerts.length})`
                : `Alerts (${group.alerts.length})`
            }
            options={{
              paging: false,
              search: false,
              padding: 'dense',
              // Sortable, draggable headers would nest Tab stops (axe nested-interactive).
              sorting: false,
              draggable: false,
              rowStyle,
            }}
            columns={columns}
            data={group.alerts}
            emptyContent={
              <Box p={2}>
                <Typography>
                  {props.allAlerts.length === 0
                    ? 'No alerts: nothing is firing for this entity.'
                    : 'No alert matches these filters.'}
                </Typography>
              </Box>
            }
          />
        </Box>
      ))}
    </>
  );
};
