import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Generate a ServiceMonitor and the seed’s PrometheusRule (all five groups, seed thresholds) into ./monitoring',
    example: stringify({
      steps: [
        {
          action: 'monitoring:manifests:generate',
          id: 'monitoring',
          name: 'Generate monitoring manifests',
          input: {
            service: { name: 'payments', namespace: 'festivals-production' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Only availability and queue alerts, stricter thresholds, paging severity and a team routing label',
    example: stringify({
      steps: [
        {
          action: 'monitoring:manifests:generate',
          id: 'monitoring',
          name: 'Generate monitoring manifests',
          input: {
            service: {
              name: 'ticket-worker',
              namespace: 'festivals-production',
              metrics: { port: 9100, interval: '15s', scrapeTimeout: '5s' },
              alertGroups: ['availability', 'queue'],
              thresholds: { errorRatePercent: 2, queueBacklog: 500 },
              severities: { critical: 'page' },
              routingLabels: { team: 'ticketing' },
              runbookUrl:
                'https://github.com/festivals/ticket-worker/blob/main/docs/runbook.md',
            },
            targetPath: 'deploy/monitoring',
          },
        },
      ],
    }),
  },
];
