import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_PROMETHEUS_JOB,
  buildDiagnosticLogQuery,
  ContainerResources,
  DIAGNOSTIC_LOG_BYTES,
  DIAGNOSTIC_LOG_LINES,
  DIAGNOSTIC_STEPS,
  DiagnosticData,
  DiagnosticError,
  DiagnosticKind,
  DiagnosticLogLine,
  DiagnosticResult,
  DiagnosticsResponse,
  DiagnosticSource,
  entityLogMatchers,
  escapeLabelValue,
  isOomLine,
  KubernetesTarget,
  LogsDiagnostic,
  PodResourcesDiagnostic,
  regexLiteral,
  renderRunbookCommand,
} from '@internal/plugin-monitoring-common';
import {
  KubernetesClient,
  KubernetesCluster,
  KubernetesRequestError,
  LokiClient,
  PrometheusClient,
  PrometheusInstance,
  UpstreamRequestError,
} from '@internal/plugin-monitoring-node';
import { V1Deployment, V1Pod } from '@kubernetes/client-node';
import {
  lokiInstanceFor,
  prometheusInstanceFor,
} from '../entity/entityInstance';
import { entityEvents } from '../diagnostics/events';
import { hpaDiagnostic } from '../diagnostics/hpas';
import { parseQuantity } from '../diagnostics/quantities';
import { containerSpecs, limitRatio, podDiagnostic } from '../diagnostics/pods';

/** Pods whose logs a log step reads from the Kubernetes API (`kubectl logs deployment/…` reads one). */
const MAX_LOG_PODS = 5;
/** How far back a log step looks in Loki (the guide's `--tail=100` has no time bound; Loki needs one). */
const LOG_LOOKBACK_SECONDS = 3600;
/** The guide's alert threshold for the pool. */
const DB_POOL_THRESHOLD = 0.8;

/** A step's failure, as the response carries it. */
class StepError extends Error {
  constructor(readonly error: DiagnosticError) {
    super(error.message);
  }
}

type StepOk<K extends DiagnosticKind> = {
  source: DiagnosticSource;
  sourceName?: string;
  data: DiagnosticData[K];
  warnings?: string[];
};

/** What one request reads once and every step shares. */
interface Reading {
  entity: Entity;
  entityRef: string;
  target: KubernetesTarget;
  cluster?: KubernetesCluster;
  pods(): Promise<V1Pod[]>;
  deployments(): Promise<V1Deployment[]>;
  deploymentNames(): Promise<string[]>;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

function stepError(e: unknown): DiagnosticError {
  if (e instanceof StepError) return e.error;
  if (e instanceof KubernetesRequestError) {
    return { reason: e.reason, message: e.message };
  }
  if (e instanceof UpstreamRequestError) {
    return { reason: 'Upstream', message: e.message };
  }
  return { reason: 'Upstream', message: (e as Error).message };
}

/**
 * The runbooks' live diagnostics: per step, what the guide's command would show, read from the
 * Kubernetes API (through the one {@link KubernetesClient}), Prometheus or Loki. Each step is
 * read on its own: a failing one becomes its own error and never hides the others. Read-only:
 * no Secrets, no env values (the client strips them), no exec. The caller checks permissions.
 */
export class RunbookDiagnostics {
  private constructor(
    private readonly deps: {
      kubernetes: KubernetesClient;
      prometheus: PrometheusClient;
      loki?: LokiClient;
      now: () => number;
    },
  ) {}

  static create(options: {
    kubernetes: KubernetesClient;
    prometheus: PrometheusClient;
    /** The Logs tab's Loki; pod logs from the Kubernetes API without it. */
    loki?: LokiClient;
    now?: () => number;
  }): RunbookDiagnostics {
    return new RunbookDiagnostics({ ...options, now: options.now ?? Date.now });
  }

  async read(options: {
    entity: Entity;
    entityRef: string;
    target: KubernetesTarget;
    kinds: DiagnosticKind[];
  }): Promise<DiagnosticsResponse> {
    const { entity, entityRef, target } = options;
    const { kubernetes } = this.deps;
    const cluster = kubernetes.getCluster();
    const requireCluster = () => {
      if (!cluster) {
        throw new StepError({
          reason: 'NoCluster',
          message: KubernetesClient.noClusterMessage(),
        });
      }
      return cluster;
    };
    const pods = once(() =>
      kubernetes.listPods(
        requireCluster(),
        target.namespace,
        target.labelSelector,
      ),
    );
    const deployments = once(() =>
      kubernetes.listDeployments(
        requireCluster(),
        target.namespace,
        target.labelSelector,
      ),
    );
    const reading: Reading = {
      entity,
      entityRef,
      target,
      cluster,
      pods,
      deployments,
      deploymentNames: once(async () =>
        (await deployments()).map(d => d.metadata?.name ?? ''),
      ),
    };
    // The Deployment the commands name: the cluster's when it answers, else the kubernetes-id.
    // Looked up alongside the steps, not before them: a hung cluster costs one timeout, not two.
    const deploymentLookup = (
      cluster
        ? reading
            .deploymentNames()
            .then(names => names[0])
            .catch(() => undefined)
        : Promise.resolve(undefined)
    ).then(live => live ?? target.deployment);
    const results = await Promise.all(
      options.kinds.map(kind => this.step(kind, reading, deploymentLookup)),
    );
    const deployment = await deploymentLookup;
    return {
      entityRef,
      namespace: target.namespace,
      labelSelector: target.labelSelector,
      ...(deployment && { deployment }),
      ...(cluster && { cluster: cluster.name }),
      results,
    };
  }

  private async step(
    kind: DiagnosticKind,
    reading: Reading,
    deploymentLookup: Promise<string | undefined>,
  ): Promise<DiagnosticResult> {
    const outcome = this.readStep(kind, reading).then(
      ok => ({ ok, readAt: this.deps.now() }),
      error => ({ error, readAt: this.deps.now() }),
    );
    const deployment = await deploymentLookup;
    let command: string | undefined;
    try {
      command = renderRunbookCommand(DIAGNOSTIC_STEPS[kind].command, {
        namespace: reading.target.namespace,
        deployment,
        job: reading.entity.metadata.annotations?.[ANNOTATION_PROMETHEUS_JOB],
      });
    } catch {
      command = undefined; // the entity lacks a value the command needs
    }
    const done = await outcome;
    const readAt = new Date(done.readAt).toISOString();
    if ('ok' in done) {
      return {
        kind,
        status: 'ok',
        readAt,
        ...(command && { command }),
        ...done.ok,
      } as DiagnosticResult;
    }
    return {
      kind,
      status: 'error',
      readAt,
      ...(command && { command }),
      error: stepError(done.error),
    };
  }

  private readStep(
    kind: DiagnosticKind,
    reading: Reading,
  ): Promise<StepOk<DiagnosticKind>> {
    switch (kind) {
      case 'pods':
        return this.pods(reading);
      case 'podResources':
        return this.podResources(reading);
      case 'events':
        return this.events(reading);
      case 'hpa':
        return this.hpa(reading);
      case 'oomLogs':
      case 'workerLogs':
        return this.logs(kind, reading);
      case 'dbConnections':
        return this.dbConnections(reading);
      case 'targets':
        return this.targets(reading);
      default:
        throw new StepError({
          reason: 'NotConfigured',
          message: `Unknown step ${kind as string}`,
        });
    }
  }

  private async pods(reading: Reading): Promise<StepOk<'pods'>> {
    const pods = await reading.pods();
    return {
      source: 'kubernetes',
      sourceName: reading.cluster?.name,
      data: { pods: pods.map(podDiagnostic) },
    };
  }

  private async podResources(
    reading: Reading,
  ): Promise<StepOk<'podResources'>> {
    const pods = await reading.pods();
    const cluster = reading.cluster!;
    const warnings: string[] = [];
    let usage: Map<string, { cpuCores?: number; memoryBytes?: number }>;
    let source: DiagnosticSource;
    let sourceName: string | undefined;
    let fallback = cluster.skipMetricsLookup;
    if (fallback) {
      warnings.push(
        `Cluster '${cluster.name}' has skipMetricsLookup set: CPU/memory read from the container metrics in Prometheus`,
      );
    } else {
      try {
        const metrics = await this.deps.kubernetes.listPodMetrics(
          cluster,
          reading.target.namespace,
          reading.target.labelSelector,
        );
        usage = new Map();
        for (const m of metrics)
          for (const c of m.containers)
            usage.set(`${m.metadata.name}/${c.name}`, {
              cpuCores: parseQuantity(c.usage.cpu),
              memoryBytes: parseQuantity(c.usage.memory),
            });
        source = 'metrics.k8s.io';
        sourceName = cluster.name;
      } catch (e) {
        if (!(e instanceof KubernetesRequestError) || e.reason !== 'NotFound')
          throw e;
        fallback = true;
        warnings.push(
          `The metrics API (metrics.k8s.io) is not served by cluster '${cluster.name}' (no metrics-server?): CPU/memory read from the container metrics in Prometheus instead`,
        );
      }
    }
    if (fallback) {
      const instance = this.prometheusOf(reading);
      usage = await this.containerUsageFromPrometheus(
        instance,
        reading.target.namespace,
        pods.map(p => p.metadata?.name ?? ''),
      );
      source = 'prometheus';
      sourceName = instance.name;
    }
    const data: PodResourcesDiagnostic[] = pods.map(pod => {
      const name = pod.metadata?.name ?? '';
      const containers: ContainerResources[] = containerSpecs(pod).map(c => ({
        ...c,
        ...usage.get(`${name}/${c.container}`),
      }));
      return {
        pod: name,
        containers,
        cpuLimitRatio: limitRatio(containers, 'cpuCores', 'cpuLimitCores'),
        memoryLimitRatio: limitRatio(
          containers,
          'memoryBytes',
          'memoryLimitBytes',
        ),
      };
    });
    return {
      source: source!,
      sourceName,
      data: { pods: data },
      ...(warnings.length && { warnings }),
    };
  }

  /** cAdvisor's series, as the guide's HighCPU/HighMemory alerts read them (`[5m]` rate). */
  private async containerUsageFromPrometheus(
    instance: PrometheusInstance,
    namespace: string,
    pods: string[],
  ) {
    const usage = new Map<
      string,
      { cpuCores?: number; memoryBytes?: number }
    >();
    if (!pods.length) return usage;
    const matchers = `namespace="${escapeLabelValue(
      namespace,
    )}",pod=~"${escapeLabelValue(
      pods.map(regexLiteral).join('|'),
    )}",container!="",container!="POD"`;
    const time = this.deps.now() / 1000;
    const [cpu, memory] = await Promise.all([
      this.deps.prometheus.query(instance, {
        query: `sum by (pod, container) (rate(container_cpu_usage_seconds_total{${matchers}}[5m]))`,
        time,
      }),
      this.deps.prometheus.query(instance, {
        query: `sum by (pod, container) (container_memory_working_set_bytes{${matchers}})`,
        time,
      }),
    ]);
    const each = (
      data: typeof cpu.data,
      set: (key: string, value: number) => void,
    ) => {
      if (data.resultType !== 'vector') return;
      for (const s of data.result)
        set(`${s.metric.pod}/${s.metric.container}`, Number(s.value[1]));
    };
    each(cpu.data, (k, v) => usage.set(k, { ...usage.get(k), cpuCores: v }));
    each(memory.data, (k, v) =>
      usage.set(k, { ...usage.get(k), memoryBytes: v }),
    );
    return usage;
  }

  private async events(reading: Reading): Promise<StepOk<'events'>> {
    const cluster = reading.cluster;
    const [pods, deployments] = await Promise.all([
      reading.pods(),
      reading.deploymentNames(),
    ]);
    const events = await this.deps.kubernetes.listEvents(
      cluster!,
      reading.target.namespace,
    );
    const objects = new Set<string>();
    for (const pod of pods) {
      objects.add(`Pod/${pod.metadata?.name}`);
      for (const owner of pod.metadata?.ownerReferences ?? [])
        objects.add(`${owner.kind}/${owner.name}`);
    }
    for (const name of deployments) {
      objects.add(`Deployment/${name}`);
      objects.add(`HorizontalPodAutoscaler/${name}`);
    }
    return {
      source: 'kubernetes',
      sourceName: cluster?.name,
      data: { events: entityEvents(events, objects) },
    };
  }

  private async hpa(reading: Reading): Promise<StepOk<'hpa'>> {
    const deployments = new Set(await reading.deploymentNames());
    const hpas = await this.deps.kubernetes.listHorizontalPodAutoscalers(
      reading.cluster!,
      reading.target.namespace,
    );
    // HPAs need not carry the workload's labels: they are the entity's by what they scale.
    const own = hpas.filter(
      h =>
        h.spec?.scaleTargetRef.kind === 'Deployment' &&
        deployments.has(h.spec.scaleTargetRef.name),
    );
    return {
      source: 'kubernetes',
      sourceName: reading.cluster?.name,
      data: { hpas: own.map(hpaDiagnostic) },
    };
  }

  private async logs(
    kind: 'oomLogs' | 'workerLogs',
    reading: Reading,
  ): Promise<StepOk<'oomLogs'>> {
    const selector = entityLogMatchers(reading.entity);
    const { loki } = this.deps;
    if (loki && selector && loki.instanceNames().length) {
      return this.logsFromLoki(loki, kind, reading, selector);
    }
    return this.logsFromPods(kind, reading);
  }

  private async logsFromLoki(
    loki: LokiClient,
    kind: 'oomLogs' | 'workerLogs',
    reading: Reading,
    selector: NonNullable<ReturnType<typeof entityLogMatchers>>,
  ): Promise<StepOk<'oomLogs'>> {
    const instance = lokiInstanceFor(loki, reading.entity, reading.entityRef);
    const query = buildDiagnosticLogQuery(selector, kind);
    const endNs = BigInt(this.deps.now()) * 1_000_000n;
    const data = await loki.queryRange(instance, {
      query,
      start: (endNs - BigInt(LOG_LOOKBACK_SECONDS) * 1_000_000_000n).toString(),
      end: endNs.toString(),
      limit: DIAGNOSTIC_LOG_LINES,
      direction: 'backward',
    });
    const lines: DiagnosticLogLine[] = [];
    if (data.resultType === 'streams') {
      for (const stream of data.result)
        for (const [ns, line] of stream.values)
          lines.push({
            time: new Date(Number(BigInt(ns) / 1_000_000n)).toISOString(),
            ...(stream.stream.pod && { pod: stream.stream.pod }),
            line,
          });
    }
    lines.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
    const capped = capLines(lines);
    return {
      source: 'loki',
      sourceName: instance.name,
      data: { lines: capped.lines, query, truncated: capped.truncated },
      ...(capped.truncated && {
        warnings: [
          `Logs capped at ${
            DIAGNOSTIC_LOG_BYTES / 1024
          } KiB: older lines are not shown (open the Logs tab for more)`,
        ],
      }),
    };
  }

  private async logsFromPods(
    kind: 'oomLogs' | 'workerLogs',
    reading: Reading,
  ): Promise<StepOk<'oomLogs'>> {
    const pods = (await reading.pods()).slice(0, MAX_LOG_PODS);
    const warnings: string[] = [];
    const lines: DiagnosticLogLine[] = [];
    let truncated = false;
    for (const pod of pods) {
      const name = pod.metadata?.name ?? '';
      const reads: Array<{ container?: string; previous: boolean }> = [
        { container: pod.spec?.containers[0]?.name, previous: false },
      ];
      // An OOM kill's lines were written by the instance that was killed: the running one starts
      // clean, so `kubectl logs --previous` is where they are.
      if (kind === 'oomLogs')
        for (const c of oomKilledContainers(pod))
          reads.push({ container: c, previous: true });
      for (const read of reads) {
        let text: string;
        try {
          text = await this.deps.kubernetes.readPodLog(
            reading.cluster!,
            reading.target.namespace,
            name,
            {
              tailLines: DIAGNOSTIC_LOG_LINES,
              limitBytes: DIAGNOSTIC_LOG_BYTES,
              container: read.container,
              previous: read.previous,
            },
          );
        } catch (e) {
          // The kubelet keeps one previous instance, and not always: say so, keep the rest.
          if (
            read.previous &&
            e instanceof KubernetesRequestError &&
            e.status === 400
          ) {
            warnings.push(
              `No log of the OOMKilled instance of ${name}/${read.container} (previous=true): ${e.message}`,
            );
            continue;
          }
          throw e;
        }
        if (Buffer.byteLength(text) >= DIAGNOSTIC_LOG_BYTES) {
          truncated = true;
          warnings.push(
            `The log of pod ${name}${
              read.previous ? ' (previous instance)' : ''
            } is larger than ${
              DIAGNOSTIC_LOG_BYTES / 1024
            } KiB: capped at that size (limitBytes), its last lines may be missing`,
          );
        }
        for (const raw of text.split('\n')) {
          if (!raw) continue;
          // `timestamps=true`: "<RFC 3339 time> <line>".
          const m = /^(\d{4}-\d\d-\d\dT\S+) (.*)$/.exec(raw);
          const line = m ? m[2] : raw;
          if (kind === 'oomLogs' && !isOomLine(line)) continue;
          const time = m ? new Date(m[1]) : undefined;
          lines.push({
            ...(time && !isNaN(time.getTime()) && { time: time.toISOString() }),
            pod: name,
            ...(read.previous && { previous: true }),
            line,
          });
        }
      }
    }
    // Newest first across pods, as from Loki.
    lines.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
    const capped = capLines(lines);
    if (capped.truncated && !truncated)
      warnings.push(
        `Showing the newest ${capped.lines.length} lines of ${pods.length} pod(s)`,
      );
    return {
      source: 'kubernetes',
      sourceName: reading.cluster?.name,
      data: {
        lines: capped.lines,
        truncated: truncated || capped.truncated,
      } satisfies LogsDiagnostic,
      ...(warnings.length && { warnings }),
    };
  }

  private prometheusOf(reading: Reading): PrometheusInstance {
    try {
      return prometheusInstanceFor(
        this.deps.prometheus,
        reading.entity,
        reading.entityRef,
      );
    } catch (e) {
      throw new StepError({
        reason: 'NotConfigured',
        message: (e as Error).message,
      });
    }
  }

  private jobOf(reading: Reading): string {
    const job =
      reading.entity.metadata.annotations?.[ANNOTATION_PROMETHEUS_JOB];
    if (!job) {
      throw new StepError({
        reason: 'NotConfigured',
        message: `Entity ${reading.entityRef} has no ${ANNOTATION_PROMETHEUS_JOB} annotation, so its metrics cannot be found`,
      });
    }
    return job;
  }

  private async dbConnections(
    reading: Reading,
  ): Promise<StepOk<'dbConnections'>> {
    const instance = this.prometheusOf(reading);
    const job = this.jobOf(reading);
    const query = renderRunbookCommand(DIAGNOSTIC_STEPS.dbConnections.command, {
      namespace: reading.target.namespace,
      job,
    });
    const scope = `namespace="${escapeLabelValue(
      reading.target.namespace,
    )}",job="${escapeLabelValue(job)}"`;
    const time = this.deps.now() / 1000;
    const [active, total] = await Promise.all(
      ['db_connections_active', 'db_connections_total'].map(metric =>
        this.deps.prometheus.query(instance, {
          query: `${metric}{${scope}}`,
          time,
        }),
      ),
    );
    const key = (m: Record<string, string>) =>
      JSON.stringify(
        Object.entries(m)
          .filter(([k]) => k !== '__name__')
          .sort(),
      );
    const totals = new Map<string, number>();
    if (total.data.resultType === 'vector')
      for (const s of total.data.result)
        totals.set(key(s.metric), Number(s.value[1]));
    const series =
      active.data.resultType === 'vector'
        ? active.data.result.map(s => {
            const { __name__: _name, ...labels } = s.metric;
            const a = Number(s.value[1]);
            const t = totals.get(key(s.metric)) ?? NaN;
            return {
              labels,
              active: a,
              total: t,
              ...(t > 0 && { ratio: a / t }),
            };
          })
        : [];
    return {
      source: 'prometheus',
      sourceName: instance.name,
      data: { query, threshold: DB_POOL_THRESHOLD, series },
    };
  }

  private async targets(reading: Reading): Promise<StepOk<'targets'>> {
    const instance = this.prometheusOf(reading);
    const job = this.jobOf(reading);
    const targets = await this.deps.prometheus.targets(instance);
    return {
      source: 'prometheus',
      sourceName: instance.name,
      data: {
        job,
        targets: targets
          .filter(t => t.labels.job === job)
          .map(t => ({
            instance: t.labels.instance ?? t.scrapeUrl,
            health: t.health,
            lastError: t.lastError,
            scrapeUrl: t.scrapeUrl,
          })),
      },
    };
  }
}

/** The containers of `pod` whose last instance was OOMKilled. */
function oomKilledContainers(pod: V1Pod): string[] {
  return (pod.status?.containerStatuses ?? [])
    .filter(c => c.lastState?.terminated?.reason === 'OOMKilled')
    .map(c => c.name);
}

/** At most the guide's 100 lines and 64 KiB in all, newest kept. */
function capLines(lines: DiagnosticLogLine[]): {
  lines: DiagnosticLogLine[];
  truncated: boolean;
} {
  const out: DiagnosticLogLine[] = [];
  let bytes = 0;
  for (const l of lines) {
    if (out.length >= DIAGNOSTIC_LOG_LINES)
      return { lines: out, truncated: true };
    bytes += Buffer.byteLength(l.line);
    if (bytes > DIAGNOSTIC_LOG_BYTES) return { lines: out, truncated: true };
    out.push(l);
  }
  return { lines: out, truncated: false };
}
