import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { CustomResourceChange } from './kubernetes/customResources.ts';
import type { KubeObject } from './kubernetes/objects.ts';
import { prometheusConfig, type PrometheusOptions } from './processes.ts';

/**
 * The prometheus-operator's part in the local stack (there is no operator without a cluster):
 * ServiceMonitors and PrometheusRules applied to the Kubernetes API stand-in become scrape
 * configs and rule files of the stack's real Prometheus, followed by a `/-/reload`. A
 * ServiceMonitor selecting a service the stack does not run yet starts a workload for it (the
 * synthetic festivals API under the new name: the "generated service" of the local stack).
 */

/** The label the generated ServiceMonitors select on (the scaffolder module's SELECTOR_LABEL). */
const APP_LABEL = 'app.kubernetes.io/name';

export interface OperatorWorkload {
  url: string;
  stop(): Promise<void>;
}

export interface OperatorOptions {
  prometheusUrl: string;
  /** The running Prometheus' config file, rewritten before each reload. */
  configFile: string;
  /** What the stack started Prometheus with; the operator's scrape configs and rules are added. */
  base: PrometheusOptions;
  /** Where the rule files go (one per PrometheusRule). */
  rulesDir: string;
  /** Services already running and scraped (the stack's own workloads). */
  runningServices: string[];
  /** Starts a process serving the service's metrics (and pushing its logs). */
  startWorkload(service: string, namespace: string): Promise<OperatorWorkload>;
  log?(message: string): void;
}

interface Monitor {
  service: string;
  namespace: string;
  endpoints: Array<{
    path?: string;
    interval?: string;
    scrapeTimeout?: string;
    port?: string;
  }>;
}

const keyOf = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function monitorOf(o: KubeObject): Monitor {
  const spec = (o.spec ?? {}) as {
    selector?: { matchLabels?: Record<string, string> };
    namespaceSelector?: { matchNames?: string[] };
    endpoints?: Monitor['endpoints'];
  };
  return {
    service: spec.selector?.matchLabels?.[APP_LABEL] ?? o.metadata.name,
    namespace:
      spec.namespaceSelector?.matchNames?.[0] ?? o.metadata.namespace ?? '',
    endpoints: spec.endpoints ?? [],
  };
}

export class PrometheusOperatorStandIn {
  private readonly monitors = new Map<string, Monitor>();
  private readonly workloads = new Map<string, Promise<OperatorWorkload>>();
  private queue: Promise<void> = Promise.resolve();
  private lastError: string | undefined;

  private constructor(private readonly options: OperatorOptions) {
    fs.mkdirSync(options.rulesDir, { recursive: true });
  }

  static create(options: OperatorOptions): PrometheusOperatorStandIn {
    return new PrometheusOperatorStandIn(options);
  }

  /** The rule files Prometheus loads (add to its `rule_files` at start). */
  static rulesGlob(rulesDir: string): string {
    return path.join(rulesDir, '*.yaml');
  }

  /** Takes one change of the Kubernetes API stand-in; the work runs in order, in the background. */
  handle(change: CustomResourceChange): void {
    this.queue = this.queue
      .then(() => this.reconcile(change))
      .catch(e => {
        this.lastError = (e as Error).message;
        this.options.log?.(`prometheus-operator stand-in: ${this.lastError}`);
      });
  }

  /** Resolves when every change so far is reconciled; rejects with the last failure, if any. */
  async whenIdle(): Promise<void> {
    await this.queue;
    if (this.lastError) {
      const error = this.lastError;
      this.lastError = undefined;
      throw new Error(error);
    }
  }

  async stop(): Promise<void> {
    await this.queue.catch(() => {});
    for (const w of this.workloads.values())
      await w.then(x => x.stop()).catch(() => {});
  }

  private ruleFile(o: KubeObject): string {
    return path.join(
      this.options.rulesDir,
      `${o.metadata.namespace}__${o.metadata.name}.yaml`,
    );
  }

  private async reconcile(change: CustomResourceChange): Promise<void> {
    const { object, event } = change;
    if (change.type.kind === 'PrometheusRule') {
      const file = this.ruleFile(object);
      if (event === 'deleted') fs.rmSync(file, { force: true });
      else
        fs.writeFileSync(
          file,
          stringify({ groups: (object.spec as { groups?: unknown }).groups }),
        );
    } else if (change.type.kind === 'ServiceMonitor') {
      if (event === 'deleted') this.monitors.delete(keyOf(object));
      else {
        const monitor = monitorOf(object);
        this.monitors.set(keyOf(object), monitor);
        await this.ensureWorkload(monitor);
      }
    } else return;
    await this.reload();
  }

  private ensureWorkload(m: Monitor): Promise<OperatorWorkload> | undefined {
    if (this.options.runningServices.includes(m.service)) return undefined;
    const key = `${m.namespace}/${m.service}`;
    if (!this.workloads.has(key)) {
      this.options.log?.(
        `prometheus-operator stand-in: starting a workload for ${key}`,
      );
      const started = this.options.startWorkload(m.service, m.namespace);
      started.catch(() => this.workloads.delete(key));
      this.workloads.set(key, started);
    }
    return this.workloads.get(key);
  }

  /** Scrape configs as the operator generates them: one job per endpoint, `job` = the service. */
  private async scrapeTargets(): Promise<PrometheusOptions['targets']> {
    const out: PrometheusOptions['targets'] = [];
    for (const [key, m] of this.monitors) {
      const workload = this.workloads.get(`${m.namespace}/${m.service}`);
      if (!workload) continue;
      const { url } = await workload;
      m.endpoints.forEach((e, i) =>
        out.push({
          job: `serviceMonitor/${key}/${i}`,
          url: `${url}${e.path ?? '/metrics'}`,
          labels: {
            job: m.service,
            namespace: m.namespace,
            service: m.service,
            ...(e.port ? { endpoint: e.port } : {}),
          },
          ...(e.interval ? { scrapeInterval: e.interval } : {}),
          ...(e.scrapeTimeout ? { scrapeTimeout: e.scrapeTimeout } : {}),
        }),
      );
    }
    return out;
  }

  private async reload(): Promise<void> {
    const { base } = this.options;
    const config = prometheusConfig({
      ...base,
      targets: [...base.targets, ...(await this.scrapeTargets())],
      ruleFiles: [
        ...(base.ruleFiles ?? []),
        PrometheusOperatorStandIn.rulesGlob(this.options.rulesDir),
      ],
    });
    fs.writeFileSync(this.options.configFile, config);
    const res = await fetch(`${this.options.prometheusUrl}/-/reload`, {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok)
      throw new Error(
        `Prometheus refused the reload (HTTP ${res.status}): ${(
          await res.text()
        ).trim()}`,
      );
    this.options.log?.(
      `prometheus-operator stand-in: Prometheus reloaded (${this.monitors.size} ServiceMonitors)`,
    );
  }
}
