import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import request from 'supertest';
import { repoRoot } from '@internal/local-stack';
import { parse } from 'yaml';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createApplyManifestsAction } from '../actions/applyManifests';
import { createGenerateManifestsAction } from '../actions/generateManifests';
import { LATENCY_BUCKETS } from '../generators/spec';
import { scaffolderModuleMonitoring } from '../module';

// Real work per test (promtool processes, the CRD schema validators compiled on first use, the
// Kubernetes client over HTTP): 5 s is too tight on a cold, loaded 2-core CI machine.
jest.setTimeout(60_000);

// The form refuses what the action would refuse, and offers the action's (the guide's) defaults.
const template = parse(
  fs.readFileSync(
    path.join(
      repoRoot(),
      'examples/templates/festivals-monitored-service/template.yaml',
    ),
    'utf8',
  ),
);
const form: Record<string, any> = Object.assign(
  {},
  ...template.spec.parameters.map((p: { properties: object }) => p.properties),
);
const service = (
  createGenerateManifestsAction({ config: mockServices.rootConfig() }).schema
    ?.input as any
).properties.service.properties;

const generateStep = template.spec.steps.find(
  (s: { action: string }) => s.action === 'monitoring:manifests:generate',
);

describe('the festivals-monitored-service form', () => {
  it('validates names and durations with the action’s patterns', () => {
    expect(form.name.pattern).toBe(service.name.pattern);
    expect(form.namespace.pattern).toBe(service.namespace.pattern);
    expect(form.scrapeInterval.pattern).toBe(
      service.metrics.properties.interval.pattern,
    );
    expect(form.scrapeTimeout.pattern).toBe(
      service.metrics.properties.scrapeTimeout.pattern,
    );
    const duration = new RegExp(form.scrapeInterval.pattern);
    expect(
      ['30s', '1m30s', '500ms'].filter(d => duration.test(d)),
    ).toHaveLength(3);
    expect(['30', '30 s', '1.5m'].filter(d => duration.test(d))).toEqual([]);
  });

  it('maps every threshold to the action with the same default and range', () => {
    const thresholds = service.thresholds.properties;
    expect(Object.keys(generateStep.input.service.thresholds).sort()).toEqual(
      Object.keys(thresholds).sort(),
    );
    for (const [key, expr] of Object.entries(
      generateStep.input.service.thresholds,
    )) {
      expect(expr).toBe(`\${{ parameters.${key} }}`);
      expect({
        key,
        default: form[key].default,
        max: form[key].maximum,
      }).toEqual({
        key,
        default: thresholds[key].default,
        max: thresholds[key].maximum,
      });
    }
  });

  it('offers the guide’s scrape settings and all five alert groups by default', () => {
    expect([
      form.metricsPath.default,
      form.scrapeInterval.default,
      form.scrapeTimeout.default,
    ]).toEqual(['/metrics', '30s', '10s']);
    expect(form.alertGroups.default).toEqual(service.alertGroups.items.enum);
  });

  it('passes the apply step only inputs the action knows, with force from the form', () => {
    const applyStep = template.spec.steps.find(
      (s: { action: string }) => s.action === 'monitoring:kubernetes:apply',
    );
    const applyInput = (
      createApplyManifestsAction({
        config: mockServices.rootConfig(),
        permissions: mockServices.permissions.mock(),
        catalog: catalogServiceMock(),
      }).schema?.input as any
    ).properties;
    for (const key of Object.keys(applyStep.input))
      expect({ key, known: key in applyInput }).toEqual({ key, known: true });
    expect(applyStep.input.force).toBe('${{ parameters.force }}');
    expect(form.force).toMatchObject({ type: 'boolean', default: false });
    expect(applyStep.input.owner).toBe('${{ parameters.owner }}');
  });
  it('asks for objectives the action accepts: percent ranges, the window, thresholds from the histogram buckets, in words', () => {
    const slo = service.slo.properties;
    const page = template.spec.parameters.find(
      (p: { title: string }) => p.title === 'Objectives',
    );
    const threshold = form.latencyThresholdSeconds;
    // A latency objective and its threshold only together.
    expect(page.allOf).toMatchObject([
      {
        if: { required: ['latencyObjectivePercent'] },
        then: { required: ['latencyThresholdSeconds'] },
      },
      {
        if: { required: ['latencyThresholdSeconds'] },
        then: { required: ['latencyObjectivePercent'] },
      },
    ]);
    // The message names the missing field by the title it has on the form.
    expect(
      page.allOf.map(
        (c: { then: { properties: Record<string, { title: string }> } }) =>
          Object.entries(c.then.properties).map(([k, p]) => [k, p.title]),
      ),
    ).toEqual([
      [['latencyThresholdSeconds', form.latencyThresholdSeconds.title]],
      [['latencyObjectivePercent', form.latencyObjectivePercent.title]],
    ]);
    expect(threshold.default).toBeUndefined();
    expect(threshold.enum).toEqual(LATENCY_BUCKETS);
    expect(threshold.enumNames).toEqual([
      '5 ms',
      '10 ms',
      '25 ms',
      '50 ms',
      '100 ms',
      '250 ms',
      '500 ms',
      '1 s',
      '2 s',
      '2.5 s',
      '5 s',
      '10 s',
    ]);
    const objective = slo.availability.properties.objectivePercent;
    // Open bounds on both sides in the action (gt 0, lt 100): the form has the same.
    expect([objective.exclusiveMinimum, objective.exclusiveMaximum]).toEqual([
      0, 100,
    ]);
    for (const key of [
      'availabilityObjectivePercent',
      'latencyObjectivePercent',
    ]) {
      expect(form[key]).toMatchObject({
        type: 'number',
        exclusiveMinimum: objective.exclusiveMinimum,
        exclusiveMaximum: objective.exclusiveMaximum,
      });
      expect(form[key].default).toBeUndefined();
      expect(page.required).not.toContain(key);
    }
    const window = slo.availability.properties.windowDays;
    expect(form.sloWindowDays).toMatchObject({
      type: 'integer',
      default: window.default,
      minimum: window.minimum,
      maximum: window.maximum,
    });
    expect(page.description).toMatch(/multi-window, multi-burn-rate alerts/);
  });

  it('offers the local repository host by default and GitHub (RepoUrlPicker on github.com) as a choice', () => {
    expect(form.publishTo).toMatchObject({
      enum: ['local', 'github'],
      default: 'local',
    });
    const page = template.spec.parameters.find(
      (p: { properties: object }) => 'publishTo' in p.properties,
    );
    const github = page.dependencies.publishTo.oneOf.find(
      (o: { properties: { publishTo: { enum: string[] } } }) =>
        o.properties.publishTo.enum.includes('github'),
    );
    expect(github.required).toEqual(['repoUrl']);
    expect(github.properties.repoUrl).toMatchObject({
      type: 'string',
      'ui:field': 'RepoUrlPicker',
      'ui:options': { allowedHosts: ['github.com'] },
    });
  });
});

// The template as the scaffolder runs it: its dry-run endpoint (what the template editor's preview
// calls) renders each step's input with the scaffolder's own templating, from the values a form
// submits, and runs every action that supports dry runs.
describe('the festivals-monitored-service template, run by the scaffolder', () => {
  const captured: Array<{ step: string; input: any }> = [];
  const testActions = createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'template-test-actions',
    register(env) {
      env.registerInit({
        deps: { scaffolder: scaffolderActionsExtensionPoint },
        async init({ scaffolder }) {
          scaffolder.addActions(
            // Records the rendered input it is given.
            createTemplateAction({
              id: 'test:capture',
              supportsDryRun: true,
              async handler(ctx) {
                captured.push({ step: ctx.step?.id ?? '', input: ctx.input });
              },
            }),
            // Stands in for @backstage/plugin-scaffolder-backend-module-github's action.
            createTemplateAction({
              id: 'publish:github',
              supportsDryRun: true,
              async handler(ctx) {
                captured.push({ step: 'publish:github', input: ctx.input });
                ctx.output(
                  'remoteUrl',
                  'https://github.com/festivals/ticket-api',
                );
                ctx.output(
                  'repoContentsUrl',
                  'https://github.com/festivals/ticket-api/blob/main',
                );
              },
            }),
          );
        },
      });
    },
  });

  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleMonitoring,
        testActions,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            monitoring: {
              scaffolder: {
                publish: { local: { url: 'http://127.0.0.1:9099' } },
              },
            },
          },
        }),
      ],
    });
  });
  afterAll(() => backend?.stop());
  beforeEach(() => {
    captured.length = 0;
  });

  // What the form submits: its defaults (RJSF fills them in) and what the user typed. The apply
  // step needs a cluster; it is tested on its own.
  const defaults = Object.fromEntries(
    Object.entries(form)
      .filter(([, p]) => (p as { default?: unknown }).default !== undefined)
      .map(([k, p]) => [k, (p as { default: unknown }).default]),
  );
  const submitted = (typed: Record<string, unknown>) => ({
    ...defaults,
    name: 'ticket-api',
    owner: 'group:default/festivals-team',
    applyToCluster: false,
    ...typed,
  });

  const templateDir = path.join(
    repoRoot(),
    'examples/templates/festivals-monitored-service',
  );
  const directoryContents = [
    'template.yaml',
    ...(
      fs.readdirSync(path.join(templateDir, 'skeleton'), {
        recursive: true,
      }) as string[]
    )
      .map(f => path.join('skeleton', f))
      .filter(f => fs.statSync(path.join(templateDir, f)).isFile()),
  ].map(f => ({
    path: f.split(path.sep).join('/'),
    base64Content: fs.readFileSync(path.join(templateDir, f), 'base64'),
  }));

  const dryRun = (values: Record<string, unknown>, spec = template.spec) =>
    request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: { ...template, spec },
        values,
        directoryContents,
      });

  /** The real form, with the skeleton and generate steps' actions swapped for test:capture. */
  const renderedInputs = async (typed: Record<string, unknown>) => {
    const steps = template.spec.steps
      .filter((s: { id: string }) => ['fetch', 'monitoring'].includes(s.id))
      .map((s: object) => ({ ...s, action: 'test:capture' }));
    const res = await dryRun(submitted(typed), {
      ...template.spec,
      steps,
      output: {},
    });
    expect({
      status: res.status,
      body: res.status === 200 ? {} : res.body,
    }).toEqual({ status: 200, body: {} });
    const byStep = Object.fromEntries(captured.map(c => [c.step, c.input]));
    return { fetch: byStep.fetch.values, service: byStep.monitoring.service };
  };

  it('passes no objectives for an empty Objectives page (no half objects)', async () => {
    const { fetch, service: generated } = await renderedInputs({});
    expect(generated.slo).toEqual({});
    expect(fetch.slo).toEqual({});
    // Other values keep their types.
    expect(generated.metrics.port).toBe(9100);
  });

  it('passes each filled objective whole, to the skeleton and the generator alike', async () => {
    const availabilityOnly = await renderedInputs({
      availabilityObjectivePercent: 99.9,
    });
    expect(availabilityOnly.service.slo).toEqual({
      availability: { objectivePercent: 99.9, windowDays: 30 },
    });
    expect(availabilityOnly.fetch.slo).toEqual(availabilityOnly.service.slo);

    captured.length = 0;
    const both = await renderedInputs({
      sloWindowDays: 7,
      availabilityObjectivePercent: 99.5,
      latencyObjectivePercent: 95,
      latencyThresholdSeconds: 2.5,
    });
    expect(both.service.slo).toEqual({
      availability: { objectivePercent: 99.5, windowDays: 7 },
      latency: { objectivePercent: 95, thresholdSeconds: 2.5, windowDays: 7 },
    });
    expect(both.fetch.slo).toEqual(both.service.slo);
  });

  it('refuses a latency objective without a threshold (and the reverse), and objectives outside (0, 100)', async () => {
    for (const typed of [
      { latencyObjectivePercent: 95 },
      { latencyThresholdSeconds: 0.25 },
      { availabilityObjectivePercent: 100 },
      { latencyObjectivePercent: 0, latencyThresholdSeconds: 0.25 },
      { latencyObjectivePercent: 95, latencyThresholdSeconds: 0.3 },
    ]) {
      const res = await dryRun(submitted(typed));
      expect({ typed, status: res.status }).toEqual({ typed, status: 400 });
    }
    expect(captured).toEqual([]);
  });

  const file = (res: request.Response, p: string) => {
    const found = res.body.directoryContents.find(
      (f: { path: string }) => f.path === p,
    );
    return parse(Buffer.from(found.base64Content, 'base64').toString('utf8'));
  };

  it('with the defaults: generates no SLO rules and no SLO annotations, and publishes to the local repository host', async () => {
    const res = await dryRun(submitted({}));
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const groups = file(res, 'monitoring/prometheusrule.yaml').spec.groups.map(
      (g: { name: string }) => g.name,
    );
    expect(groups).toHaveLength(5);
    expect(groups.filter((g: string) => /slo/i.test(g))).toEqual([]);
    const annotations = file(res, 'catalog-info.yaml').metadata.annotations;
    expect(Object.keys(annotations).filter(k => /slo/.test(k))).toEqual([]);

    const messages = res.body.log.map(
      (l: { body: { message: string } }) => l.body.message,
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /Dry run: would publish \d+ files to http:\/\/127\.0\.0\.1:9099\/repos\/ticket-api/,
      ),
    );
    expect(captured.filter(c => c.step === 'publish:github')).toEqual([]);
  });

  it('with objectives and GitHub chosen: SLO rule groups, SLO annotations, publish:github with the picked repository', async () => {
    const repoUrl = 'github.com?owner=festivals&repo=ticket-api';
    const res = await dryRun(
      submitted({
        availabilityObjectivePercent: 99.9,
        latencyObjectivePercent: 95,
        latencyThresholdSeconds: 0.25,
        publishTo: 'github',
        repoUrl,
      }),
    );
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const groups = file(res, 'monitoring/prometheusrule.yaml').spec.groups.map(
      (g: { name: string }) => g.name,
    );
    expect(groups.filter((g: string) => /slo/i.test(g))).toHaveLength(2);
    expect(file(res, 'catalog-info.yaml').metadata.annotations).toMatchObject({
      'monitoring.festivals.io/slo-availability': '99.9% over 30d',
      'monitoring.festivals.io/slo-latency': '95% under 250ms over 30d',
    });
    const github = captured.filter(c => c.step === 'publish:github');
    expect(github.map(c => c.input.repoUrl)).toEqual([repoUrl]);
    const messages = res.body.log.map(
      (l: { body: { message: string } }) => l.body.message,
    );
    expect(messages.join('\n')).not.toMatch(/would publish/);
    // The output links to the GitHub repository.
    expect(res.body.output.links).toContainEqual(
      expect.objectContaining({
        url: 'https://github.com/festivals/ticket-api',
      }),
    );
  });

  it('publishes locally when the user picked a GitHub repository and then switched back to local', async () => {
    const res = await dryRun(
      submitted({
        publishTo: 'local',
        repoUrl: 'github.com?owner=festivals&repo=ticket-api',
      }),
    );
    expect(res.status).toBe(200);
    expect(captured.filter(c => c.step === 'publish:github')).toEqual([]);
    expect(res.body.output.links).toContainEqual(
      expect.objectContaining({
        url: 'http://127.0.0.1:9099/repos/ticket-api',
      }),
    );
  });

  it('needs a repository when GitHub is chosen', async () => {
    const res = await dryRun(submitted({ publishTo: 'github' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/repoUrl/);
  });
});
