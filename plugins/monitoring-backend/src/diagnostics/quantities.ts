/**
 * Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1G`, `128974848`, `1e3`, `250000n`)
 * as numbers: cores for CPU, bytes for memory. Undefined when the text is not a quantity.
 */
const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m =
    /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|)$/.exec(
      text.trim(),
    );
  if (!m || !(m[2] in SUFFIXES)) return undefined;
  return Number(m[1]) * SUFFIXES[m[2]];
}
