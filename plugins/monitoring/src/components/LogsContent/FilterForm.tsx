import { LOG_FIELDS, LogField } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useState } from 'react';
import { addFieldFilter, LogFilters } from './logFilters';

type FieldChoice = LogField | 'level';
const FIELD_CHOICES: FieldChoice[] = [...LOG_FIELDS, 'level'];

/** Text contains / does not contain, and field equals. Text is taken as typed (no trimming). */
export const FilterForm = (props: {
  filters: LogFilters;
  onChange: (filters: LogFilters) => void;
}) => {
  const { filters, onChange } = props;
  const [text, setText] = useState('');
  const [field, setField] = useState<FieldChoice>('request_id');
  const [value, setValue] = useState('');

  const addText = (kind: 'contains' | 'notContains') => {
    if (text === '') return;
    onChange({ ...filters, [kind]: [...filters[kind], text] });
    setText('');
  };
  const submitText = (e: FormEvent) => {
    e.preventDefault();
    addText('contains');
  };
  const submitField = (e: FormEvent) => {
    e.preventDefault();
    if (value === '') return;
    onChange(addFieldFilter(filters, field, value));
    setValue('');
  };

  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 24 }}>
      <form onSubmit={submitText} aria-label="Text filter">
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <TextField
            label="Line text"
            value={text}
            onChange={e => setText(e.target.value)}
            variant="outlined"
            size="small"
            inputProps={{ 'aria-label': 'Line text' }}
          />
          <Button type="submit" variant="outlined" disabled={text === ''}>
            Contains
          </Button>
          <Button
            variant="outlined"
            disabled={text === ''}
            onClick={() => addText('notContains')}
          >
            Does not contain
          </Button>
        </Box>
      </form>
      <form onSubmit={submitField} aria-label="Field filter">
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <TextField
            select
            label="Field"
            value={field}
            onChange={e => setField(e.target.value as FieldChoice)}
            variant="outlined"
            size="small"
            style={{ minWidth: 130 }}
            // Named by its label and its value ("Field request_id"), as MUI wires it with an id:
            // an aria-label of "Field" alone would hide the value shown (axe
            // label-content-name-mismatch).
            id="logs-filter-field"
          >
            {FIELD_CHOICES.map(f => (
              <MenuItem key={f} value={f}>
                {f}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="equals"
            value={value}
            onChange={e => setValue(e.target.value)}
            variant="outlined"
            size="small"
            inputProps={{ 'aria-label': 'Field value' }}
          />
          <Button type="submit" variant="outlined" disabled={value === ''}>
            Add filter
          </Button>
        </Box>
      </form>
    </Box>
  );
};
