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

/**
 * The level written as text on a white row: the bar colour where it reads (WCAG AA, 4.5:1),
 * a darker shade of it where it does not (orange, the greys).
 */
const TEXT_SHADES: Record<string, string> = {
  '#f57c00': '#b45309',
  '#9e9e9e': '#616161',
  [UNKNOWN_COLOR]: '#616161',
};

export function levelTextColor(level: string | undefined): string {
  const color = levelColor(level);
  return TEXT_SHADES[color] ?? color;
}

/** Stacking order of the volume bars: the severe levels at the bottom, where they are seen. */
export function levelRank(level: string): number {
  const order = ['fatal', 'critical', 'error', 'warn', 'warning', 'info'];
  const index = order.indexOf(level.toLowerCase());
  return index === -1 ? order.length : index;
}
