import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Publish the new service to the local stack's repository host, then register it in the catalog",
    example: stringify({
      steps: [
        {
          action: 'monitoring:publish:local',
          id: 'publish',
          name: 'Publish',
          input: { repoName: '${{ parameters.name }}' },
        },
        {
          action: 'catalog:register',
          id: 'register',
          name: 'Register',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
];
