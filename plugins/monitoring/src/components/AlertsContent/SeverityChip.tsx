import Chip from '@material-ui/core/Chip';
import { useTheme } from '@material-ui/core/styles';

/** Severity as a coloured chip: critical red, warning orange, anything else neutral. */
export const SeverityChip = ({ severity }: { severity?: string }) => {
  const theme = useTheme();
  let background: string | undefined;
  if (severity === 'critical') background = theme.palette.error.main;
  else if (severity === 'warning') background = theme.palette.warning.main;
  return (
    <Chip
      size="small"
      label={severity ?? 'none'}
      data-testid={`severity-${severity ?? 'none'}`}
      style={
        background
          ? { backgroundColor: background, color: theme.palette.common.white }
          : undefined
      }
    />
  );
};
