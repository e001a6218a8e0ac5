const UNITS: Array<[size: number, one: string, many: string]> = [
  [86400, 'day', 'days'],
  [3600, 'h', 'h'],
  [60, 'min', 'min'],
  [1, 's', 's'],
];

/**
 * A query step as a reader says it: 1800 → "30 min", 5400 → "1 h 30 min", 15 → "15 s",
 * 0.5 → "500 ms" (not Prometheus' "30m", which reads as metres or months).
 */
export function formatStepWords(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new RangeError(
      `A step must be a positive number of seconds, got ${seconds}`,
    );
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [size, one, many] of UNITS) {
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      parts.push(`${amount} ${amount === 1 ? one : many}`);
      rest -= amount * size;
    }
  }
  return parts.join(' ');
}
