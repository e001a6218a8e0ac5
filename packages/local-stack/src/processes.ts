import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { requireBinaries } from './binaries.ts';
import { stackConfigDir } from './paths.ts';
import { waitForHttp } from './net.ts';

export interface RunningServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

function startProcess(
  command: string,
  args: string[],
  logFile: string,
): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
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

async function started(
  name: string,
  child: ChildProcess,
  readyUrl: string,
  logFile: string,
): Promise<void> {
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', code =>
      reject(
        new Error(
          `${name} exited with code ${code}; last output:\n${fs
            .readFileSync(logFile, 'utf8')
            .slice(-2000)}`,
        ),
      ),
    ),
  );
  await Promise.race([waitForHttp(readyUrl, 30_000), exited]);
}

export interface ScrapeTarget {
  job: string;
  url: string;
  labels: Record<string, string>;
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
        static_configs: [{ targets: [url.host], labels: t.labels }],
      };
    }),
  });
}

/** A real Prometheus on 127.0.0.1 with its own temporary data directory. */
export async function startPrometheus(
  options: PrometheusOptions,
): Promise<RunningServer> {
  requireBinaries(['prometheus']);
  const dataDir =
    options.dataDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-prometheus-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const configFile = path.join(dataDir, 'prometheus.yml');
  fs.writeFileSync(configFile, prometheusConfig(options));
  const logFile = path.join(dataDir, 'prometheus.log');
  const url = `http://127.0.0.1:${options.port}`;
  const child = startProcess(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dataDir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      '--web.enable-lifecycle',
      '--rules.alert.resend-delay=5s',
    ],
    logFile,
  );
  await started('prometheus', child, `${url}/-/ready`, logFile);
  return { url, dataDir, stop: () => stopProcess(child) };
}

export interface AlertmanagerOptions {
  port: number;
  /** Base URL of the webhook sink the seed's receivers deliver to. */
  sinkUrl: string;
  dataDir?: string;
}

/** The seed's Alertmanager configuration with receivers pointed at `sinkUrl`. */
export function alertmanagerConfig(sinkUrl: string): string {
  const template = fs.readFileSync(
    path.join(stackConfigDir(), 'alertmanager.yml'),
    'utf8',
  );
  return template.replace(/SINK_URL/g, sinkUrl.replace(/\/+$/, ''));
}

/** A real Alertmanager on 127.0.0.1, clustering off, with its own temporary data directory. */
export async function startAlertmanager(
  options: AlertmanagerOptions,
): Promise<RunningServer> {
  requireBinaries(['prometheus-alertmanager']);
  const dataDir =
    options.dataDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'festivals-alertmanager-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const configFile = path.join(dataDir, 'alertmanager.yml');
  fs.writeFileSync(configFile, alertmanagerConfig(options.sinkUrl));
  const logFile = path.join(dataDir, 'alertmanager.log');
  const url = `http://127.0.0.1:${options.port}`;
  const child = startProcess(
    'prometheus-alertmanager',
    [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      '--cluster.listen-address=',
    ],
    logFile,
  );
  await started('alertmanager', child, `${url}/-/ready`, logFile);
  return { url, dataDir, stop: () => stopProcess(child) };
}

export function festivalsRulesFile(): string {
  return path.join(stackConfigDir(), 'festivals-rules.yml');
}
