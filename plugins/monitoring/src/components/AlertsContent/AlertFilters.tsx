import { MonitoringAlert } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import { AlertFilter, isMuted } from './alertFilters';

const ALL = '';

/** The Alerts tab's filter bar: name, severity, label words, group, show silenced (N). */
export const AlertFilters = (props: {
  alerts: MonitoringAlert[];
  filter: AlertFilter;
  onChange: (next: AlertFilter) => void;
}) => {
  const { alerts, filter, onChange } = props;
  const names = [...new Set(alerts.map(a => a.alertname))].sort();
  const severities = [...new Set(alerts.map(a => a.severity ?? 'none'))];
  const muted = alerts.filter(isMuted).length;
  const set = (patch: Partial<AlertFilter>) =>
    onChange({ ...filter, ...patch, focus: undefined });
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 12 }}
      mb={1}
    >
      <TextField
        select
        size="small"
        variant="outlined"
        label="Alert"
        id="alerts-filter-alertname"
        value={filter.alertname ?? ALL}
        style={{ minWidth: 180 }}
        onChange={e => set({ alertname: e.target.value || undefined })}
      >
        <MenuItem value={ALL}>All alerts</MenuItem>
        {names.map(n => (
          <MenuItem key={n} value={n}>
            {n}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        variant="outlined"
        label="Severity"
        id="alerts-filter-severity"
        value={filter.severity ?? ALL}
        style={{ minWidth: 130 }}
        onChange={e => set({ severity: e.target.value || undefined })}
      >
        <MenuItem value={ALL}>All</MenuItem>
        {severities.map(s => (
          <MenuItem key={s} value={s}>
            {s}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        size="small"
        variant="outlined"
        label="Labels"
        id="alerts-filter-labels"
        placeholder="queue=payments"
        value={filter.labels}
        onChange={e => set({ labels: e.target.value })}
      />
      <TextField
        select
        size="small"
        variant="outlined"
        label="Group by"
        id="alerts-group-by"
        value={filter.groupBy}
        style={{ minWidth: 130 }}
        onChange={e =>
          set({ groupBy: e.target.value as AlertFilter['groupBy'] })
        }
      >
        <MenuItem value="none">Nothing</MenuItem>
        <MenuItem value="alertname">Alert name</MenuItem>
        <MenuItem value="severity">Severity</MenuItem>
      </TextField>
      <FormControlLabel
        control={
          <Switch
            checked={filter.showSilenced}
            onChange={e => set({ showSilenced: e.target.checked })}
            color="primary"
          />
        }
        label={`Show silenced (${muted})`}
      />
    </Box>
  );
};
