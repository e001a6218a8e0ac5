import { Link } from '@backstage/core-components';
import { LOG_FIELDS, LogField } from '@internal/plugin-monitoring-common';
import ButtonBase from '@material-ui/core/ButtonBase';
import { traceUrl } from './traceLink';

const isLogField = (key: string): key is LogField =>
  (LOG_FIELDS as readonly string[]).includes(key);

/** Adds `field = value` to the filters. */
export type AddFieldFilter = (field: LogField | 'level', value: string) => void;

/**
 * One `key=value` of a line. Values of the filterable fields are buttons that add the filter;
 * `trace_id` links to the tracing UI when one is configured.
 */
export const FieldValue = (props: {
  name: string;
  value: string;
  traceUrlTemplate?: string;
  onAddFilter: AddFieldFilter;
}) => {
  const { name, value, traceUrlTemplate, onAddFilter } = props;
  if (name === 'trace_id' && traceUrlTemplate) {
    return (
      <span>
        {name}=
        <Link
          to={traceUrl(traceUrlTemplate, value)}
          aria-label={`Open trace ${value}`}
        >
          {value}
        </Link>
      </span>
    );
  }
  if (isLogField(name)) {
    return (
      <span>
        {name}=
        <ButtonBase
          onClick={() => onAddFilter(name, value)}
          aria-label={`Filter by ${name} ${value}`}
          title={`Show only lines with ${name} = ${value}`}
          style={{
            font: 'inherit',
            color: '#1976d2',
            textDecoration: 'underline dotted',
          }}
        >
          {value}
        </ButtonBase>
      </span>
    );
  }
  return (
    <span>
      {name}={value}
    </span>
  );
};
