import { EmptyState } from '@backstage/core-components';

/** Shown instead of the logs when the user may not read them; nothing is fetched. */
export const LogsDenied = ({ entityRef }: { entityRef: string }) => (
  <EmptyState
    missing="data"
    title="You may not read this entity’s logs"
    description={`Reading the logs of ${entityRef} needs the monitoring.logs.read permission (logs can carry personal data). Ask the entity’s owners or your Backstage admins for access.`}
  />
);
