import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { HpaDiagnostic } from '@internal/plugin-monitoring-common';
import { EmptyLine } from './EmptyLine';

/** `kubectl get hpa`: "at max" means scaling out is no longer an answer. */
export const HpaTable = ({ hpas }: { hpas: HpaDiagnostic[] }) => {
  if (hpas.length === 0)
    return <EmptyLine text="No HorizontalPodAutoscaler targets the entity." />;
  return (
    <Table size="small" aria-label="HPA">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Target</TableCell>
          <TableCell>Metrics</TableCell>
          <TableCell>Current / desired</TableCell>
          <TableCell>Min / max</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {hpas.map(h => (
          <TableRow key={h.name}>
            <TableCell>
              {h.name}{' '}
              {h.atMax && (
                <Chip size="small" color="secondary" label="at max" />
              )}
            </TableCell>
            <TableCell>{h.target}</TableCell>
            <TableCell>{h.metrics.join(', ') || '–'}</TableCell>
            <TableCell>
              {h.currentReplicas} / {h.desiredReplicas}
            </TableCell>
            <TableCell>
              {h.minReplicas} / {h.maxReplicas}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
