import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MarkdownContent,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Link,
  makeStyles,
  Paper,
  Typography,
} from '@material-ui/core';
import {
  ANNOTATION_PROMETHEUS_JOB,
  ANNOTATION_RUNBOOKS,
  kubernetesTargetOf,
  RUNBOOKS,
  RunbookCommandValues,
} from '@internal/plugin-monitoring-common';
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { monitoringApiRef } from '../../api';
import { diagnosticsFaultTitle } from './diagnosticsFault';
import { RunbookSection } from './RunbookSection';
import {
  anchoredAlert,
  firingAlertNames,
  neededKinds,
  orderRunbooks,
} from './runbookView';
import { useLiveDiagnostics } from './useLiveDiagnostics';
import { useTeamRunbooks } from './useTeamRunbooks';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    marginBottom: theme.spacing(2),
  },
  notes: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  heading: { marginBottom: theme.spacing(1) },
}));

/** Command values and, when the annotations do not name a workload, why. */
function targetOf(entity: Parameters<typeof kubernetesTargetOf>[0]): {
  values?: RunbookCommandValues;
  problem?: string;
} {
  const job = entity.metadata.annotations?.[ANNOTATION_PROMETHEUS_JOB];
  try {
    const target = kubernetesTargetOf(entity);
    return {
      values: {
        namespace: target.namespace,
        deployment: target.deployment,
        job: job || undefined,
      },
    };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

/**
 * The entity's Runbooks tab: a runbook per alert of the guide, the ones firing for the entity
 * now first and open, each diagnostic step with its command (the entity's values filled in) and
 * its live result. The runbook text never depends on the live part: denied, unconfigured or
 * failing diagnostics only replace the results.
 */
export const RunbooksContent = () => {
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(monitoringApiRef);
  const location = useLocation();
  const target = useMemo(() => targetOf(entity), [entity]);

  const alerts = useAsync(() => api.getAlerts(entityRef), [api, entityRef]);
  const firing = useMemo(
    () => firingAlertNames(alerts.value?.alerts ?? []),
    [alerts.value],
  );
  const runbooks = useMemo(() => orderRunbooks(RUNBOOKS, firing), [firing]);
  const kinds = useMemo(() => neededKinds(RUNBOOKS), []);
  const { live, refresh, refreshing } = useLiveDiagnostics({
    entityRef,
    kinds,
    targetProblem: target.problem,
  });

  const { annotation, team, teamError, ruleLinks } = useTeamRunbooks(
    entity,
    entityRef,
  );

  const anchor = anchoredAlert(location, RUNBOOKS);
  // What the user opened or closed; everything else follows firing state and the URL.
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const isExpanded = (alert: string) =>
    toggled[alert] ?? (alert === anchor || firing.has(alert));

  useEffect(() => {
    if (!anchor) return;
    // Again once the alerts arrive: firing runbooks move up and shift the section.
    document.getElementById(anchor)?.scrollIntoView?.({ block: 'start' });
  }, [anchor, alerts.loading]);

  return (
    <Box>
      <div className={classes.toolbar}>
        <Typography variant="body2" color="textSecondary">
          {firing.size > 0
            ? `${firing.size} alert${
                firing.size > 1 ? 's' : ''
              } firing for ${entityRef} now; their runbooks come first.`
            : `No runbook's alert is firing for ${entityRef} now.`}
        </Typography>
        {refresh && (
          <Button
            variant="outlined"
            size="small"
            onClick={refresh}
            disabled={refreshing}
          >
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </Button>
        )}
      </div>
      {alerts.error && (
        <WarningPanel
          title="Could not read which alerts are firing"
          message={alerts.error.message}
        />
      )}
      {live.status === 'unavailable' && (
        <WarningPanel
          title="No live diagnostics: the entity names no Kubernetes workload"
          message={`${live.message}. Add backstage.io/kubernetes-id (and backstage.io/kubernetes-namespace) to its catalog-info.yaml; the runbooks below stay readable.`}
          defaultExpanded
        />
      )}
      {live.status === 'denied' && (
        <WarningPanel
          severity="info"
          title="You may not read live diagnostics for this entity"
          message="Reading them needs the monitoring.diagnostics.read permission on the entity; the runbooks below stay readable."
        />
      )}
      {live.status === 'failed' && (
        <ResponseErrorPanel
          error={live.error}
          title={diagnosticsFaultTitle(live.error)}
          defaultExpanded
        />
      )}
      {teamError && (
        <WarningPanel
          severity="error"
          title="Could not read the team's runbooks"
          message={`${teamError.message}. The built-in runbooks below are shown instead (${ANNOTATION_RUNBOOKS}: ${annotation}).`}
          defaultExpanded
        />
      )}
      {team?.notes && (
        <Paper
          variant="outlined"
          className={classes.notes}
          data-testid="team-runbook-notes"
        >
          <Typography variant="overline" component="div">
            Team notes, from{' '}
            <Link href={team.url} target="_blank" rel="noopener noreferrer">
              {team.url}
            </Link>
          </Typography>
          <MarkdownContent content={team.notes} dialect="gfm" />
        </Paper>
      )}
      {/* The tab's outline, as on the other tabs: h2 here, h3 per alert, h4 per part of it. */}
      <Typography variant="h6" component="h2" className={classes.heading}>
        Runbooks ({runbooks.length})
      </Typography>
      {runbooks.map(runbook => (
        <RunbookSection
          key={runbook.alert}
          runbook={runbook}
          firing={firing.has(runbook.alert)}
          expanded={isExpanded(runbook.alert)}
          onToggle={open =>
            setToggled(prev => ({ ...prev, [runbook.alert]: open }))
          }
          values={target.values}
          live={live}
          team={
            team?.url && team.sections[runbook.alert]
              ? { url: team.url, markdown: team.sections[runbook.alert] }
              : undefined
          }
          ruleRunbookUrl={ruleLinks[runbook.alert]}
        />
      ))}
    </Box>
  );
};
