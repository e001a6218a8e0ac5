import { PanelUnit } from '@internal/plugin-monitoring-common';

/** A panel value with its unit, the way an on-call reader expects it (`12.3 req/s`, `850 ms`). */
export function formatValue(
  unit: PanelUnit,
  value: number | null | undefined,
): string {
  if (value === null || value === undefined || !Number.isFinite(value))
    return '–';
  switch (unit) {
    case 'reqps':
      return `${trim(value)} req/s`;
    case 'percent':
      return `${trim(value)}%`;
    case 'burn-rate':
      return `${trim(value)}×`;
    case 'seconds':
      return value < 1 ? `${trim(value * 1000)} ms` : `${trim(value)} s`;
    case 'count':
    default:
      return Number.isInteger(value)
        ? value.toLocaleString('en-US')
        : trim(value);
  }
}

function trim(value: number): string {
  const abs = Math.abs(value);
  let digits = 2;
  if (abs >= 100) digits = 0;
  else if (abs >= 10) digits = 1;
  return value.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1');
}
