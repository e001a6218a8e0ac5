import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useEffect, useState } from 'react';
import { DEFAULT_LEVEL, DEFAULT_SLOW_MS, LogFilters } from './logFilters';

const LEVELS = ['error', 'warn', 'info', 'debug'];

/** A one-value form committed on Enter or Apply (typing alone does not query Loki). */
function ValueForm(props: {
  label: string;
  initial: string;
  type?: 'text' | 'number';
  onApply: (value: string) => void;
}) {
  const [value, setValue] = useState(props.initial);
  useEffect(() => setValue(props.initial), [props.initial]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply(value);
  };
  return (
    <form onSubmit={submit} aria-label={props.label}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <TextField
          label={props.label}
          value={value}
          type={props.type ?? 'text'}
          onChange={e => setValue(e.target.value)}
          variant="outlined"
          size="small"
          inputProps={{ 'aria-label': props.label, min: 0 }}
        />
        <Button type="submit" variant="outlined" disabled={value === ''}>
          Apply
        </Button>
      </Box>
    </form>
  );
}

/** What some views need: the user of `user`, the threshold of `slow`, the level of `level`. */
export const ViewOptions = (props: {
  filters: LogFilters;
  onChange: (filters: LogFilters) => void;
}) => {
  const { filters, onChange } = props;
  switch (filters.view) {
    case 'user':
      return (
        <ValueForm
          label="user_id"
          initial={filters.fields.user_id ?? ''}
          onApply={userId =>
            onChange({
              ...filters,
              fields: { ...filters.fields, user_id: userId },
            })
          }
        />
      );
    case 'slow':
      return (
        <ValueForm
          label="duration_ms above"
          type="number"
          initial={String(filters.minDurationMs ?? DEFAULT_SLOW_MS)}
          onApply={text => {
            const ms = Number(text);
            if (Number.isFinite(ms) && ms >= 0)
              onChange({ ...filters, minDurationMs: ms });
          }}
        />
      );
    case 'level':
      return (
        <TextField
          select
          label="Level"
          value={filters.level ?? DEFAULT_LEVEL}
          onChange={e => onChange({ ...filters, level: e.target.value })}
          variant="outlined"
          size="small"
          style={{ minWidth: 130 }}
          SelectProps={{ inputProps: { 'aria-label': 'Level' } }}
        >
          {[...new Set([...LEVELS, filters.level ?? DEFAULT_LEVEL])].map(l => (
            <MenuItem key={l} value={l}>
              {l}
            </MenuItem>
          ))}
        </TextField>
      );
    default:
      return null;
  }
};
