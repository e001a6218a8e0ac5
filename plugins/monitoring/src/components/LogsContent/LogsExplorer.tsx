import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  LOG_VIEWS,
  LogField,
  MAX_LOG_LINES,
} from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { monitoringApiRef } from '../../api';
import { usePolling } from '../../hooks';
import { resolveRange, TimeRangePicker, useTimeRange } from '../TimeRange';
import { ErrorCountChart } from './ErrorCountChart';
import { FilterChips } from './FilterChips';
import { FilterForm } from './FilterForm';
import { LogList } from './LogList';
import { addFieldFilter, toLogsRequest } from './logFilters';
import { LogQueryLine } from './LogQueryLine';
import { LogsDenied } from './LogsDenied';
import { logsFault } from './logsFault';
import { LogVolumeChart } from './LogVolumeChart';
import { useLogFilters } from './useLogFilters';
import { useLogPages } from './useLogPages';
import { ViewChooser } from './ViewChooser';
import { ViewOptions } from './ViewOptions';

/** Bars in the volume chart. */
const VOLUME_BARS = 120;

function Fault({ error, entityRef }: { error: Error; entityRef: string }) {
  const fault = logsFault(error);
  if (fault.denied) return <LogsDenied entityRef={entityRef} />;
  return (
    <WarningPanel
      severity="error"
      defaultExpanded
      title={fault.title}
      message={fault.message}
    />
  );
}

/** A part of the tab, an h2 under the page's h1 as on the other tabs. */
const SectionHeading = ({ children }: { children: string }) => (
  <Typography variant="h6" component="h2" style={{ marginBottom: -8 }}>
    {children}
  </Typography>
);

/** The Logs tab once the user may read the entity's logs. */
export const LogsExplorer = ({ entityRef }: { entityRef: string }) => {
  const api = useApi(monitoringApiRef);
  const { range, setRange, refreshMs, setRefreshMs } = useTimeRange();
  const { filters, update } = useLogFilters();
  const [tick, setTick] = useState(0);
  usePolling(() => setTick(t => t + 1), refreshMs);

  // One resolution of a relative range per change or refresh: lines and volume agree.
  const resolved = useMemo(
    () => resolveRange(range, Date.now()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [range, tick],
  );
  const request = useMemo(
    () => toLogsRequest(entityRef, filters, resolved),
    [entityRef, filters, resolved],
  );
  const isMetricView = LOG_VIEWS[filters.view].kind === 'metric';
  const pages = useLogPages(api, request, tick);
  const volume = useAsync(async () => {
    if (!request || isMetricView) return undefined;
    return api.getLogVolume({ ...request, maxDataPoints: VOLUME_BARS });
  }, [api, JSON.stringify(request), isMetricView]);

  const onAddFilter = useCallback(
    (field: LogField | 'level', value: string) =>
      update(current => addFieldFilter(current, field, value)),
    [update],
  );
  const response = pages.response;

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <TimeRangePicker
        range={range}
        onRangeChange={setRange}
        refreshMs={refreshMs}
        onRefreshChange={setRefreshMs}
      />
      <ViewChooser
        view={filters.view}
        onChange={view => update(current => ({ ...current, view }))}
      />
      <ViewOptions filters={filters} onChange={next => update(() => next)} />
      <FilterForm filters={filters} onChange={next => update(() => next)} />
      <FilterChips filters={filters} onChange={next => update(() => next)} />

      {!request && (
        <Typography variant="body2" color="textSecondary">
          Enter a user_id to see one user’s lines.
        </Typography>
      )}
      {pages.error && <Fault error={pages.error} entityRef={entityRef} />}
      {request && response && !pages.error && (
        <LogQueryLine response={response} />
      )}
      {pages.loading && <Progress />}

      {request && !pages.error && !pages.loading && response && (
        <>
          {isMetricView ? (
            <>
              <SectionHeading>Errors over time</SectionHeading>
              <ErrorCountChart response={response} />
            </>
          ) : (
            <>
              <SectionHeading>Log volume</SectionHeading>
              {volume.value && (
                <LogVolumeChart volume={volume.value} onNarrow={setRange} />
              )}
              {volume.error && !logsFault(volume.error).denied && (
                <Typography variant="caption" color="error">
                  Log volume unavailable: {logsFault(volume.error).message}
                </Typography>
              )}
              <SectionHeading>Log lines</SectionHeading>
              <Typography variant="caption" color="textSecondary">
                {pages.lines.length.toLocaleString('en-US')} lines, newest
                first.
              </Typography>
              {pages.lines.length > 0 ? (
                <LogList
                  lines={pages.lines}
                  traceUrlTemplate={response.links.traceUrlTemplate}
                  onAddFilter={onAddFilter}
                />
              ) : (
                <Typography variant="body2" color="textSecondary">
                  No lines match in this range.
                </Typography>
              )}
              {pages.nextCursor && (
                <Box>
                  <Button
                    variant="outlined"
                    onClick={pages.loadOlder}
                    disabled={pages.loadingOlder}
                  >
                    {pages.loadingOlder ? 'Loading older lines…' : 'Load older'}
                  </Button>
                </Box>
              )}
              {pages.olderError && (
                <Fault error={pages.olderError} entityRef={entityRef} />
              )}
              {pages.capped && (
                <Typography variant="body2" color="textSecondary">
                  Showing the newest {MAX_LOG_LINES.toLocaleString('en-US')}{' '}
                  lines, the most the list keeps: narrow the range or add a
                  filter to see older ones.
                </Typography>
              )}
            </>
          )}
        </>
      )}
    </Box>
  );
};
