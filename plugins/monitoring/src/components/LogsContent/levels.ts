/** One colour per level, shared by the volume bars and the lines so they read together. */
const LEVEL_COLORS: Record<string, string> = {
  fatal: '#7b1fa2',
  critical: '#7b1fa2',
  error: '#d32f2f',
  warn: '#f57c00',
  warning: '#f57c00',
  info: '#1976d2',
  debug: '#757575',
  trace: '#9e9e9e',
};

const UNKNOWN_COLOR = '#bdbdbd';

export function levelColor(level: string | undefined): string {
  return (level && LEVEL_COLORS[level.toLowerCase()]) || UNKNOWN_COLOR;
}

/** Stacking order of the volume bars: the severe levels at the bottom, where they are seen. */
export function levelRank(level: string): number {
  const order = ['fatal', 'critical', 'error', 'warn', 'warning', 'info'];
  const index = order.indexOf(level.toLowerCase());
  return index === -1 ? order.length : index;
}
