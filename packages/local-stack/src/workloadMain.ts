// Entry point of one simulated festivals process: node workloadMain.ts --service festivals-api --role api --port 9101
import { parseArgs } from 'node:util';
import { startWorkload } from './workload.ts';

const { values } = parseArgs({
  options: {
    service: { type: 'string' },
    role: { type: 'string' },
    port: { type: 'string' },
    'error-ratio': { type: 'string' },
    'latency-factor': { type: 'string' },
    rps: { type: 'string' },
    'payment-failure-ratio': { type: 'string' },
    'queues-stalled': { type: 'boolean' },
    'queue-backlog': { type: 'string' },
    'log-file': { type: 'string' },
    'loki-url': { type: 'string' },
    /** Stream labels for the Loki push, as JSON. */
    'loki-labels': { type: 'string' },
  },
});

if (
  !values.service ||
  !values.port ||
  (values.role !== 'api' && values.role !== 'worker')
) {
  console.error(
    'usage: workloadMain.ts --service NAME --role api|worker --port N [--error-ratio 0.02] [--latency-factor 1] [--rps 25] [--payment-failure-ratio 0.03] [--queues-stalled] [--queue-backlog N] [--log-file F] [--loki-url U --loki-labels JSON]',
  );
  process.exit(2);
}

async function main() {
  const workload = await startWorkload({
    service: values.service!,
    role: values.role as 'api' | 'worker',
    port: Number(values.port),
    errorRatio: values['error-ratio']
      ? Number(values['error-ratio'])
      : undefined,
    latencyFactor: values['latency-factor']
      ? Number(values['latency-factor'])
      : undefined,
    requestsPerSecond: values.rps ? Number(values.rps) : undefined,
    paymentFailureRatio: values['payment-failure-ratio']
      ? Number(values['payment-failure-ratio'])
      : undefined,
    queuesStalled: values['queues-stalled'] ?? false,
    queueBacklog: values['queue-backlog']
      ? Number(values['queue-backlog'])
      : undefined,
    logFile: values['log-file'],
    loki: values['loki-url']
      ? {
          url: values['loki-url'],
          labels: JSON.parse(values['loki-labels'] ?? '{}'),
        }
      : undefined,
  });
  console.log(
    `${values.service} (${values.role}) metrics on ${workload.url}/metrics`,
  );
  const stop = () => workload.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
