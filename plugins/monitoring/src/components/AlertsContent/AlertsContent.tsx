import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  alertScopeMatchers,
  ANNOTATION_PROMETHEUS_JOB,
  isMonitoringAvailable,
  MonitoringAlert,
} from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useEffect, useMemo, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { monitoringApiRef } from '../../api';
import { formatUpdated } from '../../format';
import { useTimeZone } from '../../hooks';
import { TimeZoneSwitch } from '../TimeRange';
import { NowProvider, useNow } from '../../hooks/useNow';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';
import { DeniedReasons } from './ActionButton';
import { AlertFilters } from './AlertFilters';
import {
  AlertFilter,
  applyFilter,
  filterFromParams,
  filterToParams,
} from './alertFilters';
import { alertAnchor, AlertsTable } from './AlertsTable';
import { ConfirmExpireDialog } from './ConfirmExpireDialog';
import { CreateSilenceDialog } from './CreateSilenceDialog';
import { RulesTable } from './RulesTable';
import { useSilenceAccess } from './silenceAccess';
import { SilencesTable } from './SilencesTable';

/** One section of the tab: its own loading and error state, so one failing upstream
 * (Alertmanager or Prometheus) never blanks the others. */
function Section<T>(props: {
  title: string;
  state: { error?: Error; value?: T };
  children: (value: T) => ReactNode;
}) {
  const { state } = props;
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title={`Could not load ${props.title}`}
      />
    );
  }
  if (state.value === undefined) return <Progress />;
  return <>{props.children(state.value)}</>;
}

/** The message a failed request carries: the backend's (e.g. Alertmanager's 409) when present. */
function messageOf(e: unknown): string {
  const error = e as { body?: { error?: { message?: string } } } & Error;
  return error.body?.error?.message ?? error.message;
}

/** Scrolls to the element a link points at once it is rendered: `?alert=` or `#silence-…`. */
function useScrollTo(id: string | undefined, ready: boolean) {
  useEffect(() => {
    if (!id || !ready) return;
    document.getElementById(id)?.scrollIntoView?.({ block: 'center' });
  }, [id, ready]);
}

/** "updated 17:09:54 UTC · 12s ago", counting up. */
function Updated({ at }: { at?: number }) {
  const now = useNow();
  const { zone } = useTimeZone();
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="alerts-updated"
    >
      {formatUpdated(at, now, zone)} · refreshes every 30 s while this tab is
      visible
    </Typography>
  );
}

/**
 * The Alerts tab of an entity: its alerts (filtered, grouped, muted ones apart), the rules that
 * watch it, and its silences. Reloads every 30 s while the browser tab is visible, says when it
 * last did, and counts durations up in between.
 */
export const AlertsContent = () => {
  const { entity } = useEntity();
  const api = useApi(monitoringApiRef);
  const entityRef = stringifyEntityRef(entity);
  const available = isMonitoringAvailable(entity);
  const access = useSilenceAccess(entity);
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const setFilter = (next: AlertFilter) =>
    setParams(current => filterToParams(next, current), { replace: true });
  const { hash } = useLocation();
  const [silencing, setSilencing] = useState<MonitoringAlert>();
  const [expiring, setExpiring] = useState<string>();

  const alerts = useRefreshingAsync(
    async () => (available ? api.getAlerts(entityRef) : undefined),
    [api, entityRef, available],
  );
  const rules = useRefreshingAsync(
    async () => (available ? api.getRules(entityRef) : undefined),
    [api, entityRef, available],
  );
  const silences = useRefreshingAsync(
    async () => (available ? api.getSilences(entityRef) : undefined),
    [api, entityRef, available],
  );

  const allAlerts = alerts.value?.alerts;
  const silenceList = silences.value?.silences;
  useScrollTo(
    filter.focus ? alertAnchor(filter.focus) : undefined,
    !!allAlerts,
  );
  useScrollTo(
    hash.startsWith('#silence-') ? hash.slice(1) : undefined,
    !!silenceList,
  );

  if (!available) {
    return (
      <MissingAnnotationEmptyState annotation={ANNOTATION_PROMETHEUS_JOB} />
    );
  }

  const implied: Record<string, string> = Object.fromEntries(
    alertScopeMatchers(entity).map(m => [m.name, m.value]),
  );
  implied.job = entity.metadata.annotations![ANNOTATION_PROMETHEUS_JOB];

  const reload = () => {
    silences.retry();
    alerts.retry();
  };
  const expire = async (silenceId: string) => {
    try {
      await api.expireSilence(entityRef, silenceId);
    } catch (e) {
      return messageOf(e);
    } finally {
      reload();
    }
    setExpiring(undefined);
    return undefined;
  };

  const updatedAt = [alerts.updatedAt, silences.updatedAt, rules.updatedAt]
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b)[0];

  return (
    <NowProvider>
      <Grid container spacing={3} data-testid="alerts-tab">
        <Grid item xs={12}>
          <Box
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            style={{ gap: 16 }}
          >
            <TimeZoneSwitch />
            <Updated at={updatedAt} />
          </Box>
          <DeniedReasons access={[access.create, access.expire]} />
        </Grid>
        <Grid item xs={12}>
          <Section title="alerts" state={{ ...alerts, value: allAlerts }}>
            {value => (
              <>
                <AlertFilters
                  alerts={value}
                  filter={filter}
                  onChange={setFilter}
                />
                <AlertsTable
                  alerts={applyFilter(value, filter)}
                  allAlerts={value}
                  silences={silenceList ?? []}
                  implied={implied}
                  groupBy={filter.groupBy}
                  focus={filter.focus}
                  actions={{
                    onSilence: setSilencing,
                    onExpire: setExpiring,
                    silenceAccess: access.create,
                    expireAccess: access.expire,
                  }}
                />
              </>
            )}
          </Section>
        </Grid>
        <Grid item xs={12}>
          <Section title="silences" state={{ ...silences, value: silenceList }}>
            {value => (
              <SilencesTable
                silences={value}
                onExpire={setExpiring}
                expireAccess={access.expire}
              />
            )}
          </Section>
        </Grid>
        <Grid item xs={12}>
          <Section
            title="rules"
            state={{ ...rules, value: rules.value?.rules }}
          >
            {value => <RulesTable rules={value} />}
          </Section>
        </Grid>
        {silencing && (
          <CreateSilenceDialog
            entity={entity}
            alert={silencing}
            alerts={allAlerts ?? []}
            onClose={() => setSilencing(undefined)}
            onCreated={() => {
              setSilencing(undefined);
              reload();
            }}
          />
        )}
        {expiring && (
          <ConfirmExpireDialog
            silenceId={expiring}
            silence={silenceList?.find(s => s.id === expiring)}
            muting={(allAlerts ?? []).filter(a =>
              a.silencedBy.includes(expiring),
            )}
            onCancel={() => setExpiring(undefined)}
            onConfirm={() => expire(expiring)}
          />
        )}
      </Grid>
    </NowProvider>
  );
};
