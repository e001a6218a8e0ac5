/**
 * Waits until every series of `query` (an instant PromQL query, typically a `count_over_time`)
 * reaches `minimum`, so callers judge charts and rates only once Prometheus holds enough scrapes.
 */
export async function waitForPrometheusValue(
  prometheusUrl: string,
  query: string,
  minimum: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  for (;;) {
    const res = await fetch(
      `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
    );
    const body = await res.json();
    const values: number[] = (body.data?.result ?? []).map((r: any) =>
      Number(r.value[1]),
    );
    last = values.length ? Math.min(...values) : 0;
    if (last >= minimum) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Prometheus at ${prometheusUrl}: ${query} is ${last} after ${timeoutMs} ms, waited for ${minimum}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}
