import { CopyTextButton, InfoCard, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
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
  const theme = useTheme();
  const templateRoute = useRouteRef(createFromTemplateRouteRef);
  const snippet = setupSnippet(entity);
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
      {/* Plain text, not a syntax highlighter: its colours fall under 4.5:1 on this card. Long
          lines wrap, so the block never needs scrolling (a keyboard could not scroll it). */}
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <pre
          data-testid="monitoring-setup-snippet"
          style={{
            flex: 1,
            margin: 0,
            padding: 12,
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            borderRadius: 4,
            border: `1px solid ${theme.palette.divider}`,
            background: theme.palette.background.default,
            color: theme.palette.text.primary,
          }}
        >
          {snippet}
        </pre>
        <CopyTextButton
          text={snippet}
          aria-label="Copy the catalog-info.yaml lines"
        />
      </Box>
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
