import { CodeSnippet, InfoCard, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { createFromTemplateRouteRef } from '../../routes';
import { MONITORED_SERVICE_TEMPLATE, setupSnippet } from './setupSnippet';

/**
 * The one entry point of an entity without the monitoring annotations: what to add to its
 * `catalog-info.yaml` (copyable, filled in for this entity) or the template that creates a
 * monitored service. The app hides the Metrics, Alerts, Logs and Runbooks tabs for such an
 * entity instead of showing four "Missing Annotation" pages.
 */
export const MonitoringSetupCard = () => {
  const { entity } = useEntity();
  const templateRoute = useRouteRef(createFromTemplateRouteRef);
  return (
    <InfoCard
      title="Set up monitoring"
      titleTypographyProps={{ component: 'h2' }}
    >
      <Typography variant="body1" paragraph>
        {entity.metadata.name} has no monitoring annotations yet, so its
        Metrics, Alerts, Logs and Runbooks tabs are hidden. Add these lines to
        its <code>catalog-info.yaml</code>; the tabs appear once the catalog has
        read the change.
      </Typography>
      <div data-testid="monitoring-setup-snippet">
        <CodeSnippet
          text={setupSnippet(entity)}
          language="yaml"
          showCopyCodeButton
        />
      </div>
      {templateRoute && (
        <Typography variant="body1" style={{ marginTop: 16 }}>
          Starting a new service?{' '}
          {/* Underlined: inside a sentence a link must not rely on colour alone. */}
          <Link
            to={templateRoute(MONITORED_SERVICE_TEMPLATE)}
            underline="always"
          >
            Create it from the festivals-monitored-service template
          </Link>
          : it is monitored from its first deploy (ServiceMonitor and alert
          rules included).
        </Typography>
      )}
    </InfoCard>
  );
};
