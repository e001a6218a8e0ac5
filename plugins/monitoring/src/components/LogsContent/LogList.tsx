import { LogLine } from '@internal/plugin-monitoring-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ListChildComponentProps, VariableSizeList } from 'react-window';
import { AddFieldFilter } from './FieldValue';
import { expandedHeight, LogLineRow, ROW_HEIGHT } from './LogLineRow';

const MAX_HEIGHT = 640;

interface RowData {
  lines: LogLine[];
  expanded: Set<string>;
  toggle: (index: number) => void;
  traceUrlTemplate?: string;
  onAddFilter: AddFieldFilter;
}

function Row({ index, style, data }: ListChildComponentProps<RowData>) {
  const line = data.lines[index];
  return (
    <LogLineRow
      line={line}
      style={style}
      expanded={data.expanded.has(line.id)}
      onToggle={() => data.toggle(index)}
      traceUrlTemplate={data.traceUrlTemplate}
      onAddFilter={data.onAddFilter}
    />
  );
}

/**
 * The lines, newest first, virtualized: up to 5,000 lines with only the visible rows in the
 * page. An expanded line grows, so its size is recomputed from that index on.
 */
export const LogList = (props: {
  lines: LogLine[];
  traceUrlTemplate?: string;
  onAddFilter: AddFieldFilter;
}) => {
  const { lines } = props;
  const listRef = useRef<VariableSizeList>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  // Another query: nothing stays expanded, sizes start over.
  const firstId = lines[0]?.id;
  useEffect(() => {
    setExpanded(new Set());
    listRef.current?.resetAfterIndex(0);
  }, [firstId]);

  const toggle = useCallback(
    (index: number) => {
      const id = lines[index].id;
      setExpanded(current => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      listRef.current?.resetAfterIndex(index);
    },
    [lines],
  );

  const itemSize = (index: number) =>
    expanded.has(lines[index].id) ? expandedHeight(lines[index]) : ROW_HEIGHT;

  let total = 0;
  for (let i = 0; i < lines.length && total < MAX_HEIGHT; i++)
    total += itemSize(i);

  const itemData: RowData = {
    lines,
    expanded,
    toggle,
    traceUrlTemplate: props.traceUrlTemplate,
    onAddFilter: props.onAddFilter,
  };
  return (
    <div role="list" aria-label="Log lines" data-testid="log-lines">
      <VariableSizeList
        ref={listRef}
        height={Math.min(MAX_HEIGHT, total + 4)}
        width="100%"
        itemCount={lines.length}
        itemSize={itemSize}
        estimatedItemSize={ROW_HEIGHT}
        itemKey={index => lines[index].id}
        itemData={itemData}
        overscanCount={10}
      >
        {Row}
      </VariableSizeList>
    </div>
  );
};
