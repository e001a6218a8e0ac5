import { LogLine } from '@internal/plugin-monitoring-common';
import ButtonBase from '@material-ui/core/ButtonBase';
import IconButton from '@material-ui/core/IconButton';
import { CSSProperties } from 'react';
import { formatLogTime } from '../../format';
import { useTimeZone } from '../../hooks';
import { AddFieldFilter, FieldValue } from './FieldValue';
import { levelColor, levelTextColor } from './levels';

export const ROW_HEIGHT = 32;
const DETAIL_LINE = 22;

/** Height of an expanded line: one row per field and label, and the raw line. */
export function expandedHeight(line: LogLine): number {
  const rows =
    Object.keys(line.fields).length + Object.keys(line.labels).length + 4;
  return ROW_HEIGHT + Math.min(rows * DETAIL_LINE, 420) + 8;
}

const mono: CSSProperties = { fontFamily: 'monospace', fontSize: 12 };

function Detail(props: {
  line: LogLine;
  traceUrlTemplate?: string;
  onAddFilter: AddFieldFilter;
}) {
  const { line } = props;
  return (
    <div
      data-testid={`log-detail-${line.id}`}
      style={{
        ...mono,
        height: expandedHeight(line) - ROW_HEIGHT - 8,
        overflow: 'auto',
        paddingLeft: 40,
        lineHeight: `${DETAIL_LINE}px`,
      }}
    >
      <div>time: {line.timestampNs} ns</div>
      {Object.entries(line.fields).map(([name, value]) => (
        <div key={`f-${name}`}>
          <FieldValue
            name={name}
            value={value}
            traceUrlTemplate={props.traceUrlTemplate}
            onAddFilter={props.onAddFilter}
          />
        </div>
      ))}
      {Object.entries(line.labels).map(([name, value]) => (
        <div key={`l-${name}`} style={{ color: '#757575' }}>
          label {name}={value}
        </div>
      ))}
      <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        line: {line.line}
      </div>
    </div>
  );
}

/** One log line: time, level, message and fields; expanded, every field and label. */
export const LogLineRow = (props: {
  line: LogLine;
  expanded: boolean;
  onToggle: () => void;
  traceUrlTemplate?: string;
  onAddFilter: AddFieldFilter;
  style: CSSProperties;
}) => {
  const { line, expanded, onToggle, onAddFilter } = props;
  const { zone } = useTimeZone();
  const color = levelColor(line.level);
  const textColor = levelTextColor(line.level);
  const fields = Object.entries(line.fields).filter(
    ([name]) => name !== 'message' && name !== 'level' && name !== 'msg',
  );
  return (
    <div
      style={{ ...props.style, borderLeft: `4px solid ${color}` }}
      data-testid={`log-line-${line.id}`}
      role="listitem"
    >
      <div
        style={{
          ...mono,
          height: ROW_HEIGHT,
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
        }}
      >
        <IconButton
          size="small"
          onClick={onToggle}
          aria-expanded={expanded}
          aria-label={expanded ? 'Collapse line' : 'Expand line'}
        >
          <span aria-hidden style={{ width: 16 }}>
            {expanded ? '▾' : '▸'}
          </span>
        </IconButton>
        <span style={{ color: '#616161' }}>
          {formatLogTime(line.timestampNs, zone)}
        </span>
        {line.level ? (
          <ButtonBase
            onClick={() => onAddFilter('level', line.level!)}
            aria-label={`Filter by level ${line.level}`}
            style={{ ...mono, color: textColor, fontWeight: 700, minWidth: 48 }}
          >
            {line.level}
          </ButtonBase>
        ) : (
          <span style={{ minWidth: 48, color: textColor }} title="no level">
            –
          </span>
        )}
        <span style={{ fontWeight: 500 }}>{line.message}</span>
        {fields.map(([name, value]) => (
          <FieldValue
            key={name}
            name={name}
            value={value}
            traceUrlTemplate={props.traceUrlTemplate}
            onAddFilter={onAddFilter}
          />
        ))}
      </div>
      {expanded && (
        <Detail
          line={line}
          traceUrlTemplate={props.traceUrlTemplate}
          onAddFilter={onAddFilter}
        />
      )}
    </div>
  );
};
