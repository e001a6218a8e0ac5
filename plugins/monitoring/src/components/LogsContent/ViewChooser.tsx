import { LOG_VIEWS, LogViewId } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';

const VIEW_IDS = Object.keys(LOG_VIEWS) as LogViewId[];

/** The guide's six log queries, one click each. */
export const ViewChooser = (props: {
  view: LogViewId;
  onChange: (view: LogViewId) => void;
}) => (
  <Box
    display="flex"
    flexWrap="wrap"
    style={{ gap: 8 }}
    role="group"
    aria-label="Log views"
  >
    {VIEW_IDS.map(id => (
      <Chip
        key={id}
        label={LOG_VIEWS[id].title}
        clickable
        color={props.view === id ? 'primary' : 'default'}
        variant={props.view === id ? 'default' : 'outlined'}
        aria-pressed={props.view === id}
        onClick={() => props.onChange(id)}
      />
    ))}
  </Box>
);
