import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { TargetsDiagnostic } from '@internal/plugin-monitoring-common';
import { EmptyLine } from './EmptyLine';

const useStyles = makeStyles(theme => ({
  down: { color: theme.palette.error.main, fontWeight: 'bold' },
}));

/** Prometheus' targets page, for the entity's job only. */
export const TargetsTable = ({ targets }: { targets: TargetsDiagnostic }) => {
  const classes = useStyles();
  if (targets.targets.length === 0)
    return (
      <EmptyLine
        text={`Prometheus has no target for job "${targets.job}": it is not scraped at all.`}
      />
    );
  return (
    <Table size="small" aria-label="Targets">
      <TableHead>
        <TableRow>
          <TableCell>Instance</TableCell>
          <TableCell>Health</TableCell>
          <TableCell>Last error</TableCell>
          <TableCell>Scrape URL</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {targets.targets.map(t => (
          <TableRow key={t.instance}>
            <TableCell>{t.instance}</TableCell>
            <TableCell
              className={t.health === 'down' ? classes.down : undefined}
            >
              {t.health}
            </TableCell>
            <TableCell>{t.lastError || '–'}</TableCell>
            <TableCell>{t.scrapeUrl}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
