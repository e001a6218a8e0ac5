import { Table, TableColumn } from '@backstage/core-components';
import { PanelResult } from '@internal/plugin-monitoring-common';
import { formatValue } from '../../format';
import { lastValue } from './series';

type EndpointRow = { id: string; name: string; value: number | null };

/** The API Performance tables: one row per label value, highest first (already top 10). */
export const EndpointTable = ({ panel }: { panel: PanelResult }) => {
  const rows: EndpointRow[] = (panel.series ?? [])
    .map(s => ({ id: s.name, name: s.name, value: lastValue(s.points) }))
    .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  const columns: TableColumn<EndpointRow>[] = [
    { title: 'Endpoint', field: 'name', highlight: true },
    {
      title: panel.unit === 'seconds' ? 'Duration' : 'Rate',
      field: 'value',
      type: 'numeric',
      render: row => formatValue(panel.unit, row.value),
      customSort: (a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity),
    },
  ];
  return (
    <div data-testid={`panel-table-${panel.id}`}>
      <Table<EndpointRow>
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
          // A draggable header wraps the sort button in a second Tab stop (axe nested-interactive).
          draggable: false,
        }}
        columns={columns}
        data={rows}
      />
    </div>
  );
};
