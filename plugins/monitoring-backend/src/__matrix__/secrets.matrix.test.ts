import {
  LoggerService,
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { loadConfigSchema } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';
import { alertScopeMatchers } from '@internal/plugin-monitoring-common';
import { monitoredComponent } from '@internal/test-kit';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  Fault,
  FakeUpstreams,
  monitoringConfig,
  startFakeUpstreams,
  startMonitoringBackend,
} from '../__testUtils__/fakeUpstreams';

// Every secret config key (`@visibility secret` in the config.d.ts files) holds a distinctive
// value; none may appear in any answer of any route (error paths included, even when an upstream
// repeats the credentials in its error body), in any log line, or in the config the app ships
// to the browser. The upstreams must have received them: the values were really in use.

jest.setTimeout(120_000);

const SECRETS = {
  prometheusHeader: 'Bearer s3cr3t-prom-header-0b7e',
  prometheusTenant: 's3cr3t-prom-tenant-91a2',
  alertmanagerHeader: 'Bearer s3cr3t-am-header-44cd',
  alertmanagerTenant: 's3cr3t-am-tenant-7710',
  lokiHeader: 'Bearer s3cr3t-loki-header-e3f9',
  lokiTenant: 's3cr3t-loki-tenant-5b08',
  kubernetesToken: 's3cr3t-k8s-sa-token-2c6d',
  scaffolderToken: 's3cr3t-scaffolder-sa-token-8e1f',
};
const VALUES = Object.values(SECRETS);
/** Also the bare token, should a message strip the scheme. */
const NEEDLES = [...VALUES, ...VALUES.map(v => v.replace(/^Bearer /, ''))];

function leaks(text: string): string[] {
  return NEEDLES.filter(n => text.includes(n));
}

function secretConfig(urls: Parameters<typeof monitoringConfig>[0]) {
  const config = monitoringConfig(urls, {
    timeout: '1500ms',
    kubernetesToken: SECRETS.kubernetesToken,
    instanceExtras: {
      prometheus: {
        headers: { Authorization: SECRETS.prometheusHeader },
        tenant: SECRETS.prometheusTenant,
      },
      alertmanager: {
        headers: { Authorization: SECRETS.alertmanagerHeader },
        tenant: SECRETS.alertmanagerTenant,
      },
      loki: {
        headers: { Authorization: SECRETS.lokiHeader },
        tenant: SECRETS.lokiTenant,
      },
    },
  }) as JsonObject & { monitoring: JsonObject };
  config.monitoring.scaffolder = {
    kubernetes: {
      clusters: [
        {
          name: 'main',
          url: urls.kubernetes,
          serviceAccountToken: SECRETS.scaffolderToken,
          skipTLSVerify: true,
        },
      ],
    },
  };
  return config;
}

/** A root logger recording every line, message and fields, of every plugin. */
class RecordingLogger implements RootLoggerService {
  constructor(
    readonly lines: string[],
    private readonly fields: JsonObject = {},
  ) {}
  private record(level: string, message: string, meta?: unknown) {
    const extra =
      meta instanceof Error
        ? { error: `${meta.name}: ${meta.message}\n${meta.stack}` }
        : meta;
    this.lines.push(
      `${level} ${message} ${JSON.stringify({ ...this.fields, extra })}`,
    );
  }
  error(message: string, meta?: Error | JsonObject) {
    this.record('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.record('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.record('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.record('debug', message, meta);
  }
  child(meta: JsonObject): LoggerService {
    return new RecordingLogger(this.lines, { ...this.fields, ...meta });
  }
}

const ENTITY_REF = 'component:default/matrix-secrets-svc';
const entity = monitoredComponent({
  name: 'matrix-secrets-svc',
  job: 'matrix-secrets-job',
  namespace: 'matrix-secrets-ns',
  annotations: {
    'backstage.io/kubernetes-id': 'matrix-secrets-svc',
    'backstage.io/kubernetes-namespace': 'matrix-secrets-ns',
  },
});

const now = Math.floor(Date.now() / 1000);
let seq = 0;
const range = () => {
  seq++;
  return { start: now - 3600 - seq * 600, end: now - seq * 600 };
};

/** Every route, as the owner would call it (fresh ranges so no cache hides an upstream). */
const CALLS: Array<{
  name: string;
  run: (server: any) => request.Test;
}> = [
  {
    name: 'GET /panels',
    run: s =>
      request(s)
        .get('/api/monitoring/panels')
        .query({ entityRef: ENTITY_REF, ...range() }),
  },
  {
    name: 'GET /health',
    run: s =>
      request(s).get('/api/monitoring/health').query({ entityRef: ENTITY_REF }),
  },
  {
    name: 'GET /alerts',
    run: s =>
      request(s).get('/api/monitoring/alerts').query({ entityRef: ENTITY_REF }),
  },
  {
    name: 'GET /rules',
    run: s =>
      request(s).get('/api/monitoring/rules').query({ entityRef: ENTITY_REF }),
  },
  {
    name: 'GET /silences',
    run: s =>
      request(s)
        .get('/api/monitoring/silences')
        .query({ entityRef: ENTITY_REF }),
  },
  {
    name: 'POST /silences',
    run: s =>
      request(s)
        .post('/api/monitoring/silences')
        .send({
          entityRef: ENTITY_REF,
          matchers: alertScopeMatchers(entity),
          endsAt: new Date(Date.now() + 3600_000).toISOString(),
          comment: 'secrets matrix',
        }),
  },
  {
    name: 'DELETE /silences/:id',
    run: s =>
      request(s)
        .delete('/api/monitoring/silences/6b1f5c55-8a63-4c0e-9c3c-1d2e3f4a5b6c')
        .query({ entityRef: ENTITY_REF }),
  },
  {
    name: 'GET /logs',
    run: s =>
      request(s)
        .get('/api/monitoring/logs')
        .query({ entityRef: ENTITY_REF, view: 'all', ...range() }),
  },
  {
    name: 'GET /logs/volume',
    run: s =>
      request(s)
        .get('/api/monitoring/logs/volume')
        .query({ entityRef: ENTITY_REF, view: 'all', ...range() }),
  },
  {
    name: 'GET /diagnostics',
    run: s =>
      request(s)
        .get('/api/monitoring/diagnostics')
        .query({ entityRef: ENTITY_REF }),
  },
  { name: 'GET /metrics', run: s => request(s).get('/api/monitoring/metrics') },
  {
    name: 'GET /panels (bad input)',
    run: s =>
      request(s)
        .get('/api/monitoring/panels')
        .query({ entityRef: ENTITY_REF, start: 'x', end: now }),
  },
];

const MODES: Fault[] = [
  'ok',
  '500',
  'documented-4xx',
  'malformed-json',
  'reflect-credentials-401',
  'reflect-credentials-400',
  'reflect-credentials-500',
  'hang',
];

let upstreams: FakeUpstreams;
let backend: Awaited<ReturnType<typeof startMonitoringBackend>>;
const logLines: string[] = [];
const summary = { passed: 0, total: MODES.length + 3 };

beforeAll(async () => {
  upstreams = await startFakeUpstreams({
    silenceMatchers: alertScopeMatchers(entity),
  });
  const logger = new RecordingLogger(logLines);
  backend = await startMonitoringBackend({
    entities: [entity],
    config: secretConfig({
      prometheus: upstreams.prometheus.url,
      alertmanager: upstreams.alertmanager.url,
      loki: upstreams.loki.url,
      kubernetes: upstreams.kubernetes.url,
    }),
    extra: [
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger,
      }),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
  await upstreams?.close();
  process.stdout.write(
    `\nsecrets matrix: ${summary.passed}/${summary.total} passed\n`,
  );
});

describe('secrets never leave the backend', () => {
  it.each(MODES)(
    'no secret in any answer with every upstream %s',
    async mode => {
      for (const u of upstreams.all()) u.fault = mode;
      try {
        const answers = await Promise.all(
          CALLS.map(async call => {
            const res = await call
              .run(backend.server)
              .set('Authorization', mockCredentials.user.header());
            return {
              call: call.name,
              status: res.status,
              leaked: leaks(`${JSON.stringify(res.headers)}\n${res.text}`),
            };
          }),
        );
        expect(answers.filter(a => a.leaked.length > 0)).toEqual([]);
        // The rows ran the routes (not all refused before reaching an upstream).
        expect(answers.filter(a => a.status === 404)).toEqual([]);
      } finally {
        for (const u of upstreams.all()) u.fault = 'ok';
      }
      summary.passed++;
    },
  );

  it('the upstreams received every secret of theirs (the values were in use)', () => {
    const seen = (kind: keyof FakeUpstreams & string) =>
      JSON.stringify(
        (upstreams as any)[kind].requests.map((r: any) => r.headers),
      );
    expect({
      prometheus: [SECRETS.prometheusHeader, SECRETS.prometheusTenant].every(
        v => seen('prometheus').includes(v),
      ),
      alertmanager: [
        SECRETS.alertmanagerHeader,
        SECRETS.alertmanagerTenant,
      ].every(v => seen('alertmanager').includes(v)),
      loki: [SECRETS.lokiHeader, SECRETS.lokiTenant].every(v =>
        seen('loki').includes(v),
      ),
      kubernetes: seen('kubernetes').includes(SECRETS.kubernetesToken),
    }).toEqual({
      prometheus: true,
      alertmanager: true,
      loki: true,
      kubernetes: true,
    });
    summary.passed++;
  });

  it('no secret in any log line (every level, every plugin)', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter(l => leaks(l).length > 0)).toEqual([]);
    summary.passed++;
  });

  it('no secret in the config the app ships to the browser (schema visibility filtering)', async () => {
    const root = path.resolve(__dirname, '../../../..');
    // The schema of the app and the backend with all their plugins, as the CLI loads it.
    const schema = await loadConfigSchema({
      dependencies: ['app', 'backend'],
      packagePaths: [path.join(root, 'package.json')],
    });
    const appConfig = {
      ...(require('yaml').parse(
        fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
      ) as JsonObject),
    };
    const data = {
      ...appConfig,
      ...secretConfig({
        prometheus: 'http://prometheus:9090',
        alertmanager: 'http://alertmanager:9093',
        loki: 'http://loki:3100',
        kubernetes: 'https://k8s:6443',
      }),
    };
    const configs = [{ context: 'secrets-test', data }];
    const frontend = schema.process(configs, {
      visibility: ['frontend'],
      ignoreSchemaErrors: true,
    });
    const everything = schema.process(configs, { ignoreSchemaErrors: true });
    expect({
      // The secrets were in the config given...
      inFullConfig: VALUES.filter(v => JSON.stringify(everything).includes(v)),
      // ...and none is in what the browser gets.
      inFrontendConfig: leaks(JSON.stringify(frontend)),
    }).toEqual({ inFullConfig: VALUES, inFrontendConfig: [] });
    summary.passed++;
  });
});
