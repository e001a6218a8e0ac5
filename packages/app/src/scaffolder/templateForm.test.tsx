import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import validator from '@rjsf/validator-ajv8';
import {
  createAsyncValidators,
  extractSchemaFromStep,
  type ParsedTemplateSchema,
  ReviewState,
} from '@backstage/plugin-scaffolder-react/alpha';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { explainPatternErrors } from './explainPatternErrors';
import { validateScrapeTimeout } from './ScrapeTimeoutField';
import { scrapeTimeoutProblem } from './scrapeTimeout';

// The form as users see it: the real template's parameter steps, validated by the scaffolder's
// own validators (RJSF's ajv8 validator and Backstage's async field validators).
const template = parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../../examples/templates/festivals-monitored-service/template.yaml',
    ),
    'utf8',
  ),
);
type JsonObject = ParsedTemplateSchema['mergedSchema'];
const step = (title: string): JsonObject => {
  const found = template.spec.parameters.find(
    (s: { title: string }) => s.title === title,
  );
  if (!found) throw new Error(`No parameter step ${title}`);
  return found;
};

const validService = {
  name: 'ticket-api',
  owner: 'group:default/festivals-team',
  namespace: 'festivals-production',
};

function serviceErrors(
  values: object,
  transform?: typeof explainPatternErrors,
) {
  const { schema, uiSchema } = extractSchemaFromStep(step('Service'));
  return validator.validateFormData(
    { ...validService, ...values },
    schema,
    undefined,
    transform,
    uiSchema,
  ).errors;
}

describe('the festivals-monitored-service form', () => {
  it('explains a bad name with the rule in words, never the regex', () => {
    // Without the transform, JSON schema shows the regex: what users saw before.
    const raw = serviceErrors({ name: 'Ticket_API' });
    expect(raw.map(e => e.message)).toEqual([
      expect.stringContaining('must match pattern "^[a-z0-9]'),
    ]);

    const errors = serviceErrors({ name: 'Ticket_API' }, explainPatternErrors);
    expect(errors).toHaveLength(1);
    expect(errors[0].property).toBe('.name');
    expect(errors[0].message).toMatch(
      /^does not follow the rule: Lower-case letters, digits and "-", starting and ending with a letter or digit/,
    );
    for (const text of [errors[0].message, errors[0].stack])
      expect(text).not.toMatch(/pattern|\^|\[a-z0-9\]/);
    expect(serviceErrors({}, explainPatternErrors)).toEqual([]);
  });

  it('explains every patterned field of the template in words', () => {
    const patterned = template.spec.parameters.flatMap(
      (s: { properties: Record<string, Record<string, unknown>> }) =>
        Object.entries(s.properties).filter(([, p]) => p.pattern),
    );
    expect(patterned.length).toBeGreaterThan(5);
    expect(
      patterned
        .filter(
          ([, p]: [string, Record<string, unknown>]) =>
            typeof p['ui:help'] !== 'string',
        )
        .map(([key]: [string]) => key),
    ).toEqual([]);
  });

  it('gives every yes/no choice Yes and No for Review', () => {
    const booleans = template.spec.parameters.flatMap(
      (s: { properties: Record<string, Record<string, unknown>> }) =>
        Object.entries(s.properties).filter(([, p]) => p.type === 'boolean'),
    );
    expect(booleans.length).toBeGreaterThan(1);
    expect(
      booleans.map(([key, p]: [string, Record<string, unknown>]) => [
        key,
        p.enum,
        p.enumNames,
      ]),
    ).toEqual(
      booleans.map(([key]: [string]) => [key, [true, false], ['Yes', 'No']]),
    );
  });

  it('stops at the Metrics step when the scrape timeout is longer than the interval', async () => {
    const validate = createAsyncValidators(
      step('Metrics'),
      // The Stepper keys validators by `ui:field` and types them loosely.
      { ScrapeTimeout: validateScrapeTimeout as CustomFieldValidator<unknown> },
      { apiHolder: { get: () => undefined } },
    );
    const metrics = {
      metricsPort: 9100,
      metricsPath: '/metrics',
      scrapeInterval: '30s',
    };
    const tooLong = await validate({ ...metrics, scrapeTimeout: '1m' });
    expect(tooLong.scrapeTimeout?.__errors).toEqual([
      'The scrape timeout (1m) must not be longer than the scrape interval (30s)',
    ]);
    const fine = await validate({ ...metrics, scrapeTimeout: '30s' });
    expect(fine.scrapeTimeout?.__errors ?? []).toEqual([]);
  });

  it('compares durations by length, not by text', () => {
    expect(scrapeTimeoutProblem('90s', '1m30s')).toBeUndefined();
    expect(scrapeTimeoutProblem('1m1s', '1m')).toMatch(/must not be longer/);
    expect(scrapeTimeoutProblem('500ms', '1s')).toBeUndefined();
    // Not a duration yet: the field's pattern check speaks, not this one.
    expect(scrapeTimeoutProblem('10 seconds', '30s')).toBeUndefined();
  });

  it('reviews the yes/no choices as Yes and No, not as ✓/✗ glyphs', async () => {
    const deploy = step('Deploy');
    await renderInTestApp(
      <ReviewState
        schemas={[
          {
            title: 'Deploy',
            mergedSchema: deploy,
            ...extractSchemaFromStep(deploy),
          },
        ]}
        formState={{ applyToCluster: true, verify: false, prometheus: 'local' }}
      />,
    );
    const row = (title: string) =>
      screen.getByText(title).closest('tr')!.textContent;
    expect(row('Apply the monitoring manifests to the cluster')).toMatch(
      /Yes$/,
    );
    expect(
      row('Wait until Prometheus scrapes the service and loads its rules'),
    ).toMatch(/No$/);
    expect(document.body.textContent).not.toMatch(/[✓✗✔✘]/);
  });
});
