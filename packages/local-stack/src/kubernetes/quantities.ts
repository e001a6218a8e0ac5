/** Kubernetes resource quantities as the API server and metrics-server write them. */

/** CPU cores as millicores (`500m`), the form requests and limits are usually written in. */
export const millicores = (cores: number) => `${Math.round(cores * 1000)}m`;

/** CPU cores as nanocores (`123456789n`), as metrics-server reports usage. */
export const nanocores = (cores: number) => `${Math.round(cores * 1e9)}n`;

/** Bytes in the largest binary unit that divides them (`512Mi`), as specs are usually written. */
export function binaryBytes(bytes: number): string {
  for (const [unit, size] of [
    ['Gi', 1024 ** 3],
    ['Mi', 1024 ** 2],
    ['Ki', 1024],
  ] as const)
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

/** Bytes as kibibytes (`209715Ki`), as metrics-server reports usage. */
export const kibibytes = (bytes: number) => `${Math.round(bytes / 1024)}Ki`;

/** RFC 3339 at second precision, as `metav1.Time` serialises. */
export const timestamp = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
