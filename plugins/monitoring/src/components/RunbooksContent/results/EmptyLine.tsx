import { Typography } from '@material-ui/core';

/** A step that read fine and found nothing says so in one line. */
export const EmptyLine = ({ text }: { text: string }) => (
  <Typography variant="body2" color="textSecondary">
    {text}
  </Typography>
);
