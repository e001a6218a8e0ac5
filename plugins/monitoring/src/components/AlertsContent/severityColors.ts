/**
 * Chip colours per severity, each pair ≥ 4.5:1 (WCAG AA for text; severityColors.test.ts computes
 * it). Warning is amber with dark text: white on orange was 2.16:1. Severities of rules that are
 * not firing use `muted`, so colour means "paging now".
 */
export const SEVERITY_COLORS: Record<
  'critical' | 'warning' | 'neutral' | 'muted',
  { background: string; text: string }
> = {
  critical: { background: '#b71c1c', text: '#ffffff' },
  warning: { background: '#ffa000', text: '#212121' },
  neutral: { background: '#e0e0e0', text: '#212121' },
  muted: { background: '#f5f5f5', text: '#424242' },
};

export type SeverityTone = keyof typeof SEVERITY_COLORS;

/** The tone of a severity label; `muted` when its alert or rule is not firing. */
export function severityTone(
  severity: string | undefined,
  firing = true,
): SeverityTone {
  if (!firing) return 'muted';
  if (severity === 'critical') return 'critical';
  if (severity === 'warning') return 'warning';
  return 'neutral';
}
