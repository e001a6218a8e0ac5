import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { repoRoot } from '@internal/local-stack';
import { parse } from 'yaml';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createApplyManifestsAction } from '../actions/applyManifests';
import { createGenerateManifestsAction } from '../actions/generateManifests';

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
});
