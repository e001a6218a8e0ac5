import Chip from '@material-ui/core/Chip';
import { SEVERITY_COLORS, severityTone } from './severityColors';

/**
 * Severity as a chip: critical red, warning amber, others grey, all AA contrast; `firing={false}`
 * (a rule that is not firing) greys it out so colour means "paging now". The text is the
 * severity itself, so screen readers read "critical", not a colour.
 */
export const SeverityChip = ({
  severity,
  firing = true,
}: {
  severity?: string;
  firing?: boolean;
}) => {
  const tone = severityTone(severity, firing);
  const { background, text } = SEVERITY_COLORS[tone];
  return (
    <Chip
      size="small"
      label={severity ?? 'none'}
      title={`severity ${severity ?? 'none'}${firing ? '' : ' (not firing)'}`}
      data-testid={`severity-${severity ?? 'none'}`}
      data-tone={tone}
      style={{ backgroundColor: background, color: text }}
    />
  );
};
