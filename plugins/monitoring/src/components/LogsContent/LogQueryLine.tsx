import { CopyTextButton, Link } from '@backstage/core-components';
import { LogsResponse } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** The LogQL the backend ran, copyable, and where to continue with it. */
export const LogQueryLine = ({ response }: { response: LogsResponse }) => (
  <Box>
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Typography
        component="code"
        data-testid="logs-query"
        style={{
          fontFamily: 'monospace',
          fontSize: 13,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {response.query}
      </Typography>
      <CopyTextButton text={response.query} aria-label="Copy LogQL" />
      {response.links.grafanaExplore && (
        <Link to={response.links.grafanaExplore}>Open in Grafana Explore</Link>
      )}
    </Box>
    <Typography variant="caption" color="textSecondary" component="p">
      From Loki “{response.loki}”; level read from the{' '}
      {response.levelSource === 'label' ? 'stream label' : 'JSON field'}.
    </Typography>
    {response.warnings?.map(w => (
      <Typography key={w} variant="caption" color="textSecondary" component="p">
        Loki warning: {w}
      </Typography>
    ))}
  </Box>
);
