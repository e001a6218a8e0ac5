import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { CSSProperties, ReactNode } from 'react';
import { ActionAccess } from './silenceAccess';

const useStyles = makeStyles(theme => ({
  denied: {
    color: theme.palette.text.disabled,
    borderColor: theme.palette.action.disabledBackground,
    cursor: 'not-allowed',
  },
}));

/**
 * A row action (Silence, Expire). Denied, it stays in place and focusable, marked
 * `aria-disabled` (a `disabled` button could neither be focused nor show its tooltip), and
 * says why: the tooltip on hover or focus, the accessible description for screen readers.
 */
export const ActionButton = (props: {
  access: ActionAccess;
  label: string;
  onClick: () => void;
  children: ReactNode;
  style?: CSSProperties;
}) => {
  const { access } = props;
  const classes = useStyles();
  if (access.allowed) {
    return (
      <Button
        size="small"
        variant="outlined"
        style={props.style}
        onClick={props.onClick}
        aria-label={props.label}
      >
        {props.children}
      </Button>
    );
  }
  return (
    <Tooltip title={access.reason}>
      <Button
        size="small"
        variant="outlined"
        style={props.style}
        className={classes.denied}
        aria-label={props.label}
        aria-disabled="true"
        aria-describedby={access.reasonId}
        disableRipple
      >
        {props.children}
      </Button>
    </Tooltip>
  );
};

/** The reasons of the denied actions, once per tab: what `aria-describedby` points at. */
export const DeniedReasons = (props: {
  access: Array<ActionAccess | undefined>;
}) => {
  const denied = props.access.filter(
    (a): a is Extract<ActionAccess, { allowed: false }> =>
      a !== undefined && !a.allowed,
  );
  if (denied.length === 0) return null;
  return (
    <div data-testid="silence-denied-reasons">
      {denied.map(a => (
        <Typography
          key={a.reasonId}
          id={a.reasonId}
          variant="body2"
          color="textSecondary"
        >
          {a.reason}
        </Typography>
      ))}
    </div>
  );
};
