import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ANNOTATION_PROMETHEUS_JOB,
  isMonitoringAvailable,
  MonitoringAlert,
  MonitoringSilence,
  monitoringSilenceCreatePermission,
  monitoringSilenceExpirePermission,
} from '@internal/plugin-monitoring-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { monitoringApiRef } from '../../api';
import { AlertsTable } from './AlertsTable';
import { CreateSilenceDialog } from './CreateSilenceDialog';
import { RulesTable } from './RulesTable';
import { SilencesTable } from './SilencesTable';

/** One section of the tab: its own loading and error state, so one failing upstream
 * (Alertmanager or Prometheus) never blanks the others. */
function Section<T>(props: {
  title: string;
  state: { loading: boolean; error?: Error; value?: T };
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

/** The Alerts tab of an entity: its alerts, the rules that watch it, and its silences. */
export const AlertsContent = () => {
  const { entity } = useEntity();
  const api = useApi(monitoringApiRef);
  const entityRef = stringifyEntityRef(entity);
  const available = isMonitoringAvailable(entity);
  const canCreate = usePermission({
    permission: monitoringSilenceCreatePermission,
    resourceRef: entityRef,
  });
  const canExpire = usePermission({
    permission: monitoringSilenceExpirePermission,
    resourceRef: entityRef,
  });
  const [silencing, setSilencing] = useState<MonitoringAlert>();
  const [actionError, setActionError] = useState<string>();

  const alerts = useAsyncRetry(
    async () => (available ? api.getAlerts(entityRef) : undefined),
    [api, entityRef, available],
  );
  const rules = useAsyncRetry(
    async () => (available ? api.getRules(entityRef) : undefined),
    [api, entityRef, available],
  );
  const silences = useAsyncRetry(
    async () => (available ? api.getSilences(entityRef) : undefined),
    [api, entityRef, available],
  );

  if (!available) {
    return (
      <MissingAnnotationEmptyState annotation={ANNOTATION_PROMETHEUS_JOB} />
    );
  }

  const expire = async (silence: MonitoringSilence) => {
    setActionError(undefined);
    try {
      await api.expireSilence(entityRef, silence.id);
    } catch (e) {
      const error = e as { body?: { error?: { message?: string } } } & Error;
      setActionError(error.body?.error?.message ?? error.message);
    }
    silences.retry();
    alerts.retry();
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Section
          title="alerts"
          state={{ ...alerts, value: alerts.value?.alerts }}
        >
          {value => (
            <AlertsTable
              alerts={value}
              onSilence={canCreate.allowed ? setSilencing : undefined}
            />
          )}
        </Section>
      </Grid>
      <Grid item xs={12}>
        {actionError && (
          <Typography color="error" role="alert">
            {actionError}
          </Typography>
        )}
        <Section
          title="silences"
          state={{ ...silences, value: silences.value?.silences }}
        >
          {value => (
            <SilencesTable
              silences={value}
              onExpire={canExpire.allowed ? expire : undefined}
            />
          )}
        </Section>
      </Grid>
      <Grid item xs={12}>
        <Section title="rules" state={{ ...rules, value: rules.value?.rules }}>
          {value => <RulesTable rules={value} />}
        </Section>
      </Grid>
      {silencing && (
        <CreateSilenceDialog
          entity={entity}
          alert={silencing}
          onClose={() => setSilencing(undefined)}
          onCreated={() => {
            setSilencing(undefined);
            silences.retry();
            alerts.retry();
          }}
        />
      )}
    </Grid>
  );
};
