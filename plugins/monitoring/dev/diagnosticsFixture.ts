import { DiagnosticsResponse } from '@internal/plugin-monitoring-common';

const MiB = 1024 * 1024;

/**
 * The live diagnostics of festivals-api in the middle of the guide's memory incident: one pod
 * OOMKilled and restarting, memory near the limit, the HPA at its maximum, OOM lines in the
 * logs; used by the dev page and the Runbooks tab's tests.
 */
export function fixtureDiagnostics(
  readAt = '2026-11-27T17:09:54Z',
): DiagnosticsResponse {
  return {
    entityRef: 'component:default/festivals-api',
    namespace: 'festivals-production',
    labelSelector: 'backstage.io/kubernetes-id=festivals-api',
    deployment: 'festivals-api',
    cluster: 'local',
    results: [
      {
        kind: 'pods',
        status: 'ok',
        readAt,
        source: 'kubernetes',
        sourceName: 'local',
        command: 'kubectl get pods -n festivals-production',
        data: {
          pods: [
            {
              name: 'festivals-api-7d9c8b6f5-abcde',
              phase: 'Running',
              ready: true,
              readyContainers: 1,
              containers: 1,
              restarts: 4,
              lastTermination: {
                container: 'api',
                reason: 'OOMKilled',
                exitCode: 137,
                finishedAt: '2026-11-27T17:08:12Z',
              },
              oomKilled: true,
              startedAt: '2026-11-27T15:00:00Z',
              node: 'node-1',
            },
            {
              name: 'festivals-api-7d9c8b6f5-fghij',
              phase: 'Running',
              ready: true,
              readyContainers: 1,
              containers: 1,
              restarts: 0,
              oomKilled: false,
              startedAt: '2026-11-27T15:00:00Z',
              node: 'node-2',
            },
          ],
        },
      },
      {
        kind: 'podResources',
        status: 'ok',
        readAt,
        source: 'metrics.k8s.io',
        sourceName: 'local',
        command: 'kubectl top pods -n festivals-production',
        data: {
          pods: [
            {
              pod: 'festivals-api-7d9c8b6f5-abcde',
              containers: [
                {
                  container: 'api',
                  cpuCores: 0.21,
                  memoryBytes: 490 * MiB,
                  cpuRequestCores: 0.25,
                  cpuLimitCores: 1,
                  memoryRequestBytes: 256 * MiB,
                  memoryLimitBytes: 512 * MiB,
                },
              ],
              cpuLimitRatio: 0.21,
              memoryLimitRatio: 490 / 512,
            },
          ],
        },
      },
      {
        kind: 'events',
        status: 'ok',
        readAt,
        source: 'kubernetes',
        sourceName: 'local',
        command:
          "kubectl get events -n festivals-production --sort-by='.lastTimestamp' | tail -20",
        data: {
          events: [
            {
              type: 'Warning',
              reason: 'BackOff',
              message: 'Back-off restarting failed container api',
              object: { kind: 'Pod', name: 'festivals-api-7d9c8b6f5-abcde' },
              count: 4,
              lastTimestamp: '2026-11-27T17:08:40Z',
            },
          ],
        },
      },
      {
        kind: 'hpa',
        status: 'ok',
        readAt,
        source: 'kubernetes',
        sourceName: 'local',
        command: 'kubectl get hpa -n festivals-production',
        data: {
          hpas: [
            {
              name: 'festivals-api',
              target: 'Deployment/festivals-api',
              currentReplicas: 10,
              desiredReplicas: 10,
              minReplicas: 3,
              maxReplicas: 10,
              atMax: true,
              metrics: ['cpu: 85%/70%'],
            },
          ],
        },
      },
      {
        kind: 'oomLogs',
        status: 'ok',
        readAt,
        source: 'loki',
        sourceName: 'local',
        command:
          'kubectl logs deployment/festivals-api -n festivals-production --tail=100 | grep -i "memory\\|oom"',
        data: {
          lines: [
            {
              time: '2026-11-27T17:08:11Z',
              pod: 'festivals-api-7d9c8b6f5-abcde',
              line: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
            },
          ],
          truncated: false,
        },
      },
      {
        kind: 'workerLogs',
        status: 'ok',
        readAt,
        source: 'kubernetes',
        sourceName: 'local',
        command:
          'kubectl logs deployment/festivals-api -n festivals-production --tail=100',
        data: {
          lines: [{ line: 'worker: processed job 81231 in 120ms' }],
          truncated: true,
        },
        warnings: ['Pod logs capped at 65536 bytes per pod'],
      },
      {
        kind: 'dbConnections',
        status: 'ok',
        readAt,
        source: 'prometheus',
        sourceName: 'local',
        data: {
          query:
            'db_connections_active{namespace="festivals-production",job="festivals-api"} / db_connections_total{namespace="festivals-production",job="festivals-api"}',
          threshold: 0.8,
          series: [
            {
              labels: { pod: 'festivals-api-7d9c8b6f5-abcde' },
              active: 18,
              total: 20,
              ratio: 0.9,
            },
          ],
        },
      },
      {
        kind: 'targets',
        status: 'ok',
        readAt,
        source: 'prometheus',
        sourceName: 'local',
        data: {
          job: 'festivals-api',
          targets: [
            {
              instance: '10.0.0.12:8080',
              health: 'down',
              lastError: 'connection refused',
              scrapeUrl: 'http://10.0.0.12:8080/metrics',
            },
          ],
        },
      },
    ],
  };
}
