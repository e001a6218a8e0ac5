import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { requireBinaries } from './binaries.ts';
import { alertmanagerDir, rulesDir } from './paths.ts';
import { waitForHttp } from './net.ts';

export interface RunningServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Stops a child with SIGTERM, then SIGKILL after 5 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>(resolve => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Runs one of the stack's binaries on 127.0.0.1 in its own data directory (config file written
 * there, output logged there) and waits for its `/-/ready`; a crash at start reports its output.
 */
async function launchServer(options: {
  binary: 'prometheus' | 'prometheus-alertmanager';
  name: string;
  port: number;
  dataDir?: string;
  configFileName: string;
  configText: string;
  args: (paths: { configFile: string; dataDir: string }) => string[];
}): Promise<RunningServer> {
  requireBinaries([options.binary]);
  const dataDir =
    options.dataDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), `festivals-${options.name}-`));
  fs.mkdirSync(dataDir, { recursive: true });
  const configFile = path.join(dataDir, options.configFileName);
  fs.writeFileSync(configFile, options.configText);
  const logFile = path.join(dataDir, `${options.name}.log`);
  const url = `http://127.0.0.1:${options.port}`;
  const out = fs.openSync(logFile, 'a');
  const child = spawn(options.binary, options.args({ configFile, dataDir }), {
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', code =>
      reject(
        new Error(
          `${options.name} exited with code ${code}; last output:\n${fs
            .readFileSync(logFile, 'utf8')
            .slice(-2000)}`,
        ),
      ),
    ),
  );
  exited.catch(() => {});
  try {
    await Promise.race([waitForHttp(`${url}/-/ready`, 30_000), exited]);
  } catch (e) {
    await stopProcess(child);
    throw e;
  }
  return { url, dataDir, stop: () => stopProcess(child) };
}

export interface ScrapeTarget {
  job: string;
  url: string;
  labels: Record<string, string>;
  /** The series' own labels win over target labels (as for kube-state-metrics and cAdvisor). */
  honorLabels?: boolean;
  /** The job's own scrape interval and timeout (a ServiceMonitor endpoint's), else the global ones. */
  scrapeInterval?: string;
  scrapeTimeout?: string;
}

export interface PrometheusOptions {
  port: number;
  targets: ScrapeTarget[];
  ruleFiles?: string[];
  alertmanagerUrl?: string;
  scrapeInterval?: string;
  evaluationInterval?: string;
  dataDir?: string;
}

/** The Prometheus configuration for the stack's targets, rules and Alertmanager. */
export function prometheusConfig(options: PrometheusOptions): string {
  return stringify({
    global: {
      scrape_interval: options.scrapeInterval ?? '5s',
      evaluation_interval: options.evaluationInterval ?? '5s',
    },
    rule_files: options.ruleFiles ?? [],
    alerting: options.alertmanagerUrl
      ? {
          alertmanagers: [
            {
              static_configs: [
                { targets: [new URL(options.alertmanagerUrl).host] },
              ],
            },
          ],
        }
      : undefined,
    scrape_configs: options.targets.map(t => {
      const url = new URL(t.url);
      return {
        job_name: t.job,
        metrics_path: url.pathname === '/' ? '/metrics' : url.pathname,
        ...(t.honorLabels ? { honor_labels: true } : {}),
        ...(t.scrapeInterval ? { scrape_interval: t.scrapeInterval } : {}),
        ...(t.scrapeTimeout ? { scrape_timeout: t.scrapeTimeout } : {}),
        static_configs: [{ targets: [url.host], labels: t.labels }],
      };
    }),
  });
}

/** A real Prometheus on 127.0.0.1 with its own temporary data directory. */
export async function startPrometheus(
  options: PrometheusOptions,
): Promise<RunningServer> {
  return launchServer({
    binary: 'prometheus',
    name: 'prometheus',
    port: options.port,
    dataDir: options.dataDir,
    configFileName: 'prometheus.yml',
    configText: prometheusConfig(options),
    args: ({ configFile, dataDir }) => [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dataDir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      '--web.enable-lifecycle',
      // Alerts' generatorURL (the "open in Prometheus" link) uses it; else the machine's hostname.
      `--web.external-url=http://127.0.0.1:${options.port}`,
      // Without it a first alert can take a minute to reach Alertmanager.
      '--rules.alert.resend-delay=5s',
    ],
  });
}

/**
 * Which Alertmanager configuration: `seed` is the guide's (its inhibit rule never matches),
 * `corrected` the same with an inhibit rule that mutes a service's warnings while a critical
 * alert fires for it.
 */
export type AlertmanagerConfigVariant = 'seed' | 'corrected';

export interface AlertmanagerOptions {
  port: number;
  /** Base URL of the webhook sink the seed's receivers deliver to. */
  sinkUrl: string;
  dataDir?: string;
  /** Default `seed`. */
  config?: AlertmanagerConfigVariant;
}

/** The shipped Alertmanager configuration file (deploy/alertmanager) of that variant. */
export function alertmanagerConfigFile(
  variant: AlertmanagerConfigVariant = 'seed',
): string {
  return path.join(
    alertmanagerDir(),
    variant === 'seed' ? 'alertmanager.yml' : 'alertmanager.corrected.yml',
  );
}

/**
 * The shipped Alertmanager configuration (or its corrected variant) as the stack runs it: routes,
 * inhibit rules and receiver names unchanged, each receiver's Slack/PagerDuty delivery replaced by
 * a webhook to `sinkUrl/<receiver name>`, so nothing leaves the machine and no secret is needed.
 */
export function alertmanagerConfig(
  sinkUrl: string,
  variant: AlertmanagerConfigVariant = 'seed',
): string {
  const config = parse(
    fs.readFileSync(alertmanagerConfigFile(variant), 'utf8'),
  );
  const base = sinkUrl.replace(/\/+$/, '');
  const global = Object.fromEntries(
    Object.entries(config.global ?? {}).filter(
      ([key]) => !/^(slack_api_url|pagerduty_url)/.test(key),
    ),
  );
  const receivers = (config.receivers as Array<{ name: string }>).map(r => ({
    name: r.name,
    webhook_configs: [
      {
        url: `${base}/${encodeURIComponent(r.name)}`,
        send_resolved: true,
      },
    ],
  }));
  return stringify({ ...config, global, receivers });
}

/** A real Alertmanager on 127.0.0.1, clustering off, with its own temporary data directory. */
export async function startAlertmanager(
  options: AlertmanagerOptions,
): Promise<RunningServer> {
  return launchServer({
    binary: 'prometheus-alertmanager',
    name: 'alertmanager',
    port: options.port,
    dataDir: options.dataDir,
    configFileName: 'alertmanager.yml',
    configText: alertmanagerConfig(options.sinkUrl, options.config),
    args: ({ configFile, dataDir }) => [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      '--cluster.listen-address=',
    ],
  });
}

export function festivalsRulesFile(): string {
  return path.join(rulesDir(), 'festivals-rules.yml');
}
