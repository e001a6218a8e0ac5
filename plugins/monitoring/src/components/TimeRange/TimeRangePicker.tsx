import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEffect, useId, useState } from 'react';
import {
  fromTimeInput,
  TIME_INPUT_HINT,
  toTimeInput,
  zoneLabel,
} from '../../format';
import { useTimeZone } from '../../hooks';
import { TimeZoneSwitch } from './TimeZoneSwitch';
import {
  RANGE_PRESETS,
  REFRESH_CHOICES,
  resolveRange,
  TimeRange,
} from './timeRange';

const CUSTOM = 'custom';

/** Presets, a custom absolute range and the auto-refresh choice for the whole page. */
export const TimeRangePicker = (props: {
  range: TimeRange;
  onRangeChange: (range: TimeRange) => void;
  refreshMs: number;
  onRefreshChange: (ms: number) => void;
}) => {
  const { range, onRangeChange, refreshMs, onRefreshChange } = props;
  const { zone } = useTimeZone();
  // Ids tie each visible label to its input, so the label is the accessible name.
  const id = useId();
  const [custom, setCustom] = useState(range.kind === 'absolute');
  const resolved = resolveRange(range, Date.now());
  // Typed text in the page's zone, 24-hour (a browser date picker would follow the OS's AM/PM).
  const [from, setFrom] = useState(toTimeInput(resolved.start * 1000, zone));
  const [to, setTo] = useState(toTimeInput(resolved.end * 1000, zone));
  useEffect(() => {
    if (range.kind === 'absolute') {
      setCustom(true);
      setFrom(toTimeInput(range.start * 1000, zone));
      setTo(toTimeInput(range.end * 1000, zone));
    }
  }, [range, zone]);

  const startMs = fromTimeInput(from, zone);
  const endMs = fromTimeInput(to, zone);
  const start = startMs === undefined ? undefined : startMs / 1000;
  const end = endMs === undefined ? undefined : endMs / 1000;
  let customError: string | undefined;
  if (start === undefined || end === undefined)
    customError = `Enter both times as ${TIME_INPUT_HINT} (24-hour)`;
  else if (end <= start) customError = 'The end must be after the start';
  const zoneName = zoneLabel(zone, (start ?? resolved.start) * 1000);

  return (
    <Grid container spacing={2} alignItems="center">
      <Grid item>
        <TextField
          select
          id={`${id}-range`}
          label="Time range"
          value={
            custom ? CUSTOM : (range.kind === 'relative' && range.preset) || ''
          }
          onChange={e => {
            const key = e.target.value;
            if (key === CUSTOM) {
              setCustom(true);
              return;
            }
            setCustom(false);
            const preset = RANGE_PRESETS.find(p => p.key === key)!;
            onRangeChange({
              kind: 'relative',
              preset: preset.key,
              seconds: preset.seconds,
            });
          }}
          variant="outlined"
          size="small"
          style={{ minWidth: 200 }}
        >
          {RANGE_PRESETS.map(p => (
            <MenuItem key={p.key} value={p.key}>
              {p.label}
            </MenuItem>
          ))}
          <MenuItem value={CUSTOM}>Custom range…</MenuItem>
        </TextField>
      </Grid>
      {custom && (
        <>
          <Grid item>
            <TextField
              id={`${id}-from`}
              label={`From (${zoneName})`}
              value={from}
              onChange={e => setFrom(e.target.value)}
              variant="outlined"
              size="small"
              placeholder={TIME_INPUT_HINT}
              InputLabelProps={{ shrink: true }}
            />
          </Grid>
          <Grid item>
            <TextField
              id={`${id}-to`}
              label={`To (${zoneName})`}
              value={to}
              onChange={e => setTo(e.target.value)}
              variant="outlined"
              size="small"
              placeholder={TIME_INPUT_HINT}
              InputLabelProps={{ shrink: true }}
              error={Boolean(customError)}
              helperText={customError}
            />
          </Grid>
          <Grid item>
            <Button
              variant="outlined"
              disabled={Boolean(customError)}
              onClick={() =>
                onRangeChange({ kind: 'absolute', start: start!, end: end! })
              }
            >
              Apply
            </Button>
          </Grid>
        </>
      )}
      <Grid item>
        <TimeZoneSwitch />
      </Grid>
      <Grid item>
        <TextField
          select
          id={`${id}-refresh`}
          label="Auto-refresh"
          value={refreshMs}
          onChange={e => onRefreshChange(Number(e.target.value))}
          variant="outlined"
          size="small"
          style={{ minWidth: 150 }}
        >
          {REFRESH_CHOICES.map(r => (
            <MenuItem key={r.key} value={r.ms}>
              {r.label}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
    </Grid>
  );
};
