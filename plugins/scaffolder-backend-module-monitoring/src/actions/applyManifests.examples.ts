import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Apply the manifests written by monitoring:manifests:generate to the default cluster for the entity the template creates, refusing if that entity is already owned by another group (a template dry run only validates them on the server)',
    example: stringify({
      steps: [
        {
          action: 'monitoring:kubernetes:apply',
          id: 'apply',
          name: 'Apply monitoring manifests',
          input: {
            manifestPaths: '${{ steps.monitoring.output.files }}',
            entityRef: 'component:default/${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Preview against a named cluster with a server-side dry run, taking over fields another manager owns',
    example: stringify({
      steps: [
        {
          action: 'monitoring:kubernetes:apply',
          id: 'apply',
          name: 'Preview monitoring manifests',
          input: {
            manifestPaths: [
              'monitoring/servicemonitor.yaml',
              'monitoring/prometheusrule.yaml',
            ],
            cluster: 'production',
            dryRun: true,
            force: true,
          },
        },
      ],
    }),
  },
];
