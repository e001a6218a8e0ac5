import {
  formatAlertmanagerFilter,
  MonitoringAlert,
  MonitoringSilence,
} from '@internal/plugin-monitoring-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { formatClock } from '../../format';
import { useTimeZone } from '../../hooks';
import { shortSilenceId } from './SilencesTable';

/**
 * Expiring a silence un-mutes its alerts at once (pages may follow), so it is confirmed, naming
 * what it mutes now. The backend's message shows here when it refuses.
 */
export const ConfirmExpireDialog = (props: {
  silenceId: string;
  silence?: MonitoringSilence;
  /** The alerts it mutes now. */
  muting: MonitoringAlert[];
  onCancel: () => void;
  onConfirm: () => Promise<string | undefined>;
}) => {
  const { silenceId, silence, muting } = props;
  const now = Date.now();
  const { zone } = useTimeZone();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const names = [...new Set(muting.map(a => a.alertname))];
  const confirm = async () => {
    setBusy(true);
    setError(await props.onConfirm());
    setBusy(false);
  };
  return (
    <Dialog open onClose={props.onCancel} aria-labelledby="expire-title">
      <DialogTitle id="expire-title">
        Expire silence {shortSilenceId(silenceId)}?
      </DialogTitle>
      <DialogContent>
        {silence && (
          <Typography variant="body2" component="div">
            <code>
              {silence.matchers.map(formatAlertmanagerFilter).join(', ')}
            </code>
            <br />
            until {formatClock(silence.endsAt, now, false, zone)}, by{' '}
            {silence.createdBy}: “{silence.comment}”
          </Typography>
        )}
        <Typography variant="body2" style={{ marginTop: 8 }}>
          {muting.length === 0
            ? 'It mutes no current alert.'
            : `It mutes ${muting.length} current alert${
                muting.length === 1 ? '' : 's'
              } (${names.join(
                ', ',
              )}); they notify their receivers again once it expires.`}
        </Typography>
        {error && (
          <Typography color="error" role="alert" style={{ marginTop: 8 }}>
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={busy}
          onClick={confirm}
        >
          Expire silence
        </Button>
      </DialogActions>
    </Dialog>
  );
};
