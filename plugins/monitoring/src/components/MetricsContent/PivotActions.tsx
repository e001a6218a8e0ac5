import { Link } from '@backstage/core-components';
import { PanelResult } from '@internal/plugin-monitoring-common';
import Button from '@material-ui/core/Button';
import { ChartWindow } from '../PanelCard';
import { logsWindowLink } from './logsPivot';

/**
 * The pivot from a chart window: its logs, and zoom the Metrics tab to it (a clicked point) or
 * back out (a dragged span, which already zoomed).
 */
export const PivotActions = (props: {
  panel: PanelResult;
  window: ChartWindow;
  logsPath: string;
  zoomed: boolean;
  onZoom: (window: ChartWindow) => void;
  onZoomOut: (window: ChartWindow) => void;
}) => (
  <>
    <Link
      to={logsWindowLink(props.logsPath, props.window, props.panel.id)}
      aria-label={`${props.panel.title}: logs for this window`}
    >
      Logs for this window
    </Link>
    {props.zoomed ? (
      <Button
        size="small"
        variant="outlined"
        onClick={() => props.onZoomOut(props.window)}
      >
        Zoom out
      </Button>
    ) : (
      <Button
        size="small"
        variant="outlined"
        onClick={() => props.onZoom(props.window)}
      >
        Zoom to this window
      </Button>
    )}
  </>
);
