import { LOG_FIELDS, LogField } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { LogFilters } from './logFilters';

/** The active filters, each removable; text is shown exactly as it is matched. */
export const FilterChips = (props: {
  filters: LogFilters;
  onChange: (filters: LogFilters) => void;
}) => {
  const { filters, onChange } = props;
  const chips: Array<{ key: string; label: string; remove: () => void }> = [];
  filters.contains.forEach((text, i) =>
    chips.push({
      key: `contains-${i}`,
      label: `contains “${text}”`,
      remove: () =>
        onChange({
          ...filters,
          contains: filters.contains.filter((_, j) => j !== i),
        }),
    }),
  );
  filters.notContains.forEach((text, i) =>
    chips.push({
      key: `not-${i}`,
      label: `does not contain “${text}”`,
      remove: () =>
        onChange({
          ...filters,
          notContains: filters.notContains.filter((_, j) => j !== i),
        }),
    }),
  );
  if (filters.level) {
    chips.push({
      key: 'level',
      label: `level = ${filters.level}`,
      remove: () => onChange({ ...filters, level: undefined }),
    });
  }
  for (const field of LOG_FIELDS) {
    const value = filters.fields[field];
    if (value === undefined) continue;
    chips.push({
      key: field,
      label: `${field} = ${value}`,
      remove: () => {
        const fields = { ...filters.fields };
        delete fields[field as LogField];
        onChange({ ...filters, fields });
      },
    });
  }
  if (!chips.length) return null;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 8 }}
      aria-label="Active filters"
      role="list"
    >
      {chips.map(chip => (
        <Chip
          key={chip.key}
          role="listitem"
          size="small"
          label={chip.label}
          onDelete={chip.remove}
          style={{ whiteSpace: 'pre', maxWidth: '100%' }}
        />
      ))}
    </Box>
  );
};
