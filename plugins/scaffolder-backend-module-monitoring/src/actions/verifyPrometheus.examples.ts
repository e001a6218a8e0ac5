import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'After applying, wait up to 5 minutes until Prometheus scrapes the new job and has loaded its rule groups',
    example: stringify({
      steps: [
        {
          action: 'monitoring:prometheus:verify',
          id: 'verify',
          name: 'Verify monitoring',
          input: {
            prometheus: 'production',
            job: 'payments',
            namespace: 'festivals-production',
            ruleGroups: '${{ steps.monitoring.output.ruleGroups }}',
            timeoutSeconds: 300,
          },
        },
      ],
    }),
  },
];
