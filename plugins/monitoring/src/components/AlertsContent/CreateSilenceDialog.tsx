import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  alertScopeMatchers,
  MonitoringAlert,
  SilenceMatcher,
  silenceMatchersFromAlert,
} from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { monitoringApiRef } from '../../api';
import {
  formatClock,
  fromTimeInput,
  TIME_INPUT_HINT,
  toTimeInput,
  zoneLabel,
} from '../../format';
import { useTimeZone } from '../../hooks';
import { previewSilence } from './silenceMatch';

/** Silence lengths offered, in seconds; 0 = a custom end. */
export const DURATION_PRESETS: Array<{ label: string; seconds: number }> = [
  { label: '15 minutes', seconds: 15 * 60 },
  { label: '30 minutes', seconds: 30 * 60 },
  { label: '1 hour', seconds: 3600 },
  { label: '2 hours', seconds: 2 * 3600 },
  { label: '4 hours', seconds: 4 * 3600 },
  { label: '8 hours', seconds: 8 * 3600 },
  { label: '1 day', seconds: 86400 },
  { label: '3 days', seconds: 3 * 86400 },
  { label: 'Custom end…', seconds: 0 },
];
const DEFAULT_DURATION = 2 * 3600;

const OPERATORS = ['=', '!=', '=~', '!~'] as const;
type Operator = (typeof OPERATORS)[number];

function operatorOf(m: SilenceMatcher): Operator {
  if (m.isEqual) return m.isRegex ? '=~' : '=';
  return m.isRegex ? '!~' : '!=';
}

function withOperator(m: SilenceMatcher, op: Operator): SilenceMatcher {
  return { ...m, isEqual: op.startsWith('='), isRegex: op.endsWith('~') };
}

/** The message a failed request carries: the backend's (e.g. Alertmanager's 400) when present. */
function messageOf(error: unknown): string {
  const e = error as {
    body?: { error?: { message?: string } };
    message?: string;
  };
  return e.body?.error?.message ?? e.message ?? String(error);
}

/** How many current alerts the matchers catch, or why the browser cannot tell. */
function Preview(props: {
  matchers: SilenceMatcher[];
  alerts: MonitoringAlert[];
}) {
  const preview = previewSilence(props.matchers, props.alerts);
  if (preview.kind === 'unknown')
    return (
      <Typography variant="body2" data-testid="silence-preview">
        Can't preview: {preview.reason}. Alertmanager decides when it is
        created.
      </Typography>
    );
  const names = [...new Set(preview.matched.map(a => a.alertname))];
  const n = preview.matched.length;
  return (
    <Typography variant="body2" data-testid="silence-preview">
      {n === 0
        ? 'Mutes no current alert (it will mute matching alerts that fire later).'
        : `Mutes ${n} current alert${n === 1 ? '' : 's'}: ${names.join(', ')}.`}
    </Typography>
  );
}

/**
 * Creates a silence from an alert: matchers prefilled from its labels and editable (the entity's
 * scoping matchers are fixed), a preview of the current alerts they catch, a duration preset or
 * a custom end (UTC), a required comment. The author is the signed-in user, recorded by the
 * backend and shown here as the Silences table shows it. On error the message is shown and the
 * form keeps its values.
 */
export const CreateSilenceDialog = (props: {
  entity: Entity;
  alert: MonitoringAlert;
  /** The entity's current alerts, for the preview. */
  alerts: MonitoringAlert[];
  onClose: () => void;
  onCreated: (silenceId: string) => void;
}) => {
  const { entity, alert, onClose, onCreated } = props;
  const api = useApi(monitoringApiRef);
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  const { zone } = useTimeZone();
  const scopeCount = alertScopeMatchers(entity).length;
  const [matchers, setMatchers] = useState<SilenceMatcher[]>(() =>
    silenceMatchersFromAlert(entity, alert.labels),
  );
  const [durationSeconds, setDurationSeconds] = useState(DEFAULT_DURATION);
  const [customEnd, setCustomEnd] = useState(() =>
    toTimeInput(Date.now() + DEFAULT_DURATION * 1000, zone),
  );
  const [comment, setComment] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const update = (i: number, next: SilenceMatcher) =>
    setMatchers(ms => ms.map((m, j) => (j === i ? next : m)));

  const custom = durationSeconds === 0;
  const customEndMs = fromTimeInput(customEnd, zone);
  let endProblem: string | undefined;
  if (custom && customEndMs === undefined)
    endProblem = `Enter a time as ${TIME_INPUT_HINT}`;
  else if (custom && customEndMs! <= Date.now())
    endProblem = 'The end must be in the future';

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const endsAtMs = custom
        ? customEndMs!
        : Date.now() + durationSeconds * 1000;
      const { silenceId } = await api.createSilence({
        entityRef: stringifyEntityRef(entity),
        matchers,
        endsAt: new Date(endsAtMs).toISOString(),
        comment: comment.trim(),
      });
      onCreated(silenceId);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>Silence {alert.alertname}</DialogTitle>
      <DialogContent>
        <Typography variant="subtitle2">Matchers</Typography>
        <Typography variant="caption" color="textSecondary">
          The silence mutes alerts matching all of these. The first{' '}
          {scopeCount === 1 ? 'one keeps' : `${scopeCount} keep`} it to this
          entity and cannot be changed.
        </Typography>
        {matchers.map((m, i) => {
          const locked = i < scopeCount;
          return (
            <Box
              key={i}
              display="flex"
              alignItems="center"
              style={{ gap: 8 }}
              mt={1}
            >
              <TextField
                label="Label"
                size="small"
                variant="outlined"
                value={m.name}
                disabled={locked}
                inputProps={{ 'aria-label': `Matcher ${i + 1} label` }}
                onChange={e => update(i, { ...m, name: e.target.value })}
              />
              <TextField
                select
                size="small"
                variant="outlined"
                value={operatorOf(m)}
                disabled={locked}
                SelectProps={{
                  inputProps: { 'aria-label': `Matcher ${i + 1} operator` },
                }}
                onChange={e =>
                  update(i, withOperator(m, e.target.value as Operator))
                }
              >
                {OPERATORS.map(op => (
                  <MenuItem key={op} value={op}>
                    {op}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                label="Value"
                size="small"
                variant="outlined"
                value={m.value}
                disabled={locked}
                style={{ flexGrow: 1 }}
                inputProps={{ 'aria-label': `Matcher ${i + 1} value` }}
                onChange={e => update(i, { ...m, value: e.target.value })}
              />
              <IconButton
                size="small"
                disabled={locked}
                aria-label={`Remove matcher ${i + 1}`}
                onClick={() => setMatchers(ms => ms.filter((_, j) => j !== i))}
              >
                ×
              </IconButton>
            </Box>
          );
        })}
        <Box mt={1} display="flex" alignItems="center" style={{ gap: 16 }}>
          <Preview matchers={matchers} alerts={props.alerts} />
          <Button
            size="small"
            onClick={() =>
              setMatchers(ms => [
                ...ms,
                { name: '', value: '', isEqual: true, isRegex: false },
              ])
            }
          >
            Add matcher
          </Button>
        </Box>
        <Box mt={2} display="flex" style={{ gap: 16 }}>
          <TextField
            id="silence-duration"
            select
            label="Duration"
            size="small"
            variant="outlined"
            value={durationSeconds}
            style={{ minWidth: 160 }}
            onChange={e => setDurationSeconds(Number(e.target.value))}
          >
            {DURATION_PRESETS.map(p => (
              <MenuItem key={p.seconds} value={p.seconds}>
                {p.label}
              </MenuItem>
            ))}
          </TextField>
          {custom && (
            <TextField
              id="silence-end"
              label={`Ends at (${zoneLabel(zone)}, 24-hour)`}
              placeholder={TIME_INPUT_HINT}
              size="small"
              variant="outlined"
              value={customEnd}
              error={!!endProblem}
              helperText={
                endProblem ?? formatClock(customEndMs!, Date.now(), false, zone)
              }
              InputLabelProps={{ shrink: true }}
              onChange={e => setCustomEnd(e.target.value)}
            />
          )}
          <TextField
            id="silence-comment"
            label="Comment"
            required
            size="small"
            variant="outlined"
            value={comment}
            style={{ flexGrow: 1 }}
            helperText="Why are these alerts silenced? (required)"
            onChange={e => setComment(e.target.value)}
          />
        </Box>
        <Typography
          variant="caption"
          color="textSecondary"
          data-testid="silence-created-by"
        >
          Created by: {identity.value ?? 'your signed-in user'} (recorded by
          Backstage)
        </Typography>
        {error && (
          <Box mt={2}>
            <Typography color="error" role="alert">
              {error}
            </Typography>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={submitting || comment.trim() === '' || !!endProblem}
          onClick={submit}
        >
          Create silence
        </Button>
      </DialogActions>
    </Dialog>
  );
};
