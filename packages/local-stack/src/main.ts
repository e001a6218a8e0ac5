// `node packages/local-stack/src/main.ts`: the local monitoring stack on the ports app-config.yaml expects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack } from './stack.ts';
import { festivalsRulesFile } from './processes.ts';
import { shortenedFestivalsRulesFile } from './fastRules.ts';
import { startIncidentControl } from './incident/control.ts';

const env = (name: string, fallback: number) =>
  Number(process.env[name] ?? fallback);

async function main() {
  try {
    // `./scripts/run --fast-alerts`: 30s `for`, 1m windows, so a replayed incident fires in minutes.
    const fast = ['1', 'true'].includes(process.env.FAST_ALERTS ?? '');
    const rulesFile = fast
      ? shortenedFestivalsRulesFile({
          dir: fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-rules-')),
        })
      : festivalsRulesFile();
    const stack = await startStack({
      ruleFiles: [rulesFile],
      prometheusPort: env('PROMETHEUS_PORT', 9090),
      alertmanagerPort: env('ALERTMANAGER_PORT', 9093),
      sinkPort: env('WEBHOOK_SINK_PORT', 9095),
      clusterPort: env('CLUSTER_METRICS_PORT', 9096),
      lokiPort: env('LOKI_PORT', 3100),
      kubernetesPort: env('KUBERNETES_API_PORT', 9097),
      repositoryPort: env('LOCAL_REPOS_PORT', 9099),
      workloadPorts: [
        env('FESTIVALS_API_PORT', 9101),
        env('FESTIVALS_WORKER_PORT', 9102),
      ],
      dataDir: process.env.STACK_DATA_DIR,
      log: message => console.log(message),
    });
    console.log(`Prometheus    ${stack.prometheus.url}`);
    console.log(`Alertmanager  ${stack.alertmanager?.url}`);
    console.log(`Webhook sink  ${stack.sink?.url}/notifications`);
    console.log(
      `Loki API      ${stack.loki?.url}  (Loki-API stand-in, not Loki)`,
    );
    console.log(
      `Cluster       ${stack.cluster.url}  (kube-state-metrics and cAdvisor stand-in)`,
    );
    console.log(
      `Kubernetes API ${stack.kubernetes?.url}  (Kubernetes API stand-in, not a cluster)`,
    );
    console.log(
      `Repositories  ${stack.repositories.url}/repos  (where the scaffolder publishes new services)`,
    );
    for (const w of stack.workloads)
      console.log(
        `${w.service.padEnd(18)}${w.url}/metrics  (logs: ${w.logFile})`,
      );
    console.log(`Data and logs under ${stack.dataDir}`);
    const control = await startIncidentControl({
      port: env('INCIDENT_CONTROL_PORT', 9098),
      stack,
      rulesFile,
      fast,
    }).catch(async e => {
      await stack.stop();
      throw new Error(
        `incident control on 127.0.0.1:${env('INCIDENT_CONTROL_PORT', 9098)}: ${
          (e as Error).message
        } (set INCIDENT_CONTROL_PORT to another port)`,
      );
    });
    console.log(
      `Incidents     ${
        control.url
      }/incident  (./scripts/incident list; alert rules: ${
        fast ? 'shortened, --fast-alerts' : "the guide's"
      })`,
    );
    const stop = () =>
      control
        .close()
        .then(() => stack.stop())
        .then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } catch (e) {
    console.error(
      `Local monitoring stack failed to start: ${(e as Error).message}`,
    );
    process.exit(1);
  }
}

void main();
