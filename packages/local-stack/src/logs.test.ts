import fs from 'node:fs';
import path from 'node:path';
import { simulatedPods } from './clusterMetrics.ts';
import { repoRoot } from './paths.ts';
import { FESTIVALS_NAMESPACE, startStack, type RunningStack } from './stack.ts';

// The whole local stack: the workload processes push their JSON logs to the Loki-API stand-in as
// the guide's promtail would; the guide's own LogQL queries (docs/monitoring-guide.md, "Querying
// Logs in Grafana"), read from the guide, find them for each festivals entity.
jest.setTimeout(120_000);

const guide = fs.readFileSync(
  path.join(repoRoot(), 'docs', 'monitoring-guide.md'),
  'utf8',
);

/** The guide's six queries, comments dropped. */
const GUIDE_QUERIES = /### Querying Logs in Grafana\s+```logql\n([\s\S]*?)```/
  .exec(guide)![1]
  .split('\n')
  .map(l => l.trim())
  .filter(l => l && !l.startsWith('#'));

/** The field names of the guide's "Application Log Format". */
const GUIDE_LOG_FIELDS = Object.keys(
  JSON.parse(
    /### Application Log Format[\s\S]*?```json\n([\s\S]*?)```/.exec(guide)![1],
  ),
);

const APPS = ['festivals-api', 'festivals-worker'];

let stack: RunningStack;
let lokiUrl: string;
const now = () => BigInt(Date.now()) * 1_000_000n;
let from: bigint;

async function queryRange(query: string, extra: Record<string, string> = {}) {
  const params = new URLSearchParams({
    query,
    start: String(from),
    end: String(now() + 60_000_000_000n),
    limit: '5000',
    ...extra,
  });
  const res = await fetch(`${lokiUrl}/loki/api/v1/query_range?${params}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status} ${text} for ${query}`);
  return JSON.parse(text).data;
}

/** Every line of a streams answer with its stream labels. */
function lines(
  data: any,
): Array<{ stream: Record<string, string>; line: string }> {
  return data.result.flatMap((s: any) =>
    s.values.map(([, line]: string[]) => ({ stream: s.stream, line })),
  );
}

beforeAll(async () => {
  from = now() - 60_000_000_000n;
  stack = await startStack({
    withAlertmanager: false,
    workloads: [
      // More errors and slower requests than the defaults, so every view has lines within seconds.
      {
        service: 'festivals-api',
        role: 'api',
        requestsPerSecond: 40,
        errorRatio: 0.2,
        latencyFactor: 4,
      },
      { service: 'festivals-worker', role: 'worker', queueBacklog: 200 },
    ],
  });
  lokiUrl = stack.loki!.url;
  // Poll (no fixed sleep) until both apps have shipped the rarest lines the views look for: an
  // error line and a line slower than the guide's 1000 ms.
  const deadline = Date.now() + 90_000;
  for (const [what, query] of [
    ['error', `{namespace="${FESTIVALS_NAMESPACE}", level="error"}`],
    [
      'slow (> 1000 ms)',
      `{namespace="${FESTIVALS_NAMESPACE}"} | json | duration_ms > 1000`,
    ],
  ]) {
    for (;;) {
      const data = await queryRange(query);
      const apps = new Set(data.result.map((s: any) => s.stream.app));
      if (APPS.every(a => apps.has(a))) break;
      if (Date.now() > deadline)
        throw new Error(
          `no ${what} lines from ${APPS.filter(a => !apps.has(a))} within 90s`,
        );
      await new Promise(r => setTimeout(r, 1000));
    }
  }
});
afterAll(() => stack?.stop());

describe('the workload’s logs in the Loki-API stand-in', () => {
  it('carry exactly the guide’s promtail labels, level taken from the JSON line', async () => {
    const all = lines(await queryRange(`{namespace="${FESTIVALS_NAMESPACE}"}`));
    expect(all.length).toBeGreaterThan(10);
    for (const app of APPS) {
      const ofApp = all.filter(l => l.stream.app === app);
      expect([app, ofApp.length > 0]).toEqual([app, true]);
      const [pod] = simulatedPods(FESTIVALS_NAMESPACE, { service: app });
      for (const { stream, line } of ofApp.slice(0, 200)) {
        expect(stream).toEqual({
          namespace: FESTIVALS_NAMESPACE,
          app,
          pod: pod.pod,
          level: JSON.parse(line).level,
        });
      }
    }
  });

  it('are JSON lines in the guide’s format (the API’s exactly; the worker’s without HTTP fields)', async () => {
    const byApp = async (app: string) =>
      lines(
        await queryRange(`{namespace="${FESTIVALS_NAMESPACE}", app="${app}"}`),
      ).map(l => JSON.parse(l.line));
    expect(GUIDE_LOG_FIELDS).toContain('trace_id');
    for (const entry of (await byApp('festivals-api')).slice(0, 200))
      expect(Object.keys(entry).sort()).toEqual([...GUIDE_LOG_FIELDS].sort());
    // A job is not an HTTP request: no method, path, status or user; it names its queue.
    const common = [
      'time',
      'level',
      'msg',
      'duration_ms',
      'request_id',
      'trace_id',
    ];
    for (const entry of (await byApp('festivals-worker')).slice(0, 200))
      expect(Object.keys(entry).sort()).toEqual([...common, 'queue'].sort());
  });

  it('the guide has the six queries this test runs', () => {
    expect(GUIDE_QUERIES).toHaveLength(6);
  });

  describe.each(APPS)('the guide’s queries for %s', app => {
    // The entity's namespace and app substituted into the guide's selectors.
    const selector = `{namespace="${FESTIVALS_NAMESPACE}", app="${app}"}`;
    const entityQueries = () =>
      GUIDE_QUERIES.map(q =>
        q.replace(
          /\{namespace="festivals-production"(, app="[^"]*")?\}/,
          selector,
        ),
      );

    it('all logs; lines containing "error"; level="error"; duration_ms > 1000', async () => {
      const [all, errorText, errorLevel, , , slow] = entityQueries();
      expect(all).toBe(selector);
      expect(lines(await queryRange(all)).length).toBeGreaterThan(0);

      const withError = lines(await queryRange(errorText));
      expect(withError.length).toBeGreaterThan(0);
      for (const l of withError) expect(l.line).toContain('error');

      const errors = lines(await queryRange(errorLevel));
      expect(errors.length).toBeGreaterThan(0);
      for (const l of errors) expect(JSON.parse(l.line).level).toBe('error');

      const slowLines = lines(await queryRange(slow));
      expect(slowLines.length).toBeGreaterThan(0);
      for (const l of slowLines)
        expect(JSON.parse(l.line).duration_ms).toBeGreaterThan(1000);
    });

    it('error count per service over time', async () => {
      const count = entityQueries()[4];
      const data = await queryRange(count, { step: '5s' });
      expect(data.resultType).toBe('matrix');
      expect(data.result.map((s: any) => s.metric)).toEqual([{ app }]);
      expect(
        data.result[0].values.some(([, v]: [number, string]) => Number(v) > 0),
      ).toBe(true);
    });

    it('a given user_id (one the API logged; jobs carry none)', async () => {
      const api = lines(
        await queryRange(
          `{namespace="${FESTIVALS_NAMESPACE}", app="festivals-api"}`,
          { limit: '1' },
        ),
      );
      const user = JSON.parse(api[0].line).user_id;
      const byUser = entityQueries()[3].replace(
        '"12345"',
        JSON.stringify(user),
      );
      const found = lines(await queryRange(byUser));
      expect(found.every(l => JSON.parse(l.line).user_id === user)).toBe(true);
      expect(found.length > 0).toBe(app === 'festivals-api');
    });
  });
});
