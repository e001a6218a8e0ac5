/**
 * Prometheus durations (`30s`, `5m`, `1h30m`): units y, w, d, h, m, s, ms, each at most once and
 * largest first — the grammar of Prometheus' `model.ParseDuration` and of the prometheus-operator
 * CRDs, so a value accepted here is accepted by Prometheus and by the cluster.
 */

/**
 * The duration grammar as a regex, for schemas that carry it (e.g. into JSON schema). It also
 * matches the empty string, so callers reject that separately; {@link parseDuration} does.
 * @public
 */
export const PROMETHEUS_DURATION_PATTERN =
  /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;

const UNIT_MS: Array<[unit: string, ms: number]> = [
  ['y', 365 * 86400_000],
  ['w', 7 * 86400_000],
  ['d', 86400_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** Seconds of a Prometheus duration (`1h30m` → 5400, `500ms` → 0.5); undefined when it does not parse. @public */
export function parseDuration(text: string): number | undefined {
  const match = PROMETHEUS_DURATION_PATTERN.exec(text);
  if (!text || !match) return undefined;
  let ms = 0;
  // Groups 2, 4, …, 14 hold the amounts, in UNIT_MS order.
  UNIT_MS.forEach(([, size], i) => {
    const amount = match[2 * i + 2];
    if (amount !== undefined) ms += Number(amount) * size;
  });
  return ms / 1000;
}

/**
 * A number of seconds as a Prometheus duration, the way Prometheus prints one (`5400` → `1h30m`,
 * `0` → `0s`): whole milliseconds; years and weeks only when they divide exactly (`90d`, not `12w6d`).
 * @public
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(
      `A duration must be a finite number of seconds ≥ 0, got ${seconds}`,
    );
  }
  let ms = Math.round(seconds * 1000);
  if (ms === 0) return '0s';
  let text = '';
  for (const [unit, size] of UNIT_MS) {
    const exactOnly = unit === 'y' || unit === 'w';
    if (exactOnly && ms % size !== 0) continue;
    const amount = Math.floor(ms / size);
    if (amount > 0) {
      text += `${amount}${unit}`;
      ms -= amount * size;
    }
  }
  return text;
}
