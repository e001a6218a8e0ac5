/**
 * Round value ticks from 0 to just above `max`: a step of 1, 2 or 5 × 10^k, about `count`
 * ticks. Recharts keeps a computed domain maximum as the top tick (12.37 req/s drew "12.4"),
 * so the axis gets these ticks and ends on the last one.
 */
export function valueTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 5, 10].map(m => m * magnitude).find(s => s >= raw) ?? 10 * magnitude;
  const top = Math.ceil(max / step - 1e-9);
  return Array.from({ length: top + 1 }, (_, i) =>
    Number((i * step).toPrecision(12)),
  );
}
