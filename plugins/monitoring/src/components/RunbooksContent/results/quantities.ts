/** Cores as kubectl prints them: `250m` under one core, `1.5` above. */
export function formatCores(cores?: number): string {
  if (cores === undefined || !Number.isFinite(cores)) return '–';
  return cores < 1 ? `${Math.round(cores * 1000)}m` : `${+cores.toFixed(2)}`;
}

/** Bytes as kubectl prints memory: `Mi`, `Gi` from 1 Gi up. */
export function formatBytes(bytes?: number): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  const mi = bytes / 1024 / 1024;
  return mi >= 1024 ? `${+(mi / 1024).toFixed(2)}Gi` : `${Math.round(mi)}Mi`;
}

/** `87%`, or `–` when unknown. */
export function formatRatio(ratio?: number): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '–';
  return `${Math.round(ratio * 100)}%`;
}
