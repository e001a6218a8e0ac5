import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import validator from '@rjsf/validator-ajv8';
import {
  extractSchemaFromStep,
  type ParsedTemplateSchema,
  ReviewState,
} from '@backstage/plugin-scaffolder-react/alpha';
import { renderInTestApp } from '@backstage/test-utils';

// The template's Objectives and Repository pages as users see them: validated by RJSF's ajv8
// validator (what the form runs), reviewed by the scaffolder's own Review table, with the form
// state the form keeps (a cleared field stays as an undefined key; a field whose schema went away
// keeps its value).
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

function errorsOf(title: string, values: object) {
  const { schema, uiSchema } = extractSchemaFromStep(step(title));
  return validator.validateFormData(
    values,
    schema,
    undefined,
    undefined,
    uiSchema,
  ).errors;
}

async function review(title: string, formState: Record<string, unknown>) {
  const schema = step(title);
  await renderInTestApp(
    <ReviewState
      schemas={[
        { title, mergedSchema: schema, ...extractSchemaFromStep(schema) },
      ]}
      formState={formState as ParsedTemplateSchema['mergedSchema']}
    />,
  );
  return [...document.querySelectorAll('tr')].map(tr =>
    [...tr.querySelectorAll('td, th')].map(c => c.textContent?.trim()),
  );
}

describe('the Objectives page', () => {
  it('accepts no objectives, either objective, and a latency objective only with its threshold', () => {
    const window = { sloWindowDays: 30 };
    for (const ok of [
      {},
      { availabilityObjectivePercent: 99.9 },
      { latencyObjectivePercent: 95, latencyThresholdSeconds: 0.25 },
      // A field typed and cleared again.
      {
        latencyObjectivePercent: undefined,
        latencyThresholdSeconds: undefined,
      },
    ])
      expect({
        ok,
        errors: errorsOf('Objectives', { ...window, ...ok }),
      }).toEqual({ ok, errors: [] });
    for (const bad of [
      { latencyObjectivePercent: 95 },
      { latencyThresholdSeconds: 0.25 },
      { latencyObjectivePercent: 95, latencyThresholdSeconds: 0.3 },
      { availabilityObjectivePercent: 100 },
      { availabilityObjectivePercent: 0 },
    ])
      expect({
        bad,
        refused: errorsOf('Objectives', { ...window, ...bad }).length > 0,
      }).toEqual({ bad, refused: true });
    // The missing field is named by its title.
    expect(
      errorsOf('Objectives', { ...window, latencyObjectivePercent: 95 }).map(
        e => e.message,
      ),
    ).toContainEqual(
      "must have required property 'Latency threshold (with a latency objective)'",
    );
    expect(
      errorsOf('Objectives', { ...window, latencyThresholdSeconds: 0.25 }).map(
        e => e.message,
      ),
    ).toContainEqual(
      "must have required property 'Latency objective (%, optional)'",
    );
    expect(errorsOf('Objectives', {}).map(e => e.property)).toEqual([
      'sloWindowDays',
    ]);
  });

  it('reviews the objectives in words, with the threshold as a duration', async () => {
    const rows = await review('Objectives', {
      sloWindowDays: 30,
      availabilityObjectivePercent: 99.9,
      latencyObjectivePercent: 95,
      latencyThresholdSeconds: 0.25,
    });
    expect(rows).toEqual([
      ['Objective window (days)', '30'],
      ['Availability objective (%, optional)', '99.9'],
      ['Latency objective (%, optional)', '95'],
      ['Latency threshold (with a latency objective)', '250 ms'],
    ]);
  });
});

describe('the Repository page', () => {
  it('requires a GitHub repository only when GitHub is chosen', () => {
    expect(errorsOf('Repository', { publishTo: 'local' })).toEqual([]);
    expect(
      errorsOf('Repository', { publishTo: 'github' }).map(e => e.message),
    ).toContainEqual("must have required property 'GitHub repository'");
    expect(
      errorsOf('Repository', {
        publishTo: 'github',
        repoUrl: 'github.com?owner=festivals&repo=ticket-api',
      }),
    ).toEqual([]);
  });

  it('reviews GitHub with its repository', async () => {
    const repoUrl = 'github.com?owner=festivals&repo=ticket-api';
    expect(
      await review('Repository', { publishTo: 'github', repoUrl }),
    ).toEqual([
      ['Where to publish', 'GitHub'],
      ['GitHub repository', repoUrl],
    ]);
  });
});
