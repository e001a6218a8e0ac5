import { Table, TableColumn } from '@backstage/core-components';
import { MonitoringAlertRule } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { SeverityChip } from './SeverityChip';
import { formatFor, formatTimestamp } from '../../format';

/** The Prometheus alerting rules that watch the entity: what would page, not only what pages. */
export const RulesTable = ({ rules }: { rules: MonitoringAlertRule[] }) => {
  const columns: TableColumn<MonitoringAlertRule>[] = [
    { title: 'Rule', field: 'name', width: '14%' },
    { title: 'Group', field: 'group', width: '10%' },
    {
      title: 'Severity',
      render: r => <SeverityChip severity={r.labels.severity} />,
    },
    {
      title: 'State',
      field: 'state',
      render: r => (
        <span data-testid={`rule-state-${r.name}`}>
          {r.state}
          {r.activeAlerts > 0 ? ` (${r.activeAlerts})` : ''}
        </span>
      ),
    },
    { title: 'For', render: r => formatFor(r.durationSeconds) },
    {
      title: 'Expression',
      width: '36%',
      render: r => (
        <code style={{ whiteSpace: 'pre-wrap', fontSize: '0.8em' }}>
          {r.query}
        </code>
      ),
    },
    {
      title: 'Last evaluation',
      render: r => formatTimestamp(r.lastEvaluation),
    },
    {
      title: 'Health',
      render: r => (
        <Box>
          <Typography variant="body2">{r.health}</Typography>
          {r.lastError && (
            <Typography variant="caption" color="error">
              {r.lastError}
            </Typography>
          )}
        </Box>
      ),
    },
  ];
  return (
    <Table<MonitoringAlertRule>
      title="Rules"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={rules}
      emptyContent={
        <Box p={2}>
          <Typography>
            No alerting rule in Prometheus watches this entity.
          </Typography>
        </Box>
      }
    />
  );
};
