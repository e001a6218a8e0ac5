import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFestivalsMetrics, repoRoot } from '@internal/local-stack';
import { Registry } from 'prom-client';

const SKELETON_METRICS = path.join(
  'examples',
  'templates',
  'festivals-monitored-service',
  'skeleton',
  'src',
  'metrics.ts',
);

interface Shape {
  name: string;
  type: string;
  labelNames: string[];
}

/** What dashboards, panels and rules depend on: names, types and label names (not help text). */
async function shapeOf(registry: Registry): Promise<Shape[]> {
  const labelNames = new Map(
    registry
      .getMetricsAsArray()
      .map(m => [m.name, (m as { labelNames?: string[] }).labelNames ?? []]),
  );
  return (await registry.getMetricsAsJSON())
    .map(m => ({
      name: m.name,
      type: String(m.type),
      labelNames: [...(labelNames.get(m.name) ?? [])].sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The skeleton's metrics module, loaded from a copy: the skeleton's package.json is a template
 * (not JSON until fetch:template renders it), so no resolver accepts files next to it. The copy
 * resolves prom-client from this repository, as the rendered service does in skeleton.test.ts.
 */
function loadSkeletonMetrics(dir: string) {
  const source = fs.readFileSync(
    path.join(repoRoot(), SKELETON_METRICS),
    'utf8',
  );
  // Template expressions would differ between the file and the rendered service.
  expect(source).not.toContain('${{');
  fs.writeFileSync(path.join(dir, 'metrics.ts'), source);
  fs.symlinkSync(
    path.join(repoRoot(), 'node_modules'),
    path.join(dir, 'node_modules'),
  );
  return require(path.join(dir, 'metrics.ts')) as {
    createMetrics(registry: Registry): unknown;
  };
}

// A service made from the template must expose what the local stack's workload exposes: the
// platform's panels and the seed's alert rules are written (and tested) against the latter.
describe('the scaffolded service and the local stack expose the same metrics', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skeleton-metrics-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has the same names, types and label names in both', async () => {
    const skeleton = new Registry();
    loadSkeletonMetrics(dir).createMetrics(skeleton);
    const stack = new Registry();
    createFestivalsMetrics(stack);
    const skeletonShape = await shapeOf(skeleton);
    expect(skeletonShape.length).toBeGreaterThanOrEqual(15);
    expect(skeletonShape).toEqual(await shapeOf(stack));
  });
});
