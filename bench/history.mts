/**
 * A week of festivals-api history as OpenMetrics, for `promtool tsdb create-blocks-from
 * openmetrics`: the series the Metrics panels read (requests by method/path/status, the latency
 * histogram, DB connections, tickets), one sample every 30 s, with the labels the local stack's
 * scrape gives (job, instance, namespace, service). Values follow a daily traffic curve around
 * the workload's ~25 req/s and ~2 % 5xx, so queries over days do the work they would in production.
 */
import fs from 'node:fs';

const ENDPOINTS = [
  { method: 'GET', path: '/api/festivals', weight: 40, ms: 40 },
  { method: 'GET', path: '/api/festivals/:id', weight: 25, ms: 30 },
  { method: 'GET', path: '/api/festivals/:id/tickets', weight: 15, ms: 60 },
  { method: 'POST', path: '/api/tickets/purchase', weight: 8, ms: 250 },
  { method: 'POST', path: '/api/wallet/topup', weight: 5, ms: 180 },
  { method: 'GET', path: '/api/users/me', weight: 7, ms: 20 },
];
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10];
const TOTAL_WEIGHT = ENDPOINTS.reduce((s, e) => s + e.weight, 0);

function labels(extra: Record<string, string>): string {
  const all = {
    job: 'festivals-api',
    instance: '127.0.0.1:9101',
    namespace: 'festivals-production',
    service: 'festivals-api',
    ...extra,
  };
  return `{${Object.entries(all)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

/** Requests per second at time t: a daily curve between 10 and 40. */
function rps(t: number): number {
  return 25 + 15 * Math.sin((2 * Math.PI * t) / 86400);
}

export function writeHistory(
  file: string,
  options: { endSeconds: number; days: number; stepSeconds: number },
): { series: number; samples: number } {
  const { endSeconds, days, stepSeconds } = options;
  const start = endSeconds - days * 86400;
  const times: number[] = [];
  for (let t = start; t <= endSeconds; t += stepSeconds) times.push(t);
  const out = fs.openSync(file, 'w');
  let buffer = '';
  const emit = (line: string) => {
    buffer += `${line}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(out, buffer);
      buffer = '';
    }
  };
  let series = 0;
  const serie = (
    name: string,
    l: string,
    value: (t: number, i: number) => number,
  ) => {
    series += 1;
    emit(`# TYPE ${name} unknown`);
    times.forEach((t, i) => emit(`${name}${l} ${value(t, i)} ${t}`));
  };

  // Cumulative counters: integrate the rate over each step.
  const cumulative = (share: (t: number) => number) => {
    let total = 0;
    return (t: number, i: number) => {
      if (i > 0) total += rps(t) * share(t) * stepSeconds;
      return Math.round(total);
    };
  };
  for (const e of ENDPOINTS) {
    const share = e.weight / TOTAL_WEIGHT;
    const ok = e.method === 'POST' ? '201' : '200';
    serie(
      'http_requests_total',
      labels({ method: e.method, path: e.path, status: ok }),
      cumulative(() => share * 0.98),
    );
    for (const status of ['500', '502', '503']) {
      serie(
        'http_requests_total',
        labels({ method: e.method, path: e.path, status }),
        cumulative(() => (share * 0.02) / 3),
      );
    }
    // Exponential latency around e.ms: share of requests under each bucket bound.
    for (const le of [...BUCKETS, Infinity]) {
      const under = le === Infinity ? 1 : 1 - Math.exp(-le / (e.ms / 1000));
      serie(
        'http_request_duration_seconds_bucket',
        labels({
          method: e.method,
          path: e.path,
          le: le === Infinity ? '+Inf' : String(le),
        }),
        cumulative(() => share * under),
      );
    }
    serie(
      'http_request_duration_seconds_count',
      labels({ method: e.method, path: e.path }),
      cumulative(() => share),
    );
  }
  serie('db_connections_active', labels({}), t => Math.round(3 + rps(t) * 0.3));
  let tickets = 0;
  serie(
    'tickets_sold_total',
    labels({ festival_id: '1', ticket_type: 'day' }),
    (t, i) => {
      if (i > 0) tickets += rps(t) * (8 / TOTAL_WEIGHT) * stepSeconds;
      return Math.round(tickets);
    },
  );
  emit('# EOF');
  fs.writeSync(out, buffer);
  fs.closeSync(out);
  return { series, samples: series * times.length };
}
