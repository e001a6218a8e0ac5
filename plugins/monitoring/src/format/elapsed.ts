/** "1d 4h", "2h 10m", "5m 3s", "12s": the two largest units of a duration, for "firing for". */
export function formatElapsed(
  fromIso: string,
  now: number = Date.now(),
): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const units: Array<[string, number]> = [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  const amounts = units.map(([unit, size], i) => {
    const above = i === 0 ? Infinity : units[i - 1][1];
    return [Math.floor((seconds % above) / size), unit] as const;
  });
  const first = amounts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  const parts = [`${amounts[first][0]}${amounts[first][1]}`];
  const next = amounts[first + 1];
  if (next && next[0] > 0) parts.push(`${next[0]}${next[1]}`);
  return parts.join(' ');
}

/** "for" of a rule: 0 → "immediately", else like formatElapsed. */
export function formatFor(seconds: number): string {
  if (!seconds) return 'immediately';
  return formatElapsed(new Date(0).toISOString(), seconds * 1000);
}
