import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { isMonitoringAvailable } from '@internal/plugin-monitoring-common';
import { createFromTemplateRouteRef } from '../../routes';
import { MonitoringSetupCard } from './MonitoringSetupCard';

jest.setTimeout(30_000);

const website: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'festivals-website' },
  spec: { type: 'website', lifecycle: 'experimental', owner: 'team' },
};

/** The snippet's `key: value` annotation lines (the snippet is YAML under metadata.annotations). */
function snippetAnnotations(): Record<string, string> {
  const text = screen.getByTestId('monitoring-setup-snippet').textContent!;
  const lines = text.split('\n');
  expect(lines.slice(0, 2)).toEqual(['metadata:', '  annotations:']);
  return Object.fromEntries(
    lines.slice(2).map(line => {
      const match = /^ {4}([\w./-]+): (\S+)$/.exec(line);
      if (!match) throw new Error(`Not an annotation line: ${line}`);
      return [match[1], match[2]];
    }),
  );
}

const render = (entity: Entity, bindTemplate: boolean) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <MonitoringSetupCard />
    </EntityProvider>,
    bindTemplate
      ? {
          mountedRoutes: {
            '/create/templates/:namespace/:templateName':
              createFromTemplateRouteRef,
          },
        }
      : undefined,
  );

describe('MonitoringSetupCard', () => {
  it('gives the catalog-info lines that switch monitoring on for this entity', async () => {
    await render(website, false);
    expect(
      screen.getByRole('heading', { name: 'Set up monitoring' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/festivals-website has no monitoring/),
    ).toBeVisible();
    const annotations = snippetAnnotations();
    expect(annotations).toEqual({
      'monitoring.festivals.io/job': 'festivals-website',
      'monitoring.festivals.io/namespace': 'festivals-production',
    });
    // Pasted into the entity, the lines are what the tabs' predicate looks for.
    expect(
      isMonitoringAvailable({
        ...website,
        metadata: { ...website.metadata, annotations },
      }),
    ).toBe(true);
    expect(
      screen.getByRole('button', {
        name: 'Copy the catalog-info.yaml lines',
      }),
    ).toBeInTheDocument();
    // No template link when the app did not bind the scaffolder route.
    expect(screen.queryByRole('link', { name: /template/ })).toBeNull();
  });

  it('uses the entity’s Kubernetes namespace when it has one', async () => {
    await render(
      {
        ...website,
        metadata: {
          name: 'box-office',
          annotations: { 'backstage.io/kubernetes-namespace': 'box' },
        },
      },
      false,
    );
    expect(snippetAnnotations()).toEqual({
      'monitoring.festivals.io/job': 'box-office',
      'monitoring.festivals.io/namespace': 'box',
    });
  });

  it('links to the festivals-monitored-service template when the app binds it', async () => {
    await render(website, true);
    expect(
      screen.getByRole('link', {
        name: 'Create it from the festivals-monitored-service template',
      }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/festivals-monitored-service',
    );
  });
});
