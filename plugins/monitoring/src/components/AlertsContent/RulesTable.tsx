import { Table, TableColumn } from '@backstage/core-components';
import { MonitoringAlertRule } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { formatClock, formatFor } from '../../format';
import { useTimeZone } from '../../hooks';
import { SeverityChip } from './SeverityChip';

const STATE_ORDER: Record<MonitoringAlertRule['state'], number> = {
  firing: 0,
  pending: 1,
  inactive: 2,
};

const ruleKey = (r: MonitoringAlertRule) => `${r.group}/${r.name}`;

/** A rule's expression: one line until asked, so long PromQL does not make the tab a tower. */
function Expression(props: {
  rule: MonitoringAlertRule;
  open: boolean;
  onToggle: () => void;
}) {
  const { rule, open } = props;
  const long = rule.query.length > 60 || rule.query.includes('\n');
  return (
    <Box display="flex" alignItems="flex-start" style={{ gap: 4 }}>
      {/* Closed: one line, clamped rather than `nowrap`, so a long expression never makes the
          table wider than a 900 px window. */}
      <code
        style={{
          fontSize: '0.8em',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
          overflow: 'hidden',
          lineHeight: 1.5,
          maxHeight: open ? undefined : '1.5em',
          display: open ? 'block' : '-webkit-box',
          WebkitLineClamp: open ? undefined : 1,
          WebkitBoxOrient: 'vertical',
        }}
        data-testid={`rule-expr-${rule.name}`}
      >
        {rule.query}
      </code>
      {long && (
        <Button
          size="small"
          onClick={props.onToggle}
          aria-expanded={open}
          aria-label={`${open ? 'Hide' : 'Show'} expression of ${rule.name}`}
        >
          {open ? 'less' : 'more'}
        </Button>
      )}
    </Box>
  );
}

/**
 * The Prometheus alerting rules that watch the entity: what would page, not only what pages.
 * Firing and pending rules first; inactive ones collapsed behind a button; severity coloured only
 * while the rule fires.
 */
export const RulesTable = ({ rules }: { rules: MonitoringAlertRule[] }) => {
  const { zone } = useTimeZone();
  const [showInactive, setShowInactive] = useState(false);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (key: string) =>
    setOpen(current => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const sorted = [...rules].sort(
    (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state],
  );
  const inactive = sorted.filter(r => r.state === 'inactive').length;
  const shown = showInactive
    ? sorted
    : sorted.filter(r => r.state !== 'inactive');

  const columns: TableColumn<MonitoringAlertRule>[] = [
    {
      title: 'Rule',
      render: r => (
        <Box>
          <Typography
            variant="subtitle2"
            component="div"
            style={{ whiteSpace: 'nowrap' }}
          >
            {r.name}
          </Typography>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <SeverityChip
              severity={r.labels.severity}
              firing={r.state === 'firing'}
            />
            <Typography variant="caption" color="textSecondary">
              {r.group}
            </Typography>
          </Box>
        </Box>
      ),
    },
    {
      title: 'State',
      render: r => (
        <>
          <span data-testid={`rule-state-${r.name}`}>
            {r.state}
            {r.activeAlerts > 0 ? ` (${r.activeAlerts})` : ''}
          </span>
          <Typography variant="caption" color="textSecondary" component="div">
            for {formatFor(r.durationSeconds)}
          </Typography>
          <Typography variant="body2" component="div">
            health: {r.health}
          </Typography>
          <Typography variant="caption" color="textSecondary" component="div">
            {r.lastEvaluation
              ? `evaluated ${formatClock(
                  r.lastEvaluation,
                  Date.now(),
                  true,
                  zone,
                )}`
              : 'not evaluated yet'}
          </Typography>
          {r.lastError && (
            <Typography variant="caption" color="error" component="div">
              {r.lastError}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Expression',
      render: r => (
        <Expression
          rule={r}
          open={open.has(ruleKey(r))}
          onToggle={() => toggle(ruleKey(r))}
        />
      ),
    },
  ];
  return (
    <>
      <Table<MonitoringAlertRule>
        title={`Rules (${rules.length})`}
        // Sortable, draggable headers would nest Tab stops (axe nested-interactive); the
        // order (firing first) is the point.
        options={{
          paging: false,
          search: false,
          padding: 'dense',
          sorting: false,
          draggable: false,
        }}
        columns={columns}
        data={shown}
        emptyContent={
          <Box p={2}>
            <Typography>
              {rules.length === 0
                ? 'No alerting rule in Prometheus watches this entity.'
                : 'No rule is firing or pending.'}
            </Typography>
          </Box>
        }
      />
      {inactive > 0 && (
        <Box mt={1}>
          <Button
            size="small"
            onClick={() => setShowInactive(s => !s)}
            aria-expanded={showInactive}
          >
            {showInactive
              ? `Hide ${inactive} inactive rule${inactive === 1 ? '' : 's'}`
              : `Show ${inactive} inactive rule${inactive === 1 ? '' : 's'}`}
          </Button>
        </Box>
      )}
    </>
  );
};
