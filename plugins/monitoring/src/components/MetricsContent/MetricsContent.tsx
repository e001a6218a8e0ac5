import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PROMETHEUS_JOB,
  isMonitoringAvailable,
} from '@internal/plugin-monitoring-common';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { monitoringApiRef } from '../../api';
import { PanelCard } from '../PanelCard';

/** Range presets, in seconds. */
export const RANGE_PRESETS: Array<{ label: string; seconds: number }> = [
  { label: 'Last 15 minutes', seconds: 15 * 60 },
  { label: 'Last 1 hour', seconds: 3600 },
  { label: 'Last 6 hours', seconds: 6 * 3600 },
  { label: 'Last 24 hours', seconds: 86400 },
  { label: 'Last 7 days', seconds: 7 * 86400 },
];

/** Panels shown on the tab so far (the rest of the catalog lands with the Metrics issue). */
const TAB_PANELS = ['request-rate'];

/** The Metrics tab of an entity. */
export const MetricsContent = () => {
  const { entity } = useEntity();
  const api = useApi(monitoringApiRef);
  const [rangeSeconds, setRangeSeconds] = useState(3600);
  const available = isMonitoringAvailable(entity);
  const entityRef = stringifyEntityRef(entity);

  const { value, loading, error } = useAsync(async () => {
    if (!available) return undefined;
    const end = Date.now() / 1000;
    return api.getPanels({
      entityRef,
      panelIds: TAB_PANELS,
      start: end - rangeSeconds,
      end,
      maxDataPoints: 600,
    });
  }, [api, entityRef, rangeSeconds, available]);

  if (!available) {
    return (
      <MissingAnnotationEmptyState annotation={ANNOTATION_PROMETHEUS_JOB} />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <TextField
          select
          label="Time range"
          value={rangeSeconds}
          onChange={e => setRangeSeconds(Number(e.target.value))}
          variant="outlined"
          size="small"
          style={{ minWidth: 200 }}
        >
          {RANGE_PRESETS.map(p => (
            <MenuItem key={p.seconds} value={p.seconds}>
              {p.label}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      {loading && !value && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {error && (
        <Grid item xs={12}>
          <ResponseErrorPanel error={error} title="Could not load metrics" />
        </Grid>
      )}
      {value?.panels.map(panel => (
        <Grid item xs={12} md={6} key={panel.id}>
          <PanelCard panel={panel} />
        </Grid>
      ))}
    </Grid>
  );
};
