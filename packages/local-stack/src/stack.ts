import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForHttp } from './net.ts';
import { repoRoot } from './paths.ts';
import {
  festivalsRulesFile,
  startAlertmanager,
  startPrometheus,
  stopProcess,
  type AlertmanagerConfigVariant,
  type RunningServer,
} from './processes.ts';
import { startWebhookSink, type RunningSink } from './sink.ts';
import { startLokiStandIn, type RunningLokiStandIn } from './loki/server.ts';
import { simulatedPods } from './clusterMetrics.ts';
import {
  startClusterExporter,
  type RunningClusterExporter,
} from './clusterExporter.ts';
import {
  startKubernetesStandIn,
  type RunningKubernetesStandIn,
} from './kubernetes/server.ts';
import { PrometheusOperatorStandIn } from './operator.ts';
import {
  startRepositoryHost,
  type RunningRepositoryHost,
} from './repositories.ts';

/** The namespace every synthetic festivals process runs in (the seed's). */
export const FESTIVALS_NAMESPACE = 'festivals-production';

export interface WorkloadSpec {
  service: string;
  role: 'api' | 'worker';
  errorRatio?: number;
  latencyFactor?: number;
  requestsPerSecond?: number;
  /** Share of ticket payments failing (default 0.03); unpaid tickets are not sold. */
  paymentFailureRatio?: number;
  /** The worker completes no jobs. */
  queuesStalled?: boolean;
  /** Jobs waiting in each worker queue at start. */
  queueBacklog?: number;
  /** Knobs of the cluster stand-in's pods for this service (see ClusterWorkload); below every threshold by default. */
  cpuRatio?: number;
  memoryRatio?: number;
  restartsPerMinute?: number;
  replicas?: number;
}

export const DEFAULT_WORKLOADS: WorkloadSpec[] = [
  { service: 'festivals-api', role: 'api' },
  { service: 'festivals-worker', role: 'worker' },
];

export interface StackOptions {
  /** 0 or absent = a free port. */
  prometheusPort?: number;
  alertmanagerPort?: number;
  sinkPort?: number;
  clusterPort?: number;
  lokiPort?: number;
  /** The Loki-API stand-in the workloads push their logs to (default true). */
  withLoki?: boolean;
  kubernetesPort?: number;
  /** The Kubernetes API stand-in describing the cluster stand-in's pods (default true). */
  withKubernetes?: boolean;
  workloadPorts?: number[];
  workloads?: WorkloadSpec[];
  scrapeInterval?: string;
  evaluationInterval?: string;
  ruleFiles?: string[];
  /** Root for data dirs and logs; a new temp dir when absent. */
  dataDir?: string;
  withAlertmanager?: boolean;
  /** `seed` (default): the guide's configuration; `corrected`: with a working inhibit rule. */
  alertmanagerConfig?: AlertmanagerConfigVariant;
  /** The local repository host new services are published to (default a free port). */
  repositoryPort?: number;
  /** What the stack does on its own while running (e.g. the operator stand-in's reloads). */
  log?(message: string): void;
}

export interface RunningStack {
  prometheus: RunningServer;
  alertmanager?: RunningServer;
  sink?: RunningSink;
  /** Loki-API stand-in (not Loki) holding the workloads' logs, as promtail would ship them. */
  loki?: RunningLokiStandIn;
  /** Stand-in for kube-state-metrics and the kubelet's cAdvisor (the workload's pods). */
  cluster: RunningClusterExporter;
  /** Kubernetes API stand-in (not a cluster): the same pods as Deployments, Pods, Events, HPAs, logs. */
  kubernetes?: RunningKubernetesStandIn;
  /** Plays the prometheus-operator for ServiceMonitors/PrometheusRules applied to `kubernetes`. */
  operator?: PrometheusOperatorStandIn;
  /** Where the scaffolder publishes new services locally (and the catalog reads them). */
  repositories: RunningRepositoryHost;
  /** `stop()` ends one workload process (its target goes down) before the stack stops. */
  workloads: Array<
    WorkloadSpec & { url: string; logFile: string; stop(): Promise<void> }
  >;
  dataDir: string;
  stop(): Promise<void>;
}

function workloadScript(): string {
  return path.join(
    repoRoot(),
    'packages',
    'local-stack',
    'src',
    'workloadMain.ts',
  );
}

/**
 * Starts the whole local stack: synthetic workload processes, a stand-in for kube-state-metrics
 * and cAdvisor serving their pods' series, a real Alertmanager delivering to a local webhook sink,
 * and a real Prometheus scraping all of it with the seed's rules loaded.
 * Everything binds 127.0.0.1; `stop()` ends all of it.
 */
export async function startStack(
  options: StackOptions = {},
): Promise<RunningStack> {
  const dataDir =
    options.dataDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-stack-'));
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const specs = options.workloads ?? DEFAULT_WORKLOADS;
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => {});
  };

  try {
    let loki: RunningLokiStandIn | undefined;
    if (options.withLoki ?? true) {
      loki = await startLokiStandIn({
        port: options.lokiPort || (await freePort()),
      });
      stoppers.push(() => loki!.close());
    }
    const workloads: RunningStack['workloads'] = [];
    const startOne = async (
      spec: WorkloadSpec,
      port: number,
      namespace = FESTIVALS_NAMESPACE,
    ) => {
      const logFile = path.join(dataDir, 'logs', `${spec.service}.log`);
      const args = [
        workloadScript(),
        '--service',
        spec.service,
        '--role',
        spec.role,
        '--port',
        String(port),
        '--log-file',
        logFile,
      ];
      if (spec.errorRatio !== undefined)
        args.push('--error-ratio', String(spec.errorRatio));
      if (spec.latencyFactor !== undefined)
        args.push('--latency-factor', String(spec.latencyFactor));
      if (spec.requestsPerSecond !== undefined)
        args.push('--rps', String(spec.requestsPerSecond));
      if (spec.paymentFailureRatio !== undefined)
        args.push('--payment-failure-ratio', String(spec.paymentFailureRatio));
      if (spec.queuesStalled) args.push('--queues-stalled');
      if (loki) {
        // Exactly the guide's promtail labels: its relabel_configs set namespace, app and pod
        // (no job), its pipeline adds level. Lines go out as the first of the service's pods.
        const [pod] = simulatedPods(namespace, spec);
        const labels = {
          namespace,
          app: spec.service,
          pod: pod.pod,
        };
        args.push(
          '--loki-url',
          loki.url,
          '--loki-labels',
          JSON.stringify(labels),
        );
      }
      if (spec.queueBacklog !== undefined)
        args.push('--queue-backlog', String(spec.queueBacklog));
      const child = spawn(process.execPath, args, {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      stoppers.push(() => stopProcess(child));
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/healthz`, 15_000);
      return { ...spec, url, logFile, stop: () => stopProcess(child) };
    };
    for (const [i, spec] of specs.entries()) {
      const port = options.workloadPorts?.[i] || (await freePort());
      workloads.push(await startOne(spec, port));
    }

    const cluster = await startClusterExporter({
      port: options.clusterPort || (await freePort()),
      namespace: FESTIVALS_NAMESPACE,
      workloads: specs.map(spec => ({
        service: spec.service,
        replicas: spec.replicas,
        cpuRatio: spec.cpuRatio,
        memoryRatio: spec.memoryRatio,
        restartsPerMinute: spec.restartsPerMinute,
      })),
    });
    stoppers.push(() => cluster.close());

    let kubernetes: RunningKubernetesStandIn | undefined;
    // Bound once Prometheus runs; nothing is applied before the stack is up.
    let operator: PrometheusOperatorStandIn | undefined;
    if (options.withKubernetes ?? true) {
      kubernetes = await startKubernetesStandIn({
        onCustomResourceChange: change => operator?.handle(change),
        port: options.kubernetesPort || (await freePort()),
        source: { namespace: FESTIVALS_NAMESPACE, samples: cluster.samples },
        logFiles: Object.fromEntries(
          workloads.map(w => [w.service, w.logFile]),
        ),
      });
      stoppers.push(() => kubernetes!.close());
    }

    let sink: RunningSink | undefined;
    let alertmanager: RunningServer | undefined;
    if (options.withAlertmanager ?? true) {
      sink = await startWebhookSink(options.sinkPort || (await freePort()));
      stoppers.push(() => sink!.close());
      alertmanager = await startAlertmanager({
        port: options.alertmanagerPort || (await freePort()),
        sinkUrl: sink.url,
        dataDir: path.join(dataDir, 'alertmanager'),
        config: options.alertmanagerConfig,
      });
      stoppers.push(() => alertmanager!.stop());
    }

    const prometheusOptions = {
      port: options.prometheusPort || (await freePort()),
      targets: [
        ...workloads.map(w => ({
          job: w.service,
          url: `${w.url}/metrics`,
          labels: { namespace: FESTIVALS_NAMESPACE, service: w.service },
        })),
        // Named as kube-prometheus-stack names them; honor_labels keeps the pods' own namespace.
        {
          job: 'kube-state-metrics',
          url: cluster.kubeStateMetricsUrl,
          labels: { service: 'kube-state-metrics' },
          honorLabels: true,
        },
        {
          job: 'kubelet',
          url: cluster.cadvisorUrl,
          labels: { service: 'kubelet' },
          honorLabels: true,
        },
      ],
      ruleFiles: options.ruleFiles ?? [festivalsRulesFile()],
      alertmanagerUrl: alertmanager?.url,
      scrapeInterval: options.scrapeInterval,
      evaluationInterval: options.evaluationInterval,
      dataDir: path.join(dataDir, 'prometheus'),
    };
    const prometheus = await startPrometheus(prometheusOptions);
    stoppers.push(() => prometheus.stop());
    const repositories = await startRepositoryHost({
      port: options.repositoryPort || (await freePort()),
      dir: path.join(dataDir, 'repos'),
    });
    stoppers.push(() => repositories.close());
    if (kubernetes) {
      const started = PrometheusOperatorStandIn.create({
        prometheusUrl: prometheus.url,
        configFile: path.join(prometheus.dataDir, 'prometheus.yml'),
        base: prometheusOptions,
        rulesDir: path.join(dataDir, 'operator-rules'),
        runningServices: specs.map(s => s.service),
        startWorkload: async (service, namespace) =>
          startOne({ service, role: 'api' }, await freePort(), namespace),
        log: options.log,
      });
      operator = started;
      stoppers.push(() => started.stop());
    }

    return {
      prometheus,
      alertmanager,
      sink,
      loki,
      cluster,
      kubernetes,
      operator,
      repositories,
      workloads,
      dataDir,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
