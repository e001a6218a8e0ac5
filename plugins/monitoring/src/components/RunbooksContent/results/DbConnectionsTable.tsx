import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { DbConnectionsDiagnostic } from '@internal/plugin-monitoring-common';
import { EmptyLine } from './EmptyLine';
import { formatRatio } from './quantities';

const useStyles = makeStyles(theme => ({
  over: { color: theme.palette.error.main, fontWeight: 'bold' },
}));

/** Connections in use against the pool, per pod, against the alert's 80 %. */
export const DbConnectionsTable = ({ db }: { db: DbConnectionsDiagnostic }) => {
  const classes = useStyles();
  if (db.series.length === 0)
    return <EmptyLine text="No db_connections series for the entity." />;
  return (
    <Table size="small" aria-label="Database connections">
      <TableHead>
        <TableRow>
          <TableCell>Series</TableCell>
          <TableCell>Active / pool</TableCell>
          <TableCell>In use (alert at {formatRatio(db.threshold)})</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {db.series.map(s => {
          const name =
            Object.entries(s.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ') || 'all';
          const over = s.ratio !== undefined && s.ratio >= db.threshold;
          return (
            <TableRow key={name}>
              <TableCell>{name}</TableCell>
              <TableCell>
                {s.active} / {s.total}
              </TableCell>
              <TableCell className={over ? classes.over : undefined}>
                {formatRatio(s.ratio)}
                {over && ' — above threshold'}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
