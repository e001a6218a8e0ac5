import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';
import { fromLocalInput, toLocalInput } from '../../format';
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
  const [custom, setCustom] = useState(range.kind === 'absolute');
  const resolved = resolveRange(range, Date.now());
  const [from, setFrom] = useState(toLocalInput(resolved.start));
  const [to, setTo] = useState(toLocalInput(resolved.end));
  useEffect(() => {
    if (range.kind === 'absolute') {
      setCustom(true);
      setFrom(toLocalInput(range.start));
      setTo(toLocalInput(range.end));
    }
  }, [range]);

  const start = fromLocalInput(from);
  const end = fromLocalInput(to);
  let customError: string | undefined;
  if (start === undefined || end === undefined)
    customError = 'Enter both dates';
  else if (end <= start) customError = 'The end must be after the start';

  return (
    <Grid container spacing={2} alignItems="center">
      <Grid item>
        <TextField
          select
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
          SelectProps={{ inputProps: { 'aria-label': 'Time range' } }}
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
              label="From"
              type="datetime-local"
              value={from}
              onChange={e => setFrom(e.target.value)}
              variant="outlined"
              size="small"
              InputLabelProps={{ shrink: true }}
            />
          </Grid>
          <Grid item>
            <TextField
              label="To"
              type="datetime-local"
              value={to}
              onChange={e => setTo(e.target.value)}
              variant="outlined"
              size="small"
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
        <TextField
          select
          label="Auto-refresh"
          value={refreshMs}
          onChange={e => onRefreshChange(Number(e.target.value))}
          variant="outlined"
          size="small"
          style={{ minWidth: 150 }}
          SelectProps={{ inputProps: { 'aria-label': 'Auto-refresh' } }}
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
