import { Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ANNOTATION_LOKI_APP,
  isLogsAvailable,
  monitoringLogsReadPermission,
} from '@internal/plugin-monitoring-common';
import { LogsDenied } from './LogsDenied';
import { LogsExplorer } from './LogsExplorer';

/** Asks the permission framework first: logs can carry personal data. */
const LogsPermissionGate = ({ entityRef }: { entityRef: string }) => {
  const { loading, allowed } = usePermission({
    permission: monitoringLogsReadPermission,
    resourceRef: entityRef,
  });
  if (loading) return <Progress />;
  if (!allowed) return <LogsDenied entityRef={entityRef} />;
  return <LogsExplorer entityRef={entityRef} />;
};

/**
 * The entity's Logs tab: its Loki lines for one of the guide's views, with filters, the volume
 * chart and the LogQL that was run; same time range as the Metrics tab, all in the URL.
 */
export const LogsContent = () => {
  const { entity } = useEntity();
  if (!isLogsAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_LOKI_APP} />;
  }
  return <LogsPermissionGate entityRef={stringifyEntityRef(entity)} />;
};
