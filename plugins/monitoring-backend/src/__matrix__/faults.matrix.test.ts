import { mockCredentials } from '@backstage/backend-test-utils';
import { monitoredComponent } from '@internal/test-kit';
import request from 'supertest';
import {
  eventually,
  Fault,
  FakeUpstreams,
  monitoringConfig,
  startFakeUpstreams,
  startMonitoringBackend,
  UpstreamKind,
  UPSTREAM_MARKER,
} from '../__testUtils__/fakeUpstreams';

// Each upstream × each way it fails, through the real routes: the answer is the documented error
// shape naming the upstream, it comes within the configured timeout, a tab backed by another
// upstream answers meanwhile, and no connection to the failing upstream is left open.
// Data-driven: a new upstream is one entry in PROBES, a new fault one entry in FAULTS.

jest.setTimeout(60_000);

const TIMEOUT_MS = 1500;
/** Answer within the timeout, plus slack for a cold 2-core machine. */
const ANSWER_WITHIN_MS = TIMEOUT_MS + 1500;

const ENTITY_REF = 'component:default/matrix-faults-svc';
const entity = monitoredComponent({
  name: 'matrix-faults-svc',
  job: 'matrix-faults-job',
  namespace: 'matrix-faults-ns',
  annotations: {
    'backstage.io/kubernetes-id': 'matrix-faults-svc',
    'backstage.io/kubernetes-namespace': 'matrix-faults-ns',
  },
});

type Case = Fault | 'refused';
const FAULTS: Case[] = [
  'refused',
  'hang',
  '500',
  '503',
  '429',
  'documented-4xx',
  'malformed-json',
  'truncated',
  'slow',
];

/** What a probe saw: the status and, when failed, the error message shown for it. */
interface Seen {
  status: number;
  /** The error the tab shows (route error or the panel's / step's own), if any. */
  error?: string;
  /** Whether upstream data reached the answer. */
  data: boolean;
}

let rangeSeq = 0;
/** A range nobody asked before: a cached answer must not hide the fault. */
function freshRange() {
  rangeSeq++;
  const end = Math.floor(Date.now() / 1000) - rangeSeq * 900;
  return { start: end - 3600, end };
}

type Server = Parameters<typeof request>[0];

async function get(server: Server, path: string, query: object) {
  const res = await request(server)
    .get(`/api/monitoring${path}`)
    .set('Authorization', mockCredentials.user.header())
    .query(query);
  return res;
}

interface Probe {
  upstream: UpstreamKind;
  name: string;
  /** How the tab reports the upstream in its message. */
  names: RegExp;
  run(server: Server): Promise<Seen>;
  /** Status the tab answers for a failure of its upstream (a per-panel/step error is 200). */
  failedStatus(fault: Case): number;
}

const PROBES: Probe[] = [
  {
    upstream: 'prometheus',
    name: 'Metrics tab (GET /panels, the panel carries the error)',
    names: /Prometheus/,
    async run(server) {
      const res = await get(server, '/panels', {
        entityRef: ENTITY_REF,
        panels: 'request-rate',
        ...freshRange(),
      });
      const panel = res.body.panels?.[0];
      return {
        status: res.status,
        error: panel?.error
          ? `${panel.error.upstream}: ${panel.error.message}`
          : res.body.error?.message,
        data: res.text.includes(UPSTREAM_MARKER),
      };
    },
    failedStatus: () => 200,
  },
  {
    upstream: 'prometheus',
    name: 'Alerts tab rules (GET /rules)',
    names: /Prometheus/,
    async run(server) {
      const res = await get(server, '/rules', { entityRef: ENTITY_REF });
      return {
        status: res.status,
        error: res.body.error?.message,
        data: Array.isArray(res.body.rules),
      };
    },
    failedStatus: () => 503,
  },
  {
    upstream: 'alertmanager',
    name: 'Alerts tab (GET /alerts)',
    names: /Alertmanager/,
    async run(server) {
      const res = await get(server, '/alerts', { entityRef: ENTITY_REF });
      return {
        status: res.status,
        error: res.body.error?.message,
        data: res.text.includes(UPSTREAM_MARKER),
      };
    },
    // Alertmanager refusing the request is the user's 400 (see routes/upstreamError.ts).
    failedStatus: fault => (fault === 'documented-4xx' ? 400 : 503),
  },
  {
    upstream: 'loki',
    name: 'Logs tab (GET /logs)',
    names: /Loki/,
    async run(server) {
      const res = await get(server, '/logs', {
        entityRef: ENTITY_REF,
        view: 'all',
        ...freshRange(),
      });
      return {
        status: res.status,
        error: res.body.error?.message,
        data: res.text.includes(UPSTREAM_MARKER),
      };
    },
    failedStatus: fault => (fault === 'documented-4xx' ? 400 : 503),
  },
  {
    upstream: 'kubernetes',
    name: 'Runbooks tab diagnostics (GET /diagnostics, the step carries the error)',
    names: /Kubernetes|cluster|API server/i,
    async run(server) {
      const res = await get(server, '/diagnostics', {
        entityRef: ENTITY_REF,
        step: 'pods',
      });
      const step = res.body.results?.[0];
      return {
        status: res.status,
        error:
          step?.status === 'error'
            ? `${step.error.reason}: ${step.error.message}`
            : res.body.error?.message,
        data: step?.status === 'ok',
      };
    },
    failedStatus: () => 200,
  },
];

/** The tab that must keep working while `upstream` fails. */
function otherTab(upstream: UpstreamKind): Probe {
  return PROBES.find(p =>
    upstream === 'alertmanager'
      ? p.upstream === 'prometheus'
      : p.upstream === 'alertmanager',
  )!;
}

/** What the message must add for this fault, beyond naming the upstream. */
function faultDetail(fault: Case): RegExp | undefined {
  switch (fault) {
    case '500':
    case '503':
    case '429':
      return new RegExp(fault);
    case 'hang':
      return /tim(ed|e) ?out|timeout|did not answer/i;
    default:
      return undefined;
  }
}

/** Rows left out, each with the defect that keeps it red; the summary line names them. */
const OPEN_DEFECTS: Array<{
  upstream: UpstreamKind;
  fault: Case;
  why: string;
}> = [];
const isOpen = (upstream: UpstreamKind, fault: Case) =>
  OPEN_DEFECTS.some(d => d.upstream === upstream && d.fault === fault);

const CASES = PROBES.flatMap(probe =>
  FAULTS.filter(fault => !isOpen(probe.upstream, fault)).map(fault => ({
    probe,
    fault,
    label: `${probe.upstream} ${fault} → ${probe.name}`,
  })),
);

let upstreams: FakeUpstreams;
let backend: Awaited<ReturnType<typeof startMonitoringBackend>>;
let passed = 0;
const baselineSockets = new Map<UpstreamKind, number>();

beforeAll(async () => {
  upstreams = await startFakeUpstreams();
  backend = await startMonitoringBackend({
    entities: [entity],
    config: monitoringConfig(
      {
        prometheus: upstreams.prometheus.url,
        alertmanager: upstreams.alertmanager.url,
        loki: upstreams.loki.url,
        kubernetes: upstreams.kubernetes.url,
      },
      { timeout: `${TIMEOUT_MS}ms` },
    ),
    kubernetesTimeoutMs: TIMEOUT_MS,
  });
  // Every tab answers with data before any fault (so a row can tell a fault from a broken rig).
  for (const probe of PROBES) {
    const seen = await probe.run(backend.server);
    if (seen.status !== 200 || seen.error || !seen.data) {
      throw new Error(
        `${probe.name} does not answer before any fault: ${JSON.stringify(
          seen,
        )}`,
      );
    }
  }
  for (const u of upstreams.all()) baselineSockets.set(u.kind, 0);
});

afterAll(async () => {
  await backend?.stop();
  await upstreams?.close();
  process.stdout.write(
    `\nfault matrix: ${passed}/${CASES.length + 4} passed; left out: ${
      OPEN_DEFECTS.map(d => `${d.upstream} ${d.fault} (${d.why})`).join('; ') ||
      'none'
    }\n`,
  );
});

describe('fault matrix: upstream × fault through the real routes', () => {
  it.each(CASES)('$label', async ({ probe, fault }) => {
    const failing = upstreams[probe.upstream];
    if (fault === 'refused') await failing.refuse();
    else failing.fault = fault;
    const other = otherTab(probe.upstream);
    const timed = async (p: Probe) => {
      const t0 = Date.now();
      const seen = await p.run(backend.server);
      return { ...seen, ms: Date.now() - t0 };
    };
    let seen: Seen & { ms: number };
    let otherSeen: Seen & { ms: number };
    try {
      [seen, otherSeen] = await Promise.all([timed(probe), timed(other)]);
    } finally {
      failing.fault = 'ok';
      if (fault === 'refused') await failing.accept();
    }
    const detail = faultDetail(fault);
    const ok = fault === 'slow';
    const message = new RegExp(
      `${probe.names.source}${detail ? `[\\s\\S]*${detail.source}` : ''}|${
        detail ? `${detail.source}[\\s\\S]*` : ''
      }${probe.names.source}`,
      'i',
    );
    expect({
      status: seen.status,
      // The message (shown in a failure's diff) names the upstream and, where it has one, the fault.
      error: seen.error ?? '(none)',
      errorAsDocumented: ok
        ? seen.error === undefined
        : message.test(seen.error ?? ''),
      data: seen.data,
      withinTimeout: seen.ms <= ANSWER_WITHIN_MS,
      other: { status: otherSeen.status, error: otherSeen.error },
    }).toEqual({
      status: ok ? 200 : probe.failedStatus(fault),
      error: expect.any(String),
      errorAsDocumented: true,
      data: ok,
      withinTimeout: true,
      other: { status: 200, error: undefined },
    });
    passed++;
  });

  it.each(['prometheus', 'alertmanager', 'loki', 'kubernetes'] as const)(
    'no connection to %s is left open after its faults',
    async kind => {
      const fake = upstreams[kind];
      const baseline = baselineSockets.get(kind)!;
      // Idle keep-alive sockets may linger for a few seconds; hung ones must have been dropped.
      const back = await eventually(
        () => fake.openConnections() <= baseline,
        15_000,
      );
      expect({ kind, open: fake.openConnections(), back }).toEqual({
        kind,
        open: expect.any(Number),
        back: true,
      });
      passed++;
    },
  );
});
