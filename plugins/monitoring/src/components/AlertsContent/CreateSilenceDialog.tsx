import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
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
import { monitoringApiRef } from '../../api';

/** Silence lengths offered, in seconds. */
export const DURATION_PRESETS: Array<{ label: string; seconds: number }> = [
  { label: '1 hour', seconds: 3600 },
  { label: '2 hours', seconds: 2 * 3600 },
  { label: '4 hours', seconds: 4 * 3600 },
  { label: '8 hours', seconds: 8 * 3600 },
  { label: '1 day', seconds: 86400 },
  { label: '3 days', seconds: 3 * 86400 },
];

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

/**
 * Creates a silence from an alert: matchers prefilled from its labels and editable (the entity's
 * scoping matchers are fixed), a duration preset, a required comment. The author is the signed-in
 * user, recorded by the backend. On error the message is shown and the form keeps its values.
 */
export const CreateSilenceDialog = (props: {
  entity: Entity;
  alert: MonitoringAlert;
  onClose: () => void;
  onCreated: (silenceId: string) => void;
}) => {
  const { entity, alert, onClose, onCreated } = props;
  const api = useApi(monitoringApiRef);
  const scopeCount = alertScopeMatchers(entity).length;
  const [matchers, setMatchers] = useState<SilenceMatcher[]>(() =>
    silenceMatchersFromAlert(entity, alert.labels),
  );
  const [durationSeconds, setDurationSeconds] = useState(
    DURATION_PRESETS[1].seconds,
  );
  const [comment, setComment] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const update = (i: number, next: SilenceMatcher) =>
    setMatchers(ms => ms.map((m, j) => (j === i ? next : m)));

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const { silenceId } = await api.createSilence({
        entityRef: stringifyEntityRef(entity),
        matchers,
        endsAt: new Date(Date.now() + durationSeconds * 1000).toISOString(),
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
        <Box mt={1}>
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
        <Typography variant="caption" color="textSecondary">
          Created by: you — Backstage records your signed-in user.
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
          disabled={submitting || comment.trim() === ''}
          onClick={submit}
        >
          Create silence
        </Button>
      </DialogActions>
    </Dialog>
  );
};
